package io.certmedic.core.reissue;

import io.certmedic.core.rule.SecretPresent;
import io.certmedic.core.rule.Verdict;

/** The Secret does not exist: nothing has been issued yet, or someone deleted it. */
final class SecretMissing implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.SECRET_MISSING;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return SecretPresent.issued(in.data());
  }
}
