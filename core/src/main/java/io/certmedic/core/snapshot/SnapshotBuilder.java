package io.certmedic.core.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the records of a {@link Snapshot}; not thread-safe. {@link Snapshot#builder()} makes an
 * empty one, {@link Snapshot#toBuilder()} one holding everything a snapshot holds.
 */
public final class SnapshotBuilder {

  final List<SecretRecord> secrets = new ArrayList<>();
  final List<ConfigMapRecord> configMaps = new ArrayList<>();
  final List<ServiceRecord> services = new ArrayList<>();
  final List<WorkloadRecord> workloads = new ArrayList<>();
  final List<Caller> callers = new ArrayList<>();
  final List<CertificateRecord> certificates = new ArrayList<>();
  final List<IngressRecord> ingresses = new ArrayList<>();
  final List<GatewayRecord> gateways = new ArrayList<>();
  final List<ReferenceGrantRecord> referenceGrants = new ArrayList<>();
  final List<RouteRecord> routes = new ArrayList<>();
  final List<IssuerRecord> issuers = new ArrayList<>();
  final List<CertificateRequestRecord> certificateRequests = new ArrayList<>();
  final List<CertificateSigningRequestRecord> certificateSigningRequests = new ArrayList<>();
  final List<PodRecord> pods = new ArrayList<>();
  final List<KubeconfigRecord> kubeconfigs = new ArrayList<>();
  final List<PemFileRecord> files = new ArrayList<>();
  final List<Unreadable> unreadable = new ArrayList<>();
  final List<ProbeObservation> probes = new ArrayList<>();
  final List<NodePkiRecord> nodePki = new ArrayList<>();
  final List<SkippedFile> skipped = new ArrayList<>();
  final List<NodeRecord> nodes = new ArrayList<>();
  final Map<String, Integer> ignoredKinds = new HashMap<>();
  final Set<String> listedKindNamespaces = new HashSet<>();
  final Set<String> partialKinds = new HashSet<>();

  SnapshotBuilder() {}

  public SnapshotBuilder add(SecretRecord r) {
    secrets.add(r);
    return this;
  }

  public SnapshotBuilder add(ConfigMapRecord r) {
    configMaps.add(r);
    return this;
  }

  public SnapshotBuilder add(ServiceRecord r) {
    services.add(r);
    return this;
  }

  public SnapshotBuilder add(WorkloadRecord r) {
    workloads.add(r);
    return this;
  }

  public SnapshotBuilder add(Caller r) {
    callers.add(r);
    return this;
  }

  public SnapshotBuilder add(CertificateRecord r) {
    certificates.add(r);
    return this;
  }

  public SnapshotBuilder add(IngressRecord r) {
    ingresses.add(r);
    return this;
  }

  public SnapshotBuilder add(GatewayRecord r) {
    gateways.add(r);
    return this;
  }

  public SnapshotBuilder add(ReferenceGrantRecord r) {
    referenceGrants.add(r);
    return this;
  }

  public SnapshotBuilder add(RouteRecord r) {
    routes.add(r);
    return this;
  }

  public SnapshotBuilder add(IssuerRecord r) {
    issuers.add(r);
    return this;
  }

  public SnapshotBuilder add(CertificateRequestRecord r) {
    certificateRequests.add(r);
    return this;
  }

  public SnapshotBuilder add(CertificateSigningRequestRecord r) {
    certificateSigningRequests.add(r);
    return this;
  }

  public SnapshotBuilder add(NodeRecord r) {
    nodes.add(r);
    return this;
  }

  public SnapshotBuilder add(PodRecord r) {
    pods.add(r);
    return this;
  }

  public SnapshotBuilder add(KubeconfigRecord r) {
    kubeconfigs.add(r);
    return this;
  }

  public SnapshotBuilder add(PemFileRecord r) {
    files.add(r);
    return this;
  }

  public SnapshotBuilder add(Unreadable r) {
    unreadable.add(r);
    return this;
  }

  public SnapshotBuilder add(ProbeObservation r) {
    probes.add(r);
    return this;
  }

  public SnapshotBuilder add(NodePkiRecord r) {
    nodePki.add(r);
    return this;
  }

  public SnapshotBuilder add(SkippedFile r) {
    skipped.add(r);
    return this;
  }

  public SnapshotBuilder addProbes(List<ProbeObservation> rs) {
    probes.addAll(rs);
    return this;
  }

  public SnapshotBuilder ignored(String kind) {
    ignoredKinds.merge(kind.isEmpty() ? "(no kind)" : kind, 1, Integer::sum);
    return this;
  }

  /** Adjusts the count of ignored objects of {@code kind} by {@code n} (negative to take back). */
  public SnapshotBuilder ignored(String kind, int n) {
    ignoredKinds.merge(kind.isEmpty() ? "(no kind)" : kind, n, Integer::sum);
    ignoredKinds.remove(kind, 0);
    return this;
  }

  /**
   * Copies everything {@code s} holds except the records whose object {@code keep} refuses (and
   * unreadable entries naming such an object); kubeconfigs, PEM files, node PKI and skipped files
   * are always kept. Used to predict a state from a current one without reading it again.
   */
  public SnapshotBuilder addAll(
      Snapshot s, java.util.function.Predicate<io.certmedic.core.finding.ObjectRef> keep) {
    s.secrets.stream().filter(r -> keep.test(r.meta().ref())).forEach(secrets::add);
    s.configMaps.stream().filter(r -> keep.test(r.meta().ref())).forEach(configMaps::add);
    s.services.stream().filter(r -> keep.test(r.meta().ref())).forEach(services::add);
    s.workloads.stream().filter(r -> keep.test(r.meta().ref())).forEach(workloads::add);
    s.callers.stream().filter(r -> keep.test(r.meta().ref())).forEach(callers::add);
    s.certificates.stream().filter(r -> keep.test(r.meta().ref())).forEach(certificates::add);
    s.ingresses.stream().filter(r -> keep.test(r.meta().ref())).forEach(ingresses::add);
    s.gateways.stream().filter(r -> keep.test(r.meta().ref())).forEach(gateways::add);
    s.referenceGrants.stream().filter(r -> keep.test(r.meta().ref())).forEach(referenceGrants::add);
    s.routes.stream().filter(r -> keep.test(r.meta().ref())).forEach(routes::add);
    s.issuers.stream().filter(r -> keep.test(r.meta().ref())).forEach(issuers::add);
    s.certificateRequests.stream()
        .filter(r -> keep.test(r.meta().ref()))
        .forEach(certificateRequests::add);
    s.certificateSigningRequests.stream()
        .filter(r -> keep.test(r.meta().ref()))
        .forEach(certificateSigningRequests::add);
    s.pods.stream().filter(r -> keep.test(r.meta().ref())).forEach(pods::add);
    kubeconfigs.addAll(s.kubeconfigs);
    files.addAll(s.files);
    nodePki.addAll(s.nodePki);
    skipped.addAll(s.skipped);
    s.unreadable.stream()
        .filter(
            u ->
                u.kind().isEmpty()
                    || keep.test(
                        io.certmedic.core.finding.ObjectRef.of(u.kind(), u.namespace(), u.name())))
        .forEach(unreadable::add);
    s.ignoredKinds.forEach((k, n) -> ignoredKinds.merge(k, n, Integer::sum));
    for (String kn : s.kindNamespaces) {
      listedKindNamespaces.add(kn);
    }
    partialKinds.addAll(s.partialKinds);
    return this;
  }

  /** Records that {@code kind} was listed in {@code namespace} ("*" for all namespaces). */
  public SnapshotBuilder listed(String kind, String namespace) {
    listedKindNamespaces.add(kind + "/" + namespace);
    return this;
  }

  /**
   * Records that only some objects of {@code kind} were read, in every namespace (a cache filtered
   * by label): {@link Snapshot#holds(String, String)} is then false for that kind whatever else was
   * read or {@link #listed(String, String) listed}, so its absence is never judged.
   */
  public SnapshotBuilder partial(String kind) {
    partialKinds.add(java.util.Objects.requireNonNull(kind, "kind == null"));
    return this;
  }

  public Snapshot build() {
    return new Snapshot(this);
  }
}
