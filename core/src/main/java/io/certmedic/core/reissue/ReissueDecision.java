package io.certmedic.core.reissue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The reissue chain's answer: the first reason that fails (empty when the Secret is good), a
 * sentence naming what was found, and when the current certificate falls due for renewal (null when
 * there is no usable certificate).
 */
public record ReissueDecision(Optional<ReissueReason> reason, String message, Instant renewAt) {

  public ReissueDecision {
    requireNonNull(reason, "reason == null");
    requireNonNull(message, "message == null");
  }

  public boolean reissue() {
    return reason.isPresent();
  }
}
