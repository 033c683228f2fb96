package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * {@code certificate} is a CA whose pathLen is smaller than the number of intermediates below it.
 */
public record TooManyIntermediates(X509Certificate certificate) implements VerifyFailure {

  public TooManyIntermediates {
    requireNonNull(certificate, "certificate == null");
  }

  @Override
  public Reason reason() {
    return Reason.TOO_MANY_INTERMEDIATES;
  }

  @Override
  public String message() {
    return "x509: too many intermediates for path length constraint";
  }
}
