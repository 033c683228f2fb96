package io.certmedic.controller.simulation;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the CAs of one run in the order they appeared, "CA#1 (valid until ...)": every certmedic CA
 * has the same subject, so messages need another way to tell them apart.
 */
final class CaNames {

  private final List<X509Certificate> seen = new ArrayList<>();

  /** Notes {@code ca}; returns true the first time it is seen. */
  boolean note(X509Certificate ca) {
    if (seen.contains(ca)) {
      return false;
    }
    seen.add(ca);
    return true;
  }

  int count() {
    return seen.size();
  }

  String name(X509Certificate ca) {
    int i = seen.indexOf(ca);
    return (i < 0 ? "an unknown CA" : "CA#" + (i + 1))
        + " (valid until "
        + ca.getNotAfter().toInstant()
        + ")";
  }

  /** The CA of this run whose key signed {@code leaf}. */
  String signerOf(X509Certificate leaf) {
    for (X509Certificate ca : seen) {
      try {
        leaf.verify(ca.getPublicKey());
        return name(ca);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this one
      }
    }
    return "a CA this run never made";
  }
}
