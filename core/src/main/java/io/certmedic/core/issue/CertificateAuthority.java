package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A CA certificate and its private key: what signs serving certificates. */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

  public CertificateAuthority {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(privateKey, "privateKey == null");
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", key redacted]";
  }
}
