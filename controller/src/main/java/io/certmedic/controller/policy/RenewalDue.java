package io.certmedic.controller.policy;

import java.time.Instant;
import java.util.Optional;

/** The leaf has passed its renewal time (the renewal fraction of its life), or has expired. */
final class RenewalDue implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.RENEWAL_DUE;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.parsed()
        .flatMap(
            p -> {
              Instant renewAt = RenewalTime.of(p.leaf(), in.renewalFraction());
              Instant notAfter = p.leaf().getNotAfter().toInstant();
              if (in.now().isAfter(notAfter)) {
                return Optional.of("the certificate expired at " + notAfter);
              }
              if (!in.now().isBefore(renewAt)) {
                return Optional.of(
                    "the certificate fell due for renewal at "
                        + renewAt
                        + " and expires at "
                        + notAfter);
              }
              return Optional.empty();
            });
  }
}
