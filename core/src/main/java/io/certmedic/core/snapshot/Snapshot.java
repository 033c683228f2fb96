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
 * read only in part ({@link Builder#partial(String)}: the controller's Secret cache holds only the
 * Secrets certmedic manages) is never held, so nothing is judged missing for lack of it.
 */
public final class Snapshot {

  private final List<SecretRecord> secrets;
  private final List<ConfigMapRecord> configMaps;
  private final List<ServiceRecord> services;
  private final List<WorkloadRecord> workloads;
  private final List<Caller> callers;
  private final List<CertificateRecord> certificates;
  private final List<IngressRecord> ingresses;
  private final List<GatewayRecord> gateways;
  private final List<ReferenceGrantRecord> referenceGrants;
  private final List<RouteRecord> routes;
  private final List<IssuerRecord> issuers;
  private final List<CertificateRequestRecord> certificateRequests;
  private final List<CertificateSigningRequestRecord> certificateSigningRequests;
  private final List<PodRecord> pods;
  private final List<KubeconfigRecord> kubeconfigs;
  private final List<PemFileRecord> files;
  private final List<Unreadable> unreadable;
  private final List<ProbeObservation> probes;
  private final List<NodePkiRecord> nodePki;
  private final List<SkippedFile> skipped;
  private final Map<String, Integer> ignoredKinds;
  private final Set<String> listedKindNamespaces;
  private final Set<String> partialKinds;
  private final Map<String, SecretRecord> secretsByKey = new HashMap<>();
  private final Map<String, ConfigMapRecord> configMapsByKey = new HashMap<>();
  private final Map<String, ServiceRecord> servicesByKey = new HashMap<>();
  private final Map<String, List<WorkloadRecord>> workloadsByNamespace = new HashMap<>();
  private final List<WorkloadRecord> jobs = new ArrayList<>();
  private final Map<String, CertificateRecord> certificatesByKey = new HashMap<>();
  private final Map<String, IssuerRecord> issuersByKey = new HashMap<>();
  private final Map<String, List<PodRecord>> podsByNamespace = new HashMap<>();
  private final Map<String, List<ReferenceGrantRecord>> grantsByNamespace = new HashMap<>();
  private final List<DefaultSslCertificate> defaultSslCertificates = new ArrayList<>();
  private final Set<String> kindNamespaces = new HashSet<>();

  private Snapshot(Builder b) {
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

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding everything this snapshot holds, to add what a later gather step found
   * (kubeconfig files given on the command line, live probes) without changing this one.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
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
        + nodePki.size();
  }

  /** Collects records; not thread-safe. */
  public static final class Builder {
    private final List<SecretRecord> secrets = new ArrayList<>();
    private final List<ConfigMapRecord> configMaps = new ArrayList<>();
    private final List<ServiceRecord> services = new ArrayList<>();
    private final List<WorkloadRecord> workloads = new ArrayList<>();
    private final List<Caller> callers = new ArrayList<>();
    private final List<CertificateRecord> certificates = new ArrayList<>();
    private final List<IngressRecord> ingresses = new ArrayList<>();
    private final List<GatewayRecord> gateways = new ArrayList<>();
    private final List<ReferenceGrantRecord> referenceGrants = new ArrayList<>();
    private final List<RouteRecord> routes = new ArrayList<>();
    private final List<IssuerRecord> issuers = new ArrayList<>();
    private final List<CertificateRequestRecord> certificateRequests = new ArrayList<>();
    private final List<CertificateSigningRequestRecord> certificateSigningRequests =
        new ArrayList<>();
    private final List<PodRecord> pods = new ArrayList<>();
    private final List<KubeconfigRecord> kubeconfigs = new ArrayList<>();
    private final List<PemFileRecord> files = new ArrayList<>();
    private final List<Unreadable> unreadable = new ArrayList<>();
    private final List<ProbeObservation> probes = new ArrayList<>();
    private final List<NodePkiRecord> nodePki = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();
    private final Map<String, Integer> ignoredKinds = new HashMap<>();
    private final Set<String> listedKindNamespaces = new HashSet<>();
    private final Set<String> partialKinds = new HashSet<>();

    private Builder() {}

    public Builder add(SecretRecord r) {
      secrets.add(r);
      return this;
    }

    public Builder add(ConfigMapRecord r) {
      configMaps.add(r);
      return this;
    }

    public Builder add(ServiceRecord r) {
      services.add(r);
      return this;
    }

    public Builder add(WorkloadRecord r) {
      workloads.add(r);
      return this;
    }

    public Builder add(Caller r) {
      callers.add(r);
      return this;
    }

    public Builder add(CertificateRecord r) {
      certificates.add(r);
      return this;
    }

    public Builder add(IngressRecord r) {
      ingresses.add(r);
      return this;
    }

    public Builder add(GatewayRecord r) {
      gateways.add(r);
      return this;
    }

    public Builder add(ReferenceGrantRecord r) {
      referenceGrants.add(r);
      return this;
    }

    public Builder add(RouteRecord r) {
      routes.add(r);
      return this;
    }

    public Builder add(IssuerRecord r) {
      issuers.add(r);
      return this;
    }

    public Builder add(CertificateRequestRecord r) {
      certificateRequests.add(r);
      return this;
    }

    public Builder add(CertificateSigningRequestRecord r) {
      certificateSigningRequests.add(r);
      return this;
    }

    public Builder add(PodRecord r) {
      pods.add(r);
      return this;
    }

    public Builder add(KubeconfigRecord r) {
      kubeconfigs.add(r);
      return this;
    }

    public Builder add(PemFileRecord r) {
      files.add(r);
      return this;
    }

    public Builder add(Unreadable r) {
      unreadable.add(r);
      return this;
    }

    public Builder add(ProbeObservation r) {
      probes.add(r);
      return this;
    }

    public Builder add(NodePkiRecord r) {
      nodePki.add(r);
      return this;
    }

    public Builder add(SkippedFile r) {
      skipped.add(r);
      return this;
    }

    public Builder addProbes(List<ProbeObservation> rs) {
      probes.addAll(rs);
      return this;
    }

    public Builder ignored(String kind) {
      ignoredKinds.merge(kind.isEmpty() ? "(no kind)" : kind, 1, Integer::sum);
      return this;
    }

    /**
     * Adjusts the count of ignored objects of {@code kind} by {@code n} (negative to take back).
     */
    public Builder ignored(String kind, int n) {
      ignoredKinds.merge(kind.isEmpty() ? "(no kind)" : kind, n, Integer::sum);
      ignoredKinds.remove(kind, 0);
      return this;
    }

    /**
     * Copies everything {@code s} holds except the records whose object {@code keep} refuses (and
     * unreadable entries naming such an object); kubeconfigs, PEM files, node PKI and skipped files
     * are always kept. Used to predict a state from a current one without reading it again.
     */
    public Builder addAll(
        Snapshot s, java.util.function.Predicate<io.certmedic.core.finding.ObjectRef> keep) {
      s.secrets.stream().filter(r -> keep.test(r.meta().ref())).forEach(secrets::add);
      s.configMaps.stream().filter(r -> keep.test(r.meta().ref())).forEach(configMaps::add);
      s.services.stream().filter(r -> keep.test(r.meta().ref())).forEach(services::add);
      s.workloads.stream().filter(r -> keep.test(r.meta().ref())).forEach(workloads::add);
      s.callers.stream().filter(r -> keep.test(r.meta().ref())).forEach(callers::add);
      s.certificates.stream().filter(r -> keep.test(r.meta().ref())).forEach(certificates::add);
      s.ingresses.stream().filter(r -> keep.test(r.meta().ref())).forEach(ingresses::add);
      s.gateways.stream().filter(r -> keep.test(r.meta().ref())).forEach(gateways::add);
      s.referenceGrants.stream()
          .filter(r -> keep.test(r.meta().ref()))
          .forEach(referenceGrants::add);
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
                          io.certmedic.core.finding.ObjectRef.of(
                              u.kind(), u.namespace(), u.name())))
          .forEach(unreadable::add);
      s.ignoredKinds.forEach((k, n) -> ignoredKinds.merge(k, n, Integer::sum));
      for (String kn : s.kindNamespaces) {
        listedKindNamespaces.add(kn);
      }
      partialKinds.addAll(s.partialKinds);
      return this;
    }

    /** Records that {@code kind} was listed in {@code namespace} ("*" for all namespaces). */
    public Builder listed(String kind, String namespace) {
      listedKindNamespaces.add(kind + "/" + namespace);
      return this;
    }

    /**
     * Records that only some objects of {@code kind} were read, in every namespace (a cache
     * filtered by label): {@link Snapshot#holds(String, String)} is then false for that kind
     * whatever else was read or {@link #listed(String, String) listed}, so its absence is never
     * judged.
     */
    public Builder partial(String kind) {
      partialKinds.add(java.util.Objects.requireNonNull(kind, "kind == null"));
      return this;
    }

    public Snapshot build() {
      return new Snapshot(this);
    }
  }
}
