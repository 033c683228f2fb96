package io.certmedic.core.pem;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What one input held, in the order it appeared: certificates, private keys, public keys (a
 * redacted snapshot stands a public key in for a private one), and the labels of other PEM blocks
 * (CSRs, CRLs) that were recognised and set aside.
 */
public record PemContents(
    List<X509Certificate> certificates,
    List<PrivateKeyEntry> keys,
    List<SubjectPublicKeyInfo> publicKeys,
    List<String> otherBlocks) {

  public PemContents {
    certificates = List.copyOf(certificates);
    keys = List.copyOf(keys);
    publicKeys = List.copyOf(publicKeys);
    otherBlocks = List.copyOf(otherBlocks);
  }

  public boolean isEmpty() {
    return certificates.isEmpty()
        && keys.isEmpty()
        && publicKeys.isEmpty()
        && otherBlocks.isEmpty();
  }
}
