package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.x509.CertFacts;

/**
 * The key and signature are strong enough: an RSA key under 2048 bits, or a SHA-1 or MD5 signature,
 * is {@code CERT_WEAK} (see {@link CertFacts#weak()}).
 */
public final class KeyStrength {

  private KeyStrength() {}

  /** A leaf a caller is served, named {@code where}. */
  public static Verdict served(CertFacts f, String where) {
    if (!f.weak()) {
      return Verdict.pass(Rule.KEY_STRENGTH);
    }
    return Verdict.fail(
        Rule.KEY_STRENGTH,
        FindingCode.CERT_WEAK,
        where
            + " is weak ("
            + f.keyAlgorithm()
            + ", "
            + f.signatureAlgorithm()
            + "); Go refuses SHA-1 signatures since 1.18");
  }

  /** Any certificate at rest, named {@code which}. */
  public static Verdict stored(CertFacts f, String which) {
    if (!f.weak()) {
      return Verdict.pass(Rule.KEY_STRENGTH);
    }
    return Verdict.fail(
        Rule.KEY_STRENGTH,
        FindingCode.CERT_WEAK,
        which + " is weak: " + f.keyAlgorithm() + ", signed with " + f.signatureAlgorithm());
  }
}
