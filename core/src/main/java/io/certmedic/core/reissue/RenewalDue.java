package io.certmedic.core.reissue;

import io.certmedic.core.rule.Rule;
import io.certmedic.core.rule.Verdict;

/** The leaf has passed its renewal time (the renewal fraction of its life), or has expired. */
final class RenewalDue implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.RENEWAL_DUE;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return in.parsed()
        .map(
            p -> io.certmedic.core.rule.RenewalDue.issued(p.leaf(), in.renewalFraction(), in.now()))
        .orElse(Verdict.pass(Rule.RENEWAL_DUE));
  }
}
