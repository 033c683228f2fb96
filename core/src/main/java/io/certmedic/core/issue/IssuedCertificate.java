package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A newly issued leaf, its key, and the CA that signed it (for {@code ca.crt} and caBundles). */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {

  public IssuedCertificate {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(privateKey, "privateKey == null");
    requireNonNull(caCertificate, "caCertificate == null");
  }

  @Override
  public String toString() {
    return "IssuedCertificate["
        + certificate.getSubjectX500Principal().getName()
        + ", key redacted]";
  }
}
