package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.IssuerRecord;
import io.certmedic.core.text.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cert-manager Issuer or ClusterIssuer is Ready: else every Certificate it issues fails to issue
 * or renew. One with no Ready condition (an install manifest's) passes.
 */
public final class IssuerReady {

  private IssuerReady() {}

  public static Verdict status(IssuerRecord issuer, Instant at) {
    Optional<Condition> ready = issuer.ready();
    if (ready.isEmpty() || ready.get().isTrue()) {
      return Verdict.pass(Rule.ISSUER_READY);
    }
    Condition r = ready.get();
    return Verdict.fail(
        Rule.ISSUER_READY,
        FindingCode.ISSUER_NOT_READY,
        "is not Ready (Ready="
            + r.status()
            + (r.reason().isEmpty() ? "" : ", " + r.reason())
            + (r.message().isEmpty() ? "" : ": \"" + r.message() + "\"")
            + ")"
            + (r.lastTransitionTime() == null || r.lastTransitionTime().isAfter(at)
                ? ""
                : " for " + HumanTime.duration(Duration.between(r.lastTransitionTime(), at))));
  }
}
