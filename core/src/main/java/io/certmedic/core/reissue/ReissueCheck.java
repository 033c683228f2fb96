package io.certmedic.core.reissue;

import io.certmedic.core.rule.Verdict;

/**
 * One link of the {@link ReissueChain}, named after what fails it, deciding from a {@code
 * core.rule} rule's verdict (the doctor's words for the same failure). Pure, and safe in any order:
 * a check whose input is not there (no parsed certificate yet) passes, and leaves the verdict to
 * the check that owns that problem.
 */
interface ReissueCheck {

  /**
   * The reason this check reports when it fails; {@code reason().rule()} is the rule it applies.
   */
  ReissueReason reason();

  /** The rule's verdict on the Secret: its words are the decision's one sentence. */
  Verdict judge(ReissueInput in);
}
