package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * No chain from {@code certificate} to the trust bundle. When a candidate issuer (same subject as
 * the certificate's issuer) was rejected, {@code hintError} says why and {@code hintCertName} names
 * it as Go does: its CN, else its first Organization, else {@code serial:<decimal>}.
 */
public record UnknownAuthority(
    X509Certificate certificate,
    String hintError,
    String hintCertName,
    X509Certificate hintCertificate)
    implements VerifyFailure {

  public UnknownAuthority {
    requireNonNull(certificate, "certificate == null");
    if ((hintError == null) != (hintCertName == null)) {
      throw new IllegalArgumentException("hintError and hintCertName come together");
    }
  }

  /** Without a hint. */
  public UnknownAuthority(X509Certificate certificate) {
    this(certificate, null, null, null);
  }

  @Override
  public Reason reason() {
    return Reason.UNKNOWN_AUTHORITY;
  }

  @Override
  public String message() {
    String s = "x509: certificate signed by unknown authority";
    if (hintError != null) {
      s +=
          " (possibly because of "
              + GoText.quote(hintError)
              + " while trying to verify candidate authority certificate "
              + GoText.quote(hintCertName)
              + ")";
    }
    return s;
  }
}
