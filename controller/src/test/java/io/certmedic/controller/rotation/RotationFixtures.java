package io.certmedic.controller.rotation;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * CAs made in memory at fixed instants, with a rotation timing shrunk from years to days. The
 * instants below follow from Issuer's five-minute backdate and the two-thirds rotation fraction.
 */
final class RotationFixtures {

  static final SecureRandom RANDOM = new SecureRandom();
  static final String CN = "certmedic-ca";
  static final Duration LIFETIME = Duration.ofDays(90);
  static final Duration DELAY = Duration.ofMinutes(10);
  static final CaRotation.Timing TIMING =
      new CaRotation.Timing(LIFETIME, 2.0 / 3.0, DELAY, KeyType.ECDSA_P256, CN);

  /** The CA before last: valid 2026-01-01T00:00Z..2026-04-01T00:00Z. */
  static final CertificateAuthority OLD = ca(Instant.parse("2026-01-01T00:00:00Z"));

  /** The CA that signs: made 2026-04-02T12:00Z, valid until 2026-07-01T12:00Z. */
  static final Instant A_MADE = Instant.parse("2026-04-02T12:00:00Z");

  static final CertificateAuthority A = ca(A_MADE);

  /** Two thirds of A's life (90 days and 5 minutes) after its notBefore (A_MADE - 5 min). */
  static final Instant A_ROTATES = Instant.parse("2026-06-01T11:58:20Z");

  /**
   * The CA staged when A rotates: valid until 2026-08-30T11:58:20Z, rotates 2026-07-31T11:56:40Z.
   */
  static final CertificateAuthority B = ca(A_ROTATES);

  private RotationFixtures() {}

  static CertificateAuthority ca(Instant made) {
    return Issuer.newCa(CN, KeyType.ECDSA_P256, LIFETIME, made, RANDOM);
  }
}
