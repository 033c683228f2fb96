package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import java.time.Instant;

/**
 * A running container read the CA bundle it mounts when it started: it trusts what the bundle held
 * then. It is stale when it started before the bundle's data last changed (the time the object's
 * {@code managedFields} record for its data), a change made no later than the judged instant.
 */
public final class PodTrustStale {

  private PodTrustStale() {}

  /**
   * A container that started running at {@code startedAt}, mounting a bundle whose data last
   * changed at {@code dataChangedAt}, judged at {@code at}.
   */
  public static Verdict started(Instant startedAt, Instant dataChangedAt, Instant at) {
    if (dataChangedAt.isAfter(at) || !startedAt.isBefore(dataChangedAt)) {
      return Verdict.pass(Rule.POD_TRUST_STALE);
    }
    return Verdict.fail(
        Rule.POD_TRUST_STALE,
        FindingCode.POD_TRUST_STALE,
        "the container started at "
            + startedAt
            + ", before the bundle's data last changed at "
            + dataChangedAt
            + ": it still trusts the bundle it read at start");
  }
}
