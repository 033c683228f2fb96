package io.certmedic.controller.reconcile;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Trust bundles compared by the certificates they hold, not by their bytes' layout. */
final class Bundles {

  private Bundles() {}

  /** True when {@code pem} holds every certificate of {@code wanted}; unparsable counts as not. */
  static boolean holdsAll(byte[] pem, List<X509Certificate> wanted) {
    if (pem == null || pem.length == 0) {
      return wanted.isEmpty();
    }
    Set<String> have = fingerprints(pem);
    if (have == null) {
      return false;
    }
    for (X509Certificate c : wanted) {
      if (!have.contains(fingerprint(c))) {
        return false;
      }
    }
    return true;
  }

  /** The DER fingerprints of the certificates in {@code pem}, or null when it does not parse. */
  static Set<String> fingerprints(byte[] pem) {
    try {
      Set<String> out = new HashSet<>();
      for (X509Certificate c : PemReader.readCertificates(pem, "bundle")) {
        out.add(fingerprint(c));
      }
      return out;
    } catch (CertParseException e) {
      return null;
    }
  }

  static String fingerprint(X509Certificate c) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
