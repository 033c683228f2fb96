package io.certmedic.core.reissue;

import io.certmedic.core.rule.Parsing;
import io.certmedic.core.rule.Verdict;

/** tls.crt holds no readable certificate, or tls.key no usable private key. */
final class CertUnparsable implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.CERT_UNPARSABLE;
  }

  @Override
  public Verdict judge(ReissueInput in) {
    return Parsing.issued(in.pair());
  }
}
