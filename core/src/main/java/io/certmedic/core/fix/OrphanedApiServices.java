package io.certmedic.core.fix;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An APIService whose Service is gone ({@code APISERVICE_ORPHANED}) is deleted with --allow-delete;
 * without it, a manual action gives the command.
 */
final class OrphanedApiServices implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    List<Step> steps = new ArrayList<>();
    for (Finding f : in.report().findings()) {
      if (f.code() != FindingCode.APISERVICE_ORPHANED) {
        continue;
      }
      String reason =
          "its "
              + f.related().stream().map(ObjectRef::describe).findFirst().orElse("")
              + " does not exist: a leftover of an uninstall or an OLM to Helm move";
      if (in.options().allowDelete()) {
        steps.add(new Step.DeleteApiService(f.object(), reason));
      } else {
        steps.add(
            new Step.ManualAction(
                f.object(),
                "",
                "delete "
                    + f.object().describe()
                    + " ("
                    + reason
                    + "): fix deletes only with --allow-delete",
                List.of(
                    Shell.command(List.of("kubectl", "delete", "apiservice", f.object().name()))),
                Map.of()));
      }
    }
    return Decisions.of(steps);
  }
}
