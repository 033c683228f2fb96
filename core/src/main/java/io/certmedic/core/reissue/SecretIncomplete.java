package io.certmedic.core.reissue;

import io.certmedic.core.rule.SecretFields;
import io.certmedic.core.rule.Verdict;

/**
 * tls.crt, tls.key or ca.crt is absent or empty: a server cannot start, or a caller cannot verify.
 */
final class SecretIncomplete implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.SECRET_INCOMPLETE;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return SecretFields.issued(in.data(), ReissueInput.REQUIRED);
  }
}
