package io.certmedic.controller.rotation;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * The CA rotation state machine, pure: given the state in the CA Secret and what the caches
 * show, the next state and when to look again.
 */
public final class CaRotation {

  /**
   * What the caches show that rotation waits on.
   *
   * @param bundlesCurrent every injected caBundle, bundle ConfigMap, bundle copy and serving
   *     Secret's ca.crt holds every certificate of the current {@link CaState#bundle()}
   * @param retiringStillServed some managed serving Secret holds a certificate signed by a
   *     retiring CA (or by a CA no longer in the state)
   */
  public record Facts(boolean bundlesCurrent, boolean retiringStillServed) {}

  /** The rotation's timing, from ControllerOptions. */
  public record Timing(java.time.Duration caLifetime, double rotationFraction, java.time.Duration propagationDelay,
      io.certmedic.core.issue.KeyType keyType, String caCommonName) {}

  /** The next state ({@code changed} when it must be written back) and when to step again. */
  public record Step(CaState state, boolean changed, String event, Instant nextCheck) {}

  private CaRotation() {}

  public static Step step(Optional<CaState> current, Facts facts, Timing timing, Instant now, SecureRandom random) {
    throw new UnsupportedOperationException("filled in by the rotation work");
  }
}
