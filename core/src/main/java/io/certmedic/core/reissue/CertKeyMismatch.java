package io.certmedic.core.reissue;

import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.Rule;
import io.certmedic.core.rule.Verdict;

/** tls.key is not the private half of the leaf in tls.crt: the TLS handshake would fail. */
final class CertKeyMismatch implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.CERT_KEY_MISMATCH;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return in.parsed()
        .map(p -> KeyPairMatch.issued(ReissueInput.CERT, p.leaf(), ReissueInput.KEY, p.key()))
        .orElse(Verdict.pass(Rule.KEY_PAIR_MATCH));
  }
}
