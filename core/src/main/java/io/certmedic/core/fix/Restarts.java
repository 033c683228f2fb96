package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which workloads read a Secret or ConfigMap at start, and the steps that restart them: a rollout
 * restart for what {@code kubectl rollout restart} restarts, else a manual action to delete the
 * pods. A workload is restarted once per plan, however many repairs need it.
 */
final class Restarts {

  /** Kinds {@code kubectl rollout restart} restarts. */
  static final Set<String> RESTARTABLE = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private Restarts() {}

  /**
   * Workloads in the Secret's namespace that mount it, or that the link found reading it; owned
   * ReplicaSets and Pods speak through their owner.
   */
  static List<ObjectRef> mounting(Snapshot snapshot, ServingLink link) {
    Set<ObjectRef> out = new LinkedHashSet<>(link.workloads());
    List<WorkloadRecord> all = snapshot.workloadsIn(link.secretNamespace());
    for (WorkloadRecord w : all) {
      if (mounts(w, "Secret", link.secretName())) {
        out.add(w.meta().ref());
      }
    }
    return topLevel(out, all);
  }

  static boolean mounts(WorkloadRecord w, String kind, String name) {
    return w.volumes().stream()
        .flatMap(v -> v.sources().stream())
        .anyMatch(src -> kind.equals(src.kind()) && src.name().equals(name));
  }

  private static List<ObjectRef> topLevel(Set<ObjectRef> refs, List<WorkloadRecord> all) {
    Set<ObjectRef> present = new LinkedHashSet<>();
    all.forEach(w -> present.add(w.meta().ref()));
    List<ObjectRef> out = new ArrayList<>();
    for (ObjectRef r : refs) {
      boolean owned =
          all.stream()
              .anyMatch(
                  w ->
                      w.meta().ref().equals(r)
                          && w.meta().owners().stream().anyMatch(present::contains));
      if (!owned) {
        out.add(r);
      }
    }
    return out;
  }

  /** Restarts {@code workloads} for {@code reason}, leaving out those already {@code restarted}. */
  static Decisions of(List<ObjectRef> workloads, String reason, Set<ObjectRef> restarted) {
    List<Step> steps = new ArrayList<>();
    Set<ObjectRef> now = new LinkedHashSet<>();
    for (ObjectRef w : workloads) {
      if (restarted.contains(w) || !now.add(w)) {
        continue;
      }
      steps.add(step(w, reason));
    }
    return new Decisions(steps, List.of(), now, Map.of(), Set.of());
  }

  private static Step step(ObjectRef w, String reason) {
    if (RESTARTABLE.contains(w.kind())) {
      return new Step.RolloutRestart(w, reason);
    }
    return new Step.ManualAction(
        w,
        "",
        w.describe() + " cannot be rolled out: " + reason + "; delete its pods so they start again",
        List.of(
            Shell.command(
                    List.of(
                        "kubectl",
                        "-n",
                        w.namespace(),
                        "delete",
                        w.kind().toLowerCase(Locale.ROOT),
                        w.name()))
                + ("Pod".equals(w.kind())
                    ? "   # if nothing recreates it, re-apply its manifest"
                    : "   # let its owner recreate it")),
        Map.of());
  }
}
