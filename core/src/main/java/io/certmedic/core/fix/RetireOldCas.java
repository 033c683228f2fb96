package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A later run: the CAs a previous fix kept in a caBundle for the rollout ({@link
 * Planner#RETIRE_ANNOTATION}) leave it, once the Secret's certificate verifies without them and
 * nobody else keeps that caBundle. A caller whose certificate this plan reissues is left alone. The
 * annotation is removed with the narrowing of the last caller of an object that needed it; the step
 * waits for the rollouts of the workloads that serve the certificate.
 */
final class RetireOldCas implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Map<ObjectRef, Boolean> allRetired = new LinkedHashMap<>();
    List<Step.SetCaBundle> steps = new ArrayList<>();
    for (CallerLink l : in.analysis().links()) {
      Caller c = l.caller();
      String ann = c.meta().annotation(Planner.RETIRE_ANNOTATION);
      if (ann == null || earlier.reissuedCallers().contains(c.meta().ref())) {
        continue;
      }
      Set<String> ids = Set.of(ann.split(","));
      List<CertInfo> current = Bundles.of(l);
      List<CertInfo> kept = current.stream().filter(x -> !ids.contains(Bundles.id(x))).toList();
      allRetired.putIfAbsent(c.meta().ref(), true);
      if (kept.size() == current.size()) {
        continue;
      }
      Optional<ServingLink> p = l.primary();
      boolean safe =
          !kept.isEmpty()
              && p.isPresent()
              && Owners.ofCaBundle(in.snapshot(), c).isEmpty()
              && Bundles.verifies(
                  ServingSecret.of(p.get().secret()).orElseThrow().chain().stream()
                      .map(CertInfo::certificate)
                      .toList(),
                  kept,
                  in.at());
      if (!safe) {
        allRetired.put(c.meta().ref(), false);
        continue;
      }
      steps.add(
          new Step.SetCaBundle(
              c.meta().ref(),
              c instanceof Caller.Webhook w ? w.webhook() : null,
              c.describe(),
              kept,
              Phase.RETIRE,
              "remove "
                  + (current.size() - kept.size())
                  + " CA(s) a previous fix kept for the rollout; "
                  + p.get().secretRef().describe()
                  + " no longer needs them",
              Map.of(),
              List.of(),
              Restarts.mounting(in.snapshot(), p.get())));
    }
    // the annotation goes once every caller of the object is narrowed
    List<Step> out = new ArrayList<>();
    for (Step.SetCaBundle b : steps) {
      out.add(
          Boolean.TRUE.equals(allRetired.get(b.target()))
              ? new Step.SetCaBundle(
                  b.target(),
                  b.webhook(),
                  b.caller(),
                  b.bundle(),
                  b.phase(),
                  b.reason(),
                  b.annotations(),
                  List.of(Planner.RETIRE_ANNOTATION),
                  b.afterRollouts())
              : b);
    }
    return Decisions.of(out);
  }
}
