package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/** {@code certificate} has a critical extension Go does not handle. */
public record UnhandledCriticalExtension(X509Certificate certificate) implements VerifyFailure {

  public UnhandledCriticalExtension {
    requireNonNull(certificate, "certificate == null");
  }

  @Override
  public Reason reason() {
    return Reason.UNHANDLED_CRITICAL_EXTENSION;
  }

  @Override
  public String message() {
    return "x509: unhandled critical extension";
  }
}
