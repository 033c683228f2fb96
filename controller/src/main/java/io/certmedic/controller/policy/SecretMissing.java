package io.certmedic.controller.policy;

import java.util.Optional;

/** The Secret does not exist: nothing has been issued yet, or someone deleted it. */
final class SecretMissing implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.SECRET_MISSING;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.data() == null ? Optional.of("the Secret does not exist") : Optional.empty();
  }
}
