package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * {@code certificate} is used as an intermediate but is not a CA (an X.509 v1 certificate; a v3 one
 * without cA=true is rejected earlier, as a hint).
 */
public record NotAuthorizedToSign(X509Certificate certificate) implements VerifyFailure {

  public NotAuthorizedToSign {
    requireNonNull(certificate, "certificate == null");
  }

  @Override
  public Reason reason() {
    return Reason.NOT_AUTHORIZED_TO_SIGN;
  }

  @Override
  public String message() {
    return "x509: certificate is not authorized to sign other certificates";
  }
}
