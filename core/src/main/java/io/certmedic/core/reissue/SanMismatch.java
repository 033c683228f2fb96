package io.certmedic.core.reissue;

import io.certmedic.core.rule.Rule;
import io.certmedic.core.rule.ServingNames;
import io.certmedic.core.rule.Verdict;

/**
 * The leaf's DNS SANs, as a set, are not exactly the names the Service needs now: a renamed Service
 * (the API server dials the new name and gets "certificate is valid for ..., not ..."), or a name
 * that should no longer be vouched for.
 */
final class SanMismatch implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.SAN_MISMATCH;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return in.parsed()
        .map(p -> ServingNames.issued(p.leaf(), in.wantedDnsNames()))
        .orElse(Verdict.pass(Rule.SERVING_NAMES));
  }
}
