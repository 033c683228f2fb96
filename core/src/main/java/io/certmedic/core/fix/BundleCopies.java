package io.certmedic.core.fix;

import io.certmedic.core.doctor.TrustBundleStale;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stale copy of a distributed trust bundle ({@code TRUST_BUNDLE_STALE} on a ConfigMap) gets every
 * CA at least half the copies hold, and keeps its own; the workloads mounting it are restarted. A
 * copy another controller writes becomes a manual action naming its source.
 */
final class BundleCopies implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Snapshot snapshot = in.snapshot();
    Decisions these = Decisions.NONE;
    for (Finding f : in.report().findings()) {
      if (f.code() != FindingCode.TRUST_BUNDLE_STALE || !"ConfigMap".equals(f.object().kind())) {
        continue;
      }
      Optional<ConfigMapRecord> cm = snapshot.configMap(f.object().namespace(), f.object().name());
      if (cm.isPresent()) {
        these = these.plus(copy(snapshot, cm.get(), earlier.plus(these)));
      }
    }
    return these;
  }

  private static Decisions copy(Snapshot snapshot, ConfigMapRecord c, Decisions sofar) {
    List<ConfigMapRecord> copies = copiesOf(snapshot, c);
    List<CertInfo> next = majority(copies);
    cas(c).stream().filter(x -> !next.contains(x)).forEach(next::add);
    Optional<Owners.Owner> owner = Owners.ofConfigMap(c);
    if (owner.isPresent()) {
      return Decisions.of(
          new Step.ManualAction(
              c.meta().ref(),
              owner.get().manager(),
              c.meta().ref().describe()
                  + " is written by "
                  + owner.get().manager()
                  + " ("
                  + owner.get().how()
                  + "): make its source hold "
                  + Bundles.describe(next)
                  + ", and it copies them here",
              List.of(),
              Map.of()));
    }
    Decisions patch =
        Decisions.of(
            new Step.PatchBundleCopy(
                c.meta().ref(),
                key(c),
                next,
                "the other "
                    + (copies.size() - 1)
                    + " copies of "
                    + c.meta().name()
                    + " hold "
                    + Bundles.describe(next.stream().filter(x -> !cas(c).contains(x)).toList())
                    + "; this copy keeps what it has and gains those"));
    List<ObjectRef> mounting = new ArrayList<>();
    for (WorkloadRecord w : snapshot.workloadsIn(c.meta().namespace())) {
      if (Restarts.mounts(w, "ConfigMap", c.meta().name()) && w.meta().owners().isEmpty()) {
        mounting.add(w.meta().ref());
      }
    }
    Decisions restarts =
        Restarts.of(
            mounting, "it reads " + c.meta().ref().describe() + " at start", sofar.restarted());
    Decisions note =
        Decisions.note(
            "kube-root-ca.crt".equals(c.meta().name())
                ? Optional.of(
                    "kube-controller-manager publishes kube-root-ca.crt from its --root-ca-file: if it writes the old bundle back into "
                        + c.meta().ref().describe()
                        + ", fix that file on the control plane.")
                : Optional.empty());
    return patch.plus(restarts).plus(note);
  }

  /** Every CA at least half the copies hold, in the order the copies list them. */
  private static List<CertInfo> majority(List<ConfigMapRecord> copies) {
    Map<String, Integer> holders = new LinkedHashMap<>();
    Map<String, CertInfo> byId = new LinkedHashMap<>();
    for (ConfigMapRecord x : copies) {
      for (CertInfo ci : cas(x)) {
        holders.merge(Bundles.id(ci), 1, Integer::sum);
        byId.putIfAbsent(Bundles.id(ci), ci);
      }
    }
    List<CertInfo> out = new ArrayList<>();
    holders.forEach(
        (id, n) -> {
          if (n * 2 >= copies.size()) {
            out.add(byId.get(id));
          }
        });
    return out;
  }

  private static List<ConfigMapRecord> copiesOf(Snapshot snapshot, ConfigMapRecord c) {
    if (TrustBundleStale.DISTRIBUTED.containsKey(c.meta().name())) {
      return snapshot.configMaps().stream()
          .filter(x -> x.meta().name().equals(c.meta().name()))
          .toList();
    }
    for (String l : TrustBundleStale.DISTRIBUTION_LABELS) {
      String v = c.meta().labels().get(l);
      if (v != null) {
        return snapshot.configMaps().stream()
            .filter(
                x -> v.equals(x.meta().labels().get(l)) && x.meta().name().equals(c.meta().name()))
            .toList();
      }
    }
    return List.of(c);
  }

  /** The key that holds the bundle: the platform's own, else the first key with certificates. */
  static String key(ConfigMapRecord c) {
    String k = TrustBundleStale.DISTRIBUTED.get(c.meta().name());
    if (k != null) {
      return k;
    }
    return c.fields().entrySet().stream()
        .filter(e -> !e.getValue().certs().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElse("ca.crt");
  }

  private static List<CertInfo> cas(ConfigMapRecord c) {
    return c.field(key(c)).certs();
  }
}
