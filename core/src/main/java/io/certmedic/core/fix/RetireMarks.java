package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Widened caBundles carry the CAs a later run retires: every trust-phase {@link Step.SetCaBundle}
 * on an object that retires CAs gets the annotation {@link Planner#RETIRE_ANNOTATION} with what the
 * object listed already, then what this plan adds.
 */
final class RetireMarks {

  private RetireMarks() {}

  static List<Step> apply(
      Snapshot snapshot, List<Step> steps, Map<ObjectRef, List<String>> retiring) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Step.SetCaBundle b
          && b.phase() == Phase.TRUST
          && retiring.containsKey(b.target())) {
        Set<String> ids = new LinkedHashSet<>();
        snapshot.callers().stream()
            .filter(c -> c.meta().ref().equals(b.target()))
            .findFirst()
            .map(c -> c.meta().annotation(Planner.RETIRE_ANNOTATION))
            .filter(a -> !a.isBlank())
            .ifPresent(a -> ids.addAll(List.of(a.split(","))));
        ids.addAll(retiring.get(b.target()));
        out.add(
            new Step.SetCaBundle(
                b.target(),
                b.webhook(),
                b.caller(),
                b.bundle(),
                b.phase(),
                b.reason(),
                Map.of(Planner.RETIRE_ANNOTATION, String.join(",", ids)),
                List.of(),
                List.of()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
