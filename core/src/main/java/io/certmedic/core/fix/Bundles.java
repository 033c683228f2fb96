package io.certmedic.core.fix;

import io.certmedic.core.link.CallerLink;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Small questions about CA lists the planning steps share: who trusts what, and how to say it. */
final class Bundles {

  private Bundles() {}

  /** The CAs a caller verifies its server with. */
  static List<CertInfo> of(CallerLink l) {
    return l.caller().client().caBundle().certs();
  }

  static boolean contains(List<CertInfo> bundle, X509Certificate ca) {
    return bundle.stream().anyMatch(c -> c.certificate().equals(ca));
  }

  static boolean verifies(List<X509Certificate> chain, List<CertInfo> roots, Instant at) {
    return !roots.isEmpty()
        && ServingVerifier.verify(chain, roots.stream().map(CertInfo::certificate).toList(), "", at)
            instanceof Verified;
  }

  /** An instant inside the leaf's validity, so trust is judged apart from expiry. */
  static Instant inside(CertInfo leaf, Instant at) {
    if (at.isAfter(leaf.facts().notAfter())) {
      return leaf.facts().notAfter();
    }
    return at.isBefore(leaf.facts().notBefore()) ? leaf.facts().notBefore() : at;
  }

  /** How a CA is named in the retire annotation: the first 16 hex digits of its sha256. */
  static String id(CertInfo c) {
    return c.facts().sha256().substring(0, 16);
  }

  static String describe(List<CertInfo> cas) {
    return String.join(
        ", ",
        cas.stream()
            .map(
                c ->
                    c.facts().subject()
                        + " (sha256 "
                        + id(c)
                        + ", until "
                        + c.facts().notAfter()
                        + ")")
            .toList());
  }
}
