package io.certmedic.core.reissue;

import io.certmedic.core.rule.CurrentIssuer;
import io.certmedic.core.rule.Rule;
import io.certmedic.core.rule.Verdict;

/**
 * The leaf is not signed by the CA that signs now: another CA's name, or the same name with another
 * key (what a CA rotation looks like, since every certmedic CA has the same name).
 */
final class IssuerChanged implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.ISSUER_CHANGED;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return in.parsed()
        .map(p -> CurrentIssuer.issued(p.leaf(), in.signer()))
        .orElse(Verdict.pass(Rule.CURRENT_ISSUER));
  }
}
