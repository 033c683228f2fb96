package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/** Chain building gave up after {@link ServingVerifier#MAX_SIGNATURE_CHECKS} signature checks. */
public record SignatureCheckLimit(X509Certificate certificate) implements VerifyFailure {

  public SignatureCheckLimit {
    requireNonNull(certificate, "certificate == null");
  }

  @Override
  public Reason reason() {
    return Reason.SIGNATURE_CHECK_LIMIT;
  }

  @Override
  public String message() {
    return "x509: signature check attempts limit reached while verifying certificate chain";
  }
}
