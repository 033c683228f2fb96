package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** {@code certificate} was before its notBefore at {@code at}. */
public record NotYetValid(X509Certificate certificate, Instant at) implements VerifyFailure {

  public NotYetValid {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(at, "at == null");
  }

  @Override
  public Reason reason() {
    return Reason.NOT_YET_VALID;
  }

  @Override
  public String message() {
    return "x509: certificate has expired or is not yet valid: current time "
        + GoText.rfc3339(at)
        + " is before "
        + GoText.rfc3339(certificate.getNotBefore().toInstant());
  }
}
