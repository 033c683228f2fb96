package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** {@code certificate} was past its notAfter at {@code at}. */
public record Expired(X509Certificate certificate, Instant at) implements VerifyFailure {

  public Expired {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(at, "at == null");
  }

  @Override
  public Reason reason() {
    return Reason.EXPIRED;
  }

  @Override
  public String message() {
    return "x509: certificate has expired or is not yet valid: current time "
        + GoText.rfc3339(at)
        + " is after "
        + GoText.rfc3339(certificate.getNotAfter().toInstant());
  }
}
