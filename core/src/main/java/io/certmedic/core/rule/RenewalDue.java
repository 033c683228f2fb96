package io.certmedic.core.rule;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The leaf has not reached its renewal time ({@link RenewalTime}: a fraction of its life), nor
 * expired.
 */
public final class RenewalDue {

  private RenewalDue() {}

  /** A Secret the controller issues, renewed once {@code fraction} of its life has passed. */
  public static Verdict issued(X509Certificate leaf, double fraction, Instant now) {
    Instant renewAt = RenewalTime.of(leaf, fraction);
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      return Verdict.fail(Rule.RENEWAL_DUE, "the certificate expired at " + notAfter);
    }
    if (!now.isBefore(renewAt)) {
      return Verdict.fail(
          Rule.RENEWAL_DUE,
          "the certificate fell due for renewal at " + renewAt + " and expires at " + notAfter);
    }
    return Verdict.pass(Rule.RENEWAL_DUE);
  }
}
