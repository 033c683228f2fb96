package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.x509.KeyFacts;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A CA certificate and its private key: what signs serving certificates. */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

  /** keyUsage bit 5 of {@link X509Certificate#getKeyUsage()}: the key may sign certificates. */
  private static final int KEY_CERT_SIGN = 5;

  public CertificateAuthority {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(privateKey, "privateKey == null");
  }

  /**
   * A CA read from files or a Secret: {@code key} must be the private half of {@code certificate},
   * and {@code certificate} must be a CA allowed to sign certificates.
   *
   * @throws IllegalArgumentException saying, in a phrase, which of those fails
   */
  public static CertificateAuthority of(X509Certificate certificate, PrivateKeyEntry key) {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(key, "key == null");
    if (key.isEncrypted()) {
      throw new IllegalArgumentException("the private key is encrypted");
    }
    if (!KeyFacts.matches(certificate, key)) {
      throw new IllegalArgumentException(
          "the private key ("
              + KeyFacts.describe(key)
              + ") is not the key of the certificate ("
              + KeyFacts.describe(certificate.getPublicKey())
              + ")");
    }
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "the certificate is not a CA (basicConstraints CA:TRUE is missing)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && (usage.length <= KEY_CERT_SIGN || !usage[KEY_CERT_SIGN])) {
      throw new IllegalArgumentException(
          "the CA certificate's keyUsage does not allow keyCertSign");
    }
    try {
      return new CertificateAuthority(certificate, key.toPrivateKey());
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority["
        + certificate.getSubjectX500Principal().getName()
        + ", key redacted]";
  }
}
