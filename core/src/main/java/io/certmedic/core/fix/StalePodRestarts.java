package io.certmedic.core.fix;

import io.certmedic.core.doctor.PodsOnStaleTrust;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workloads whose running pods started before a CA bundle they mount changed ({@code
 * POD_TRUST_STALE}) are restarted: a rollout restart where {@code kubectl rollout restart} can,
 * else a manual action deleting the stale pods by name. A workload an earlier step restarts is not
 * restarted again.
 */
final class StalePodRestarts implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Map<ObjectRef, List<String>> stale = null;
    Decisions these = Decisions.NONE;
    for (Finding f : in.report().findings()) {
      if (f.code() != FindingCode.POD_TRUST_STALE || !f.severity().atLeast(Severity.WARNING)) {
        continue;
      }
      if (stale == null) {
        stale = PodsOnStaleTrust.stalePods(in.snapshot(), in.at());
      }
      List<String> pods = stale.getOrDefault(f.object(), List.of());
      Set<ObjectRef> restarted = earlier.plus(these).restarted();
      if (pods.isEmpty() || restarted.contains(f.object())) {
        continue;
      }
      these = these.plus(restart(f, pods, restarted));
    }
    return these;
  }

  private static Decisions restart(Finding f, List<String> pods, Set<ObjectRef> restarted) {
    ObjectRef w = f.object();
    String reason =
        "its pods started before the data of "
            + String.join(", ", f.related().stream().map(ObjectRef::describe).toList())
            + " last changed, and still trust the old CA bundle";
    if (PodsOnStaleTrust.rollable(w.kind())) {
      return Restarts.of(List.of(w), reason, restarted);
    }
    return new Decisions(
        List.of(
            new Step.ManualAction(
                w,
                "",
                w.describe()
                    + " cannot be rolled out: "
                    + reason
                    + "; delete its stale pods so they start again"
                    + ("Pod".equals(w.kind()) ? " (re-create a bare Pod from its manifest)" : ""),
                List.of(PodsOnStaleTrust.deletePods(w.namespace(), pods)),
                Map.of())),
        List.of(),
        Set.of(w),
        Map.of(),
        Set.of());
  }
}
