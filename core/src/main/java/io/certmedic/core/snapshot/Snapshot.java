package io.certmedic.core.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the checks look at, gathered once from a dump or a cluster and never changed: the
 * kinds that matter for TLS, indexed by namespace and name, what could not be read, and how many
 * objects of other kinds were counted and ignored.
 *
 * <p>{@link #holds(String, String)} answers "does the input include this kind in this namespace at
 * all?": a missing Service or Secret is judged only where the input could have shown it. A kind
 * read only in part ({@link SnapshotBuilder#partial(String)}: the controller's Secret cache holds
 * only the Secrets certmedic manages) is never held, so nothing is judged missing for lack of it.
 */
public final class Snapshot {

  final List<SecretRecord> secrets;
  final List<ConfigMapRecord> configMaps;
  final List<ServiceRecord> services;
  final List<WorkloadRecord> workloads;
  final List<Caller> callers;
  final List<CertificateRecord> certificates;
  final List<IngressRecord> ingresses;
  final List<GatewayRecord> gateways;
  final List<ReferenceGrantRecord> referenceGrants;
  final List<RouteRecord> routes;
  final List<IssuerRecord> issuers;
  final List<CertificateRequestRecord> certificateRequests;
  final List<CertificateSigningRequestRecord> certificateSigningRequests;
  final List<PodRecord> pods;
  final List<KubeconfigRecord> kubeconfigs;
  final List<PemFileRecord> files;
  final List<Unreadable> unreadable;
  final List<ProbeObservation> probes;
  final List<NodePkiRecord> nodePki;
  final List<SkippedFile> skipped;
  final List<NodeRecord> nodes;
  final Map<String, Integer> ignoredKinds;
  final Set<String> listedKindNamespaces;
  final Set<String> partialKinds;
  final Map<String, SecretRecord> secretsByKey = new HashMap<>();
  final Map<String, ConfigMapRecord> configMapsByKey = new HashMap<>();
  final Map<String, ServiceRecord> servicesByKey = new HashMap<>();
  final Map<String, List<WorkloadRecord>> workloadsByNamespace = new HashMap<>();
  final List<WorkloadRecord> jobs = new ArrayList<>();
  final Map<String, CertificateRecord> certificatesByKey = new HashMap<>();
  final Map<String, IssuerRecord> issuersByKey = new HashMap<>();
  final Map<String, List<PodRecord>> podsByNamespace = new HashMap<>();
  final Map<String, List<ReferenceGrantRecord>> grantsByNamespace = new HashMap<>();
  final List<DefaultSslCertificate> defaultSslCertificates = new ArrayList<>();
  final Set<String> kindNamespaces = new HashSet<>();

  Snapshot(SnapshotBuilder b) {
    this.secrets = List.copyOf(b.secrets);
    this.configMaps = List.copyOf(b.configMaps);
    this.services = List.copyOf(b.services);
    this.workloads = List.copyOf(b.workloads);
    this.callers = List.copyOf(b.callers);
    this.certificates = List.copyOf(b.certificates);
    this.ingresses = List.copyOf(b.ingresses);
    this.gateways = List.copyOf(b.gateways);
    this.referenceGrants = List.copyOf(b.referenceGrants);
    this.routes = List.copyOf(b.routes);
    this.issuers = List.copyOf(b.issuers);
    this.certificateRequests = List.copyOf(b.certificateRequests);
    this.certificateSigningRequests = List.copyOf(b.certificateSigningRequests);
    this.pods = List.copyOf(b.pods);
    this.kubeconfigs = List.copyOf(b.kubeconfigs);
    this.files = List.copyOf(b.files);
    this.unreadable = List.copyOf(b.unreadable);
    this.probes = List.copyOf(b.probes);
    this.nodePki = List.copyOf(b.nodePki);
    this.skipped = List.copyOf(b.skipped);
    this.nodes = List.copyOf(b.nodes);
    this.listedKindNamespaces = Set.copyOf(b.listedKindNamespaces);
    this.partialKinds = Set.copyOf(b.partialKinds);
    this.ignoredKinds = Collections.unmodifiableMap(new TreeMap<>(b.ignoredKinds));
    for (SecretRecord s : secrets) {
      secretsByKey.put(key(s.meta().namespace(), s.meta().name()), s);
      kindNamespaces.add("Secret/" + s.meta().namespace());
    }
    for (ConfigMapRecord c : configMaps) {
      configMapsByKey.put(key(c.meta().namespace(), c.meta().name()), c);
      kindNamespaces.add("ConfigMap/" + c.meta().namespace());
    }
    for (ServiceRecord s : services) {
      servicesByKey.put(key(s.meta().namespace(), s.meta().name()), s);
      kindNamespaces.add("Service/" + s.meta().namespace());
    }
    for (CertificateRecord c : certificates) {
      certificatesByKey.put(key(c.meta().namespace(), c.meta().name()), c);
      kindNamespaces.add("Certificate/" + c.meta().namespace());
    }
    for (IssuerRecord i : issuers) {
      issuersByKey.put(i.meta().ref().kind() + "/" + key(i.meta().namespace(), i.meta().name()), i);
      kindNamespaces.add(i.meta().ref().kind() + "/" + i.meta().namespace());
    }
    for (PodRecord p : pods) {
      podsByNamespace.computeIfAbsent(p.meta().namespace(), k -> new ArrayList<>()).add(p);
      kindNamespaces.add("Pod/" + p.meta().namespace());
    }
    for (ReferenceGrantRecord g : referenceGrants) {
      grantsByNamespace.computeIfAbsent(g.meta().namespace(), k -> new ArrayList<>()).add(g);
      kindNamespaces.add("ReferenceGrant/" + g.meta().namespace());
    }
    ingresses.forEach(r -> kindNamespaces.add("Ingress/" + r.meta().namespace()));
    nodes.forEach(r -> kindNamespaces.add("Node/"));
    gateways.forEach(r -> kindNamespaces.add("Gateway/" + r.meta().namespace()));
    routes.forEach(r -> kindNamespaces.add("Route/" + r.meta().namespace()));
    certificateRequests.forEach(
        r -> kindNamespaces.add("CertificateRequest/" + r.meta().namespace()));
    certificateSigningRequests.forEach(r -> kindNamespaces.add("CertificateSigningRequest/"));
    for (WorkloadRecord w : workloads) {
      workloadsByNamespace.computeIfAbsent(w.meta().namespace(), k -> new ArrayList<>()).add(w);
      String kind = w.meta().ref().kind();
      if ("Job".equals(kind) || "CronJob".equals(kind)) {
        jobs.add(w);
      }
      if (w.containers().stream()
          .anyMatch(
              c -> c.args().stream().anyMatch(a -> a.startsWith(DefaultSslCertificate.FLAG)))) {
        defaultSslCertificates.addAll(DefaultSslCertificate.of(w));
      }
    }
    kindNamespaces.addAll(b.listedKindNamespaces);
  }

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }

  public static SnapshotBuilder builder() {
    return new SnapshotBuilder();
  }

  /**
   * A builder holding everything this snapshot holds, to add what a later gather step found
   * (kubeconfig files given on the command line, live probes) without changing this one.
   */
  public SnapshotBuilder toBuilder() {
    SnapshotBuilder b = new SnapshotBuilder();
    b.secrets.addAll(secrets);
    b.configMaps.addAll(configMaps);
    b.services.addAll(services);
    b.workloads.addAll(workloads);
    b.callers.addAll(callers);
    b.certificates.addAll(certificates);
    b.ingresses.addAll(ingresses);
    b.gateways.addAll(gateways);
    b.referenceGrants.addAll(referenceGrants);
    b.routes.addAll(routes);
    b.issuers.addAll(issuers);
    b.certificateRequests.addAll(certificateRequests);
    b.certificateSigningRequests.addAll(certificateSigningRequests);
    b.pods.addAll(pods);
    b.kubeconfigs.addAll(kubeconfigs);
    b.files.addAll(files);
    b.unreadable.addAll(unreadable);
    b.probes.addAll(probes);
    b.nodePki.addAll(nodePki);
    b.skipped.addAll(skipped);
    b.nodes.addAll(nodes);
    b.ignoredKinds.putAll(ignoredKinds);
    b.listedKindNamespaces.addAll(listedKindNamespaces);
    b.partialKinds.addAll(partialKinds);
    return b;
  }

  public List<SecretRecord> secrets() {
    return secrets;
  }

  public List<ConfigMapRecord> configMaps() {
    return configMaps;
  }

  public List<ServiceRecord> services() {
    return services;
  }

  public List<WorkloadRecord> workloads() {
    return workloads;
  }

  public List<Caller> callers() {
    return callers;
  }

  public List<CertificateRecord> certificates() {
    return certificates;
  }

  public List<IngressRecord> ingresses() {
    return ingresses;
  }

  public List<GatewayRecord> gateways() {
    return gateways;
  }

  public List<ReferenceGrantRecord> referenceGrants() {
    return referenceGrants;
  }

  public List<RouteRecord> routes() {
    return routes;
  }

  public List<IssuerRecord> issuers() {
    return issuers;
  }

  public List<CertificateRequestRecord> certificateRequests() {
    return certificateRequests;
  }

  public List<CertificateSigningRequestRecord> certificateSigningRequests() {
    return certificateSigningRequests;
  }

  public List<PodRecord> pods() {
    return pods;
  }

  /** A cert-manager Certificate by namespace and name. */
  public Optional<CertificateRecord> certificate(String namespace, String name) {
    return Optional.ofNullable(certificatesByKey.get(key(namespace, name)));
  }

  /**
   * A cert-manager Issuer ({@code kind} "Issuer", in {@code namespace}) or ClusterIssuer ({@code
   * kind} "ClusterIssuer", {@code namespace} ignored).
   */
  public Optional<IssuerRecord> issuer(String kind, String namespace, String name) {
    String ns = "ClusterIssuer".equals(kind) ? "" : namespace;
    return Optional.ofNullable(issuersByKey.get(kind + "/" + key(ns, name)));
  }

  /** The running Pods of {@code namespace}, as read. */
  public List<PodRecord> podsIn(String namespace) {
    return podsByNamespace.getOrDefault(namespace, List.of());
  }

  /**
   * The ReferenceGrants of {@code namespace} (the namespace of the objects they let others use).
   */
  public List<ReferenceGrantRecord> referenceGrantsIn(String namespace) {
    return grantsByNamespace.getOrDefault(namespace, List.of());
  }

  /**
   * Every ingress-nginx {@code --default-ssl-certificate} on a workload's containers, one per
   * workload that carries it (a Deployment and each of its Pods, when both were read).
   */
  public List<DefaultSslCertificate> defaultSslCertificates() {
    return Collections.unmodifiableList(defaultSslCertificates);
  }

  /**
   * True when some Secret or ConfigMap of the input carried managedFields, so that when their data
   * changed is known ({@link DataChange}).
   */
  public boolean dataChangeRecorded() {
    return secrets.stream().anyMatch(r -> r.dataChange().managedFields())
        || configMaps.stream().anyMatch(r -> r.dataChange().managedFields());
  }

  public List<KubeconfigRecord> kubeconfigs() {
    return kubeconfigs;
  }

  public List<PemFileRecord> files() {
    return files;
  }

  public List<Unreadable> unreadable() {
    return unreadable;
  }

  /**
   * Live TLS handshakes made for callers and kubeconfig servers (empty unless probing was asked
   * for).
   */
  public List<ProbeObservation> probes() {
    return probes;
  }

  /** Node certificate directories (kubeadm's /etc/kubernetes, a kubelet's pki), read from files. */
  public List<NodePkiRecord> nodePki() {
    return nodePki;
  }

  /** Nodes, for {@code doctor --probe} to dial their kubelets. */
  public List<NodeRecord> nodes() {
    return nodes;
  }

  /** Files a directory walk found and did not read, each with the reason (never findings). */
  public List<SkippedFile> skipped() {
    return skipped;
  }

  /** Kinds counted and ignored, by name, sorted. */
  public Map<String, Integer> ignoredKinds() {
    return ignoredKinds;
  }

  public Optional<SecretRecord> secret(String namespace, String name) {
    return Optional.ofNullable(secretsByKey.get(key(namespace, name)));
  }

  public Optional<ConfigMapRecord> configMap(String namespace, String name) {
    return Optional.ofNullable(configMapsByKey.get(key(namespace, name)));
  }

  public Optional<ServiceRecord> service(String namespace, String name) {
    return Optional.ofNullable(servicesByKey.get(key(namespace, name)));
  }

  /** The Jobs and CronJobs among {@link #workloads()}, in the same order. */
  public List<WorkloadRecord> jobs() {
    return Collections.unmodifiableList(jobs);
  }

  public List<WorkloadRecord> workloadsIn(String namespace) {
    return workloadsByNamespace.getOrDefault(namespace, List.of());
  }

  /**
   * True when the input holds objects of {@code kind} in {@code namespace}, or was listed for that
   * kind there (a live read that found none), so that absence there means something. Always false
   * for a kind read only in part ({@link #partial(String)}).
   */
  public boolean holds(String kind, String namespace) {
    if (partialKinds.contains(kind)) {
      return false;
    }
    return kindNamespaces.contains(kind + "/" + namespace) || kindNamespaces.contains(kind + "/*");
  }

  /**
   * True when only some objects of {@code kind} were read (a filtered cache), so that an object of
   * that kind missing from the input may well exist.
   */
  public boolean partial(String kind) {
    return partialKinds.contains(kind);
  }

  public int objectCount() {
    return secrets.size()
        + configMaps.size()
        + services.size()
        + workloads.size()
        + callers.size()
        + certificates.size()
        + ingresses.size()
        + gateways.size()
        + referenceGrants.size()
        + routes.size()
        + issuers.size()
        + certificateRequests.size()
        + certificateSigningRequests.size()
        + kubeconfigs.size()
        + files.size()
        + nodePki.size()
        + nodes.size();
  }
}
