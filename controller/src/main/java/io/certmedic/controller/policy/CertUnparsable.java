package io.certmedic.controller.policy;

import java.util.Optional;

/** tls.crt holds no readable certificate, or tls.key no usable private key. */
final class CertUnparsable implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.CERT_UNPARSABLE;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.material() instanceof ReissueInput.Unparsable u
        ? Optional.of(u.problem())
        : Optional.empty();
  }
}
