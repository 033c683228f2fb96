package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * No chain from the leaf allows serverAuth: the leaf, or a CA above it, lists extended key usages
 * without serverAuth or any.
 */
public record IncompatibleUsage(X509Certificate certificate) implements VerifyFailure {

  public IncompatibleUsage {
    requireNonNull(certificate, "certificate == null");
  }

  @Override
  public Reason reason() {
    return Reason.INCOMPATIBLE_USAGE;
  }

  @Override
  public String message() {
    return "x509: certificate specifies an incompatible key usage";
  }
}
