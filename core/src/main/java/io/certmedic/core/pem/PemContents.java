package io.certmedic.core.pem;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one input held, in the order it appeared: certificates, private keys, and the labels of
 * other PEM blocks (CSRs, public keys, CRLs) that were recognised and set aside.
 */
public record PemContents(
    List<X509Certificate> certificates, List<PrivateKeyEntry> keys, List<String> otherBlocks) {

  public PemContents {
    certificates = List.copyOf(certificates);
    keys = List.copyOf(keys);
    otherBlocks = List.copyOf(otherBlocks);
  }

  public boolean isEmpty() {
    return certificates.isEmpty() && keys.isEmpty() && otherBlocks.isEmpty();
  }
}
