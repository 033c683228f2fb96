package io.certmedic.controller.policy;

import java.util.Optional;

/**
 * One link of the {@link ReissueChain}, named after what fails it. Pure, and safe in any order: a
 * check whose input is not there (no parsed certificate yet) passes, and leaves the verdict to the
 * check that owns that problem.
 */
interface ReissueCheck {

  /** The reason this check reports when it fails. */
  ReissueReason reason();

  /** What was found, in one sentence, when the Secret fails this check; empty when it passes. */
  Optional<String> failure(ReissueInput in);
}
