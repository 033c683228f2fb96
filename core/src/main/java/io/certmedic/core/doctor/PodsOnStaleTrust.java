package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.PodTrustStale;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.DataChange;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.PodRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.text.Shell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Running pods whose containers started before a CA bundle they mount last changed ({@link
 * PodTrustStale}): one finding per owning workload, with the restart to run. On an input whose CA
 * bundles carry no managedFields, one info finding says it could not judge and how to get the
 * times.
 */
public final class PodsOnStaleTrust implements Check {

  /** The flag that makes {@code kubectl get} keep the times this check reads. */
  public static final String SHOW_MANAGED_FIELDS = "kubectl get --show-managed-fields -o yaml";

  /** The phase of a pod whose containers run. */
  static final String RUNNING = "Running";

  /** How many pods a message names before it says "and N more". */
  static final int NAMED_PODS = 5;

  /** Kinds {@code kubectl rollout restart} restarts. */
  static final Set<String> ROLLABLE = Set.of("Deployment", "StatefulSet", "DaemonSet");

  /** A CA bundle a pod mounts: the object, when its data changed, and whether it is recorded. */
  private record Bundle(ObjectRef ref, DataChange change) {}

  /** One stale container: the pod, the container, the bundle and how it reaches it. */
  private record Stale(PodRecord pod, String container, Bundle bundle, String how, String words) {}

  /** What a pass over the running pods found: stale containers by workload, unjudged bundles. */
  private record Scan(
      Map<ObjectRef, List<Stale>> byWorkload, Set<ObjectRef> unrecorded, int unjudgedPods) {}

  @Override
  public List<Finding> run(Analysis a) {
    Scan scan = scan(a.snapshot(), a.options().at());
    List<Finding> out = new ArrayList<>();
    scan.byWorkload().forEach((w, stale) -> out.add(stale(w, stale)));
    if (!scan.unrecorded().isEmpty()) {
      out.add(unjudged(scan.unjudgedPods(), List.copyOf(scan.unrecorded())));
    }
    return out;
  }

  /**
   * The running pods judged stale at {@code at}, by the workload a finding names: the names of its
   * stale pods, in input order. {@code fix} plans their restarts from this.
   */
  public static Map<ObjectRef, List<String>> stalePods(Snapshot s, Instant at) {
    Map<ObjectRef, List<String>> out = new LinkedHashMap<>();
    scan(s, at)
        .byWorkload()
        .forEach(
            (w, stale) ->
                out.put(w, stale.stream().map(x -> x.pod().meta().name()).distinct().toList()));
    return out;
  }

  private static Scan scan(Snapshot s, Instant at) {
    Map<ObjectRef, List<Stale>> byWorkload = new LinkedHashMap<>();
    Set<ObjectRef> unrecorded = new LinkedHashSet<>();
    int unjudgedPods = 0;
    for (PodRecord pod : s.pods()) {
      if (!RUNNING.equals(pod.phase())) {
        continue;
      }
      boolean unjudged = false;
      for (WorkloadRecord.Container c : pod.containers()) {
        Optional<Instant> started = pod.startedAt(c.name());
        if (c.init() || started.isEmpty()) {
          continue;
        }
        for (WorkloadRecord.Mount m : c.mounts()) {
          for (Bundle b : bundles(s, pod, m)) {
            if (!b.change().managedFields()) {
              unrecorded.add(b.ref());
              unjudged = true;
              continue;
            }
            Optional<Instant> changed = b.change().changedAt();
            if (changed.isEmpty()) {
              continue;
            }
            Verdict v = PodTrustStale.started(started.get(), changed.get(), at);
            if (v instanceof Verdict.Fail f) {
              byWorkload
                  .computeIfAbsent(workload(pod), k -> new ArrayList<>())
                  .add(new Stale(pod, c.name(), b, how(c, m), f.words()));
            }
          }
        }
      }
      if (unjudged) {
        unjudgedPods++;
      }
    }
    return new Scan(byWorkload, unrecorded, unjudgedPods);
  }

  /** The workload a finding about {@code pod} names: its owner, or the Pod itself. */
  static ObjectRef workload(PodRecord pod) {
    return pod.owner() != null ? pod.owner() : pod.meta().ref();
  }

  /** The CA bundles behind mount {@code m} of {@code pod}. */
  private static List<Bundle> bundles(Snapshot s, PodRecord pod, WorkloadRecord.Mount m) {
    List<Bundle> out = new ArrayList<>();
    String ns = pod.meta().namespace();
    for (WorkloadRecord.Volume v : pod.volumes()) {
      if (!v.name().equals(m.volume())) {
        continue;
      }
      for (WorkloadRecord.Source src : v.sources()) {
        Set<String> keys = mountedKeys(src, m);
        if ("ConfigMap".equals(src.kind())) {
          s.configMap(ns, src.name())
              .filter(cm -> holdsCa(cm.fields(), keys))
              .ifPresent(cm -> out.add(new Bundle(cm.meta().ref(), cm.dataChange())));
        } else if ("Secret".equals(src.kind())) {
          s.secret(ns, src.name())
              .filter(sec -> holdsCa(sec.fields(), keys) && !holdsKey(sec.fields()))
              .ifPresent(sec -> out.add(new Bundle(sec.meta().ref(), sec.dataChange())));
        }
      }
    }
    return out;
  }

  /** The keys a mount shows: its subPath's key, the items' keys, or every key (empty set). */
  private static Set<String> mountedKeys(WorkloadRecord.Source src, WorkloadRecord.Mount m) {
    Set<String> keys = new LinkedHashSet<>(src.items().keySet());
    if (subPath(m)) {
      Set<String> one = new LinkedHashSet<>();
      if (keys.isEmpty()) {
        one.add(m.subPath());
      } else {
        src.items()
            .forEach(
                (k, path) -> {
                  if (path.equals(m.subPath())) {
                    one.add(k);
                  }
                });
      }
      return one.isEmpty() ? Set.of("") : one;
    }
    return keys;
  }

  private static boolean holdsCa(Map<String, DataField> fields, Set<String> keys) {
    return fields.entrySet().stream()
        .filter(e -> keys.isEmpty() || keys.contains(e.getKey()))
        .flatMap(e -> e.getValue().certs().stream())
        .anyMatch(c -> c.facts().ca());
  }

  /** A Secret with a private key serves: its data changes at every renewal, not with its CA. */
  private static boolean holdsKey(Map<String, DataField> fields) {
    return fields.values().stream().anyMatch(f -> f instanceof DataField.Key);
  }

  private static boolean subPath(WorkloadRecord.Mount m) {
    return m.subPath() != null && !m.subPath().isEmpty();
  }

  /** How container {@code c} reaches the bundle through {@code m}, in words. */
  private static String how(WorkloadRecord.Container c, WorkloadRecord.Mount m) {
    StringBuilder sb = new StringBuilder("mounted at " + m.mountPath());
    if (subPath(m)) {
      sb.append(" through subPath ")
          .append(m.subPath())
          .append(
              " (a subPath mount never sees updates, even for a client that re-reads its file)");
    }
    for (WorkloadRecord.Env e : PodRecord.caPathEnv(c)) {
      String value = e.value() == null ? "" : e.value();
      if (!value.isEmpty() && value.startsWith(m.mountPath())) {
        sb.append("; ").append(e.name()).append('=').append(value).append(" points into it");
      }
    }
    return sb.toString();
  }

  private static Finding stale(ObjectRef w, List<Stale> stale) {
    List<String> pods = stale.stream().map(x -> x.pod().meta().name()).distinct().toList();
    List<ObjectRef> bundles = stale.stream().map(x -> x.bundle().ref()).distinct().toList();
    List<String> evidence = new ArrayList<>();
    for (Stale x : stale) {
      evidence.add(
          x.pod().meta().ref().describe()
              + " container "
              + x.container()
              + ": "
              + x.bundle().ref().describe()
              + " "
              + x.how()
              + "; "
              + x.words());
    }
    String ns = w.namespace();
    return new Finding(
        FindingCode.POD_TRUST_STALE,
        Severity.WARNING,
        w,
        bundles,
        w.describe()
            + ": "
            + pods.size()
            + (pods.size() == 1 ? " running pod (" : " running pods (")
            + named(pods)
            + ") started before the data of "
            + String.join(", ", bundles.stream().map(ObjectRef::describe).toList())
            + " last changed: they still trust the CA bundle they read at start, and fail to"
            + " verify servers whose certificates chain only to the new CAs",
        evidence,
        fix(w, ns, pods));
  }

  private static String named(List<String> pods) {
    if (pods.size() <= NAMED_PODS) {
      return String.join(", ", pods);
    }
    return String.join(", ", pods.subList(0, NAMED_PODS))
        + " and "
        + (pods.size() - NAMED_PODS)
        + " more";
  }

  /** The command that restarts the stale pods. */
  static String fix(ObjectRef w, String ns, List<String> pods) {
    if (ROLLABLE.contains(w.kind())) {
      return "Restart them so they read the current bundle: "
          + Shell.command(
              List.of(
                  "kubectl",
                  "-n",
                  ns,
                  "rollout",
                  "restart",
                  w.kind().toLowerCase(Locale.ROOT) + "/" + w.name()));
    }
    return "Delete them so they start again and read the current bundle: "
        + deletePods(ns, pods)
        + ("Pod".equals(w.kind())
            ? " (nothing recreates a bare Pod: re-create it from its manifest)"
            : " (" + w.describe() + " recreates them)");
  }

  /** The command that deletes {@code pods} of namespace {@code ns}, every name quoted. */
  public static String deletePods(String ns, List<String> pods) {
    List<String> words = new ArrayList<>(List.of("kubectl", "-n", ns, "delete", "pod"));
    words.addAll(pods);
    return Shell.command(words);
  }

  /** True when {@code kubectl rollout restart} restarts a workload of this kind. */
  public static boolean rollable(String kind) {
    return ROLLABLE.contains(kind);
  }

  private static Finding unjudged(int pods, List<ObjectRef> bundles) {
    List<String> evidence = new ArrayList<>();
    bundles.forEach(b -> evidence.add(b.describe() + ": no managedFields in the input"));
    return new Finding(
        FindingCode.POD_TRUST_STALE,
        Severity.INFO,
        bundles.get(0),
        bundles.subList(1, bundles.size()),
        "could not judge whether "
            + pods
            + (pods == 1 ? " running pod" : " running pods")
            + " started before the CA bundles they mount last changed: the input"
            + " carries no managedFields for them, which say when an object's data changed",
        evidence,
        "Dump the objects with their change times: "
            + SHOW_MANAGED_FIELDS
            + " (certmedic snapshot and the live reader keep them)");
  }
}
