package io.certmedic.core.fix;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every finding at error or above on an object no earlier step is about (nor one it relates to)
 * becomes a manual action carrying the doctor's fix; one per object.
 */
final class UnrepairedFindings implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Set<ObjectRef> addressed = new LinkedHashSet<>();
    earlier.steps().forEach(s -> addressed.add(s.target()));
    List<Step> steps = new ArrayList<>();
    for (Finding f : in.report().findings()) {
      if (!f.severity().atLeast(Severity.ERROR)
          || addressed.contains(f.object())
          || f.related().stream().anyMatch(addressed::contains)) {
        continue;
      }
      addressed.add(f.object());
      steps.add(
          new Step.ManualAction(
              f.object(),
              "",
              f.code() + ": fix does not repair this automatically; " + f.message(),
              f.fix().isEmpty() ? List.of() : List.of("# " + f.fix()),
              Map.of()));
    }
    return Decisions.of(steps);
  }
}
