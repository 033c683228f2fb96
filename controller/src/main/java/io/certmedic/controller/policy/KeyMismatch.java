package io.certmedic.controller.policy;

import io.certmedic.core.x509.KeyFacts;
import java.util.Optional;

/** tls.key is not the private half of the leaf in tls.crt: the TLS handshake would fail. */
final class KeyMismatch implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.KEY_MISMATCH;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.parsed()
        .filter(p -> !KeyFacts.matches(p.leaf(), p.key()))
        .map(
            p ->
                ReissueInput.KEY
                    + " ("
                    + KeyFacts.describe(p.key())
                    + ") is not the private key of "
                    + ReissueInput.CERT
                    + " ("
                    + KeyFacts.describe(p.leaf().getPublicKey())
                    + ")");
  }
}
