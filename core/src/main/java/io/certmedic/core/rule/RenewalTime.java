package io.certmedic.core.rule;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant a given fraction of a certificate's validity has passed: when a serving cert is
 * renewed, and when a CA starts its rotation. Rounded to the second, the precision certificates
 * carry, so the answer is exact and the same on every replica.
 *
 * <p>Example: a cert valid 2026-05-02..2026-07-31 (90 days) at fraction 2/3 renews 2026-07-01.
 */
public final class RenewalTime {

  private RenewalTime() {}

  /** {@code notBefore + fraction * (notAfter - notBefore)} of {@code cert}. */
  public static Instant of(X509Certificate cert, double fraction) {
    return between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), fraction);
  }

  /** {@code notBefore + fraction * (notAfter - notBefore)}, rounded to the second. */
  public static Instant between(Instant notBefore, Instant notAfter, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "the fraction must be between 0 and 1 (exclusive), got " + fraction);
    }
    long lifetimeSeconds = Duration.between(notBefore, notAfter).getSeconds();
    return notBefore.plusSeconds(Math.round(fraction * lifetimeSeconds));
  }
}
