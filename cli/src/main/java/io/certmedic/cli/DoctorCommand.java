package io.certmedic.cli;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.PemFileRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.snapshot.Unreadable;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.text.Durations;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.probe.Fabric8PortForwarder;
import io.certmedic.kube.probe.NodeProbes;
import io.certmedic.kube.probe.ServerProbes;
import io.certmedic.kube.probe.ServingProbes;
import io.certmedic.kube.snapshot.DumpReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certmedic doctor}: read a dump or manifests, run every check, print the findings. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    header = "Finds what breaks TLS in a cluster or a dump.",
    description = {
      "Find what breaks TLS between the API server and the webhooks, conversion",
      "webhooks and aggregated APIs it calls: names a certificate lacks, caBundles",
      "that do not trust it, expired or expiring certificates, missing Services and",
      "Secrets, unreadable input. Reads files, directories (recursively) or '-' for",
      "stdin: a kubectl dump, Helm output or plain manifests. Each finding names the",
      "object, the evidence and the fix."
    },
    footer = {
      "",
      "Examples:",
      "  certmedic doctor -f examples/",
      "  K=validatingwebhookconfigurations,mutatingwebhookconfigurations,apiservices",
      "  kubectl get $K,crd,svc,deploy,sts,ds,secrets,configmaps -A -o yaml \\",
      "      | certmedic doctor -f -",
      "  helm template ... | certmedic doctor -f - -o sarif > certmedic.sarif",
      "  certmedic doctor -f dump.yaml --at 2026-12-24T00:00:00Z  # broken by then?",
      "  certmedic doctor -f dump.yaml -n payments --wide",
      "",
      "  # a control-plane node: kubeadm's expiry table, then the findings",
      "  sudo certmedic doctor -f /etc/kubernetes -f /var/lib/kubelet/pki",
      "",
      "  # live: also shake hands with a ready pod behind every webhook, conversion",
      "  # webhook and APIService (port-forward through the API server, as it dials)",
      "  certmedic doctor --probe --probe-timeout 3s",
      "",
      "  # a node's kubeconfig against the cluster's current CAs and its live server",
      "  certmedic doctor --kubeconfig-file /etc/kubernetes/kubeconfig --probe",
      "  certmedic doctor -f dump.yaml --kubeconfig-file node1.kubeconfig \\",
      "    --kubeconfig-file ci.kubeconfig",
      "",
      "--probe is opt-in and live: with -f it probes only the servers of kubeconfigs",
      "(--kubeconfig-file, or kubeconfigs in the dump) and the kubelets of the Nodes in",
      "the dump; callers need a cluster. Probing callers needs 'get pods' and",
      "'create pods/portforward'; kubelets are dialled directly at each Node's",
      "InternalIP (then ExternalIP, then Hostname) and kubelet port.",
      "",
      "Exit codes: 0 nothing at or above --fail-on, 1 a finding at or above it,",
      "2 a usage error or an input that cannot be read at all."
    })
final class DoctorCommand implements Callable<Integer> {

  /** Report reading progress on a terminal from this many objects: smaller inputs are instant. */
  static final int PROGRESS_MIN_OBJECTS = 1_000;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description =
          "A file, a directory (read recursively; files it does not read are named in the summary) or '-' for stdin; repeatable. A path with nothing to judge exits 2. Without -f the doctor reads the cluster of the current kubeconfig context.")
  List<String> paths;

  @picocli.CommandLine.Mixin ClusterFlags cluster = new ClusterFlags();

  @picocli.CommandLine.Mixin FormatFlag output = new FormatFlag();

  @Option(
      names = "--wide",
      description = "Table output: show the evidence and the fix under each finding.")
  boolean wide;

  @picocli.CommandLine.Mixin FailOnFlag failOn = new FailOnFlag();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Keep only findings whose object or a related object is in this namespace.")
  String namespace;

  @Option(
      names = "--probe",
      description =
          "Also make real TLS handshakes: to a ready pod behind each webhook, conversion webhook and APIService (live only; port-forwarded, SNI svc.ns.svc, "
              + "verified with the caller's caBundle) and to the server of each kubeconfig (verified with its certificate-authority-data), and to each Node's kubelet port at the address the API server dials (its served names and expiry judged). With -f only kubeconfig servers and the dump's Nodes are probed.")
  boolean probe;

  @Option(
      names = "--probe-timeout",
      paramLabel = "DURATION",
      description =
          "With --probe: how long one handshake may take to connect, and again to complete: 5s, 1m; a bare number is seconds (default: ${DEFAULT-VALUE}).")
  String probeTimeout = Durations.format(ServingProbes.DEFAULT_TIMEOUT);

  @Option(
      names = "--kubeconfig-file",
      paramLabel = "FILE",
      description =
          "A kubeconfig to check (a node's /etc/kubernetes/kubeconfig, a CI kubeconfig), repeatable: its certificate-authority-data against the cluster's current CA "
              + "bundles and, with --probe, against what its server presents. Not the kubeconfig used to connect (that is --kubeconfig).")
  List<String> kubeconfigFiles;

  @picocli.CommandLine.Mixin JudgeFlags judge = new JudgeFlags();

  @Spec CommandSpec spec;

  private List<KubeconfigRecord> readKubeconfigFiles() {
    if (kubeconfigFiles == null || kubeconfigFiles.isEmpty()) {
      return List.of();
    }
    try {
      return DumpReader.readKubeconfigs(kubeconfigFiles);
    } catch (ManifestException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private Snapshot readDump() {
    return SnapshotInput.dump(paths);
  }

  /**
   * Live mode: the current (or --context) cluster, with kubectl's flags; with {@code probeBound},
   * its callers probed too.
   */
  private Snapshot readCluster(Duration probeBound) {
    return SnapshotInput.cluster(
        cluster,
        namespace,
        spec.commandLine().getErr(),
        (client, s) ->
            probeBound == null
                ? s
                : s.toBuilder()
                    .addProbes(
                        ServingProbes.gather(
                            client,
                            s,
                            new Fabric8PortForwarder(client),
                            probeBound,
                            Clock.systemUTC()))
                    .build());
  }

  @Override
  public Integer call() {
    Renderers.Format format = output.format();
    DoctorResult.FailOn threshold = failOn.level();
    DoctorOptions options = judge.options();
    Instant when = options.at();
    if (namespace != null && namespace.isBlank()) {
      throw new UserException("--namespace: give a namespace name");
    }

    Duration probeBound = probe ? Cli.parseTimeout("--probe-timeout", probeTimeout) : null;
    if (probeBound != null && probeBound.isZero()) {
      throw new UserException("--probe-timeout: give a positive duration, e.g. 5s");
    }
    List<KubeconfigRecord> extraKubeconfigs = readKubeconfigFiles();

    Snapshot snapshot = paths == null || paths.isEmpty() ? readCluster(probeBound) : readDump();
    if (!extraKubeconfigs.isEmpty() || probe) {
      SnapshotBuilder b = snapshot.toBuilder();
      extraKubeconfigs.forEach(b::add);
      if (probe) {
        List<KubeconfigRecord> all = new ArrayList<>(snapshot.kubeconfigs());
        all.addAll(extraKubeconfigs);
        b.addProbes(ServerProbes.gather(all, probeBound, Clock.systemUTC()));
        b.addProbes(NodeProbes.gather(snapshot.nodes(), probeBound, Clock.systemUTC()));
      }
      snapshot = b.build();
    }
    PrintWriter err = spec.commandLine().getErr();
    if (System.console() != null) {
      progress(snapshot, paths == null ? List.of("cluster") : paths)
          .ifPresent(
              line -> {
                err.println(line);
                err.flush();
              });
    }

    Report report = Doctor.run(snapshot, options);
    if (namespace != null) {
      report = inNamespace(report, namespace);
    }
    if (namespace != null && !mentions(snapshot, namespace)) {
      err.println(
          "certmedic: -n "
              + namespace
              + ": the input holds no object certmedic reads in namespace "
              + namespace
              + " (check the name, or that the dump or the cluster includes it)");
      err.flush();
    }
    DoctorResult result =
        new DoctorResult(
            report,
            when,
            threshold,
            sources(snapshot),
            snapshot.nodePki(),
            snapshot.skipped(),
            snapshot);
    PrintWriter out = spec.commandLine().getOut();
    out.print(Renderers.render(format, result, Terminal.colour(), wide, Terminal.width()));
    out.flush();
    return result.exitCode();
  }

  /**
   * The findings about {@code ns}: on an object in it, or related to one in it (a cluster-scoped
   * webhook configuration that calls a Service in {@code ns} counts).
   */
  static Report inNamespace(Report r, String ns) {
    List<Finding> kept =
        r.findings().stream()
            .filter(
                f ->
                    f.object().namespace().equals(ns)
                        || f.related().stream().anyMatch(o -> o.namespace().equals(ns)))
            .toList();
    return new Report(kept, r.objects(), r.ignoredKinds());
  }

  /**
   * True when {@code s} holds an object in namespace {@code ns}, or a caller whose Service is in
   * it.
   */
  static boolean mentions(Snapshot s, String ns) {
    return s.secrets().stream().anyMatch(r -> r.meta().namespace().equals(ns))
        || s.configMaps().stream().anyMatch(r -> r.meta().namespace().equals(ns))
        || s.services().stream().anyMatch(r -> r.meta().namespace().equals(ns))
        || s.workloads().stream().anyMatch(r -> r.meta().namespace().equals(ns))
        || s.certificates().stream().anyMatch(r -> r.meta().namespace().equals(ns))
        || s.callers().stream()
            .anyMatch(
                c ->
                    c.meta().namespace().equals(ns)
                        || (c.client().service() != null
                            && c.client().service().namespace().equals(ns)))
        || s.unreadable().stream().anyMatch(u -> u.namespace().equals(ns));
  }

  /** {@code read 12,345 objects from dump.json}, for inputs big enough to take a moment. */
  static Optional<String> progress(Snapshot s, List<String> paths) {
    int total =
        s.objectCount()
            + s.unreadable().size()
            + s.ignoredKinds().values().stream().mapToInt(Integer::intValue).sum();
    if (total < PROGRESS_MIN_OBJECTS) {
      return Optional.empty();
    }
    String from =
        paths.size() == 1
            ? ("-".equals(paths.get(0)) ? "stdin" : paths.get(0))
            : paths.size() + " inputs";
    return Optional.of("read " + Renderers.objects(total) + " from " + from);
  }

  /** Where each object was read, for renderers that point at files (SARIF). */
  static Map<ObjectRef, String> sources(Snapshot s) {
    Map<ObjectRef, String> m = new HashMap<>();
    for (SecretRecord r : s.secrets()) {
      put(m, r.meta());
    }
    for (ConfigMapRecord r : s.configMaps()) {
      put(m, r.meta());
    }
    for (ServiceRecord r : s.services()) {
      put(m, r.meta());
    }
    for (WorkloadRecord r : s.workloads()) {
      put(m, r.meta());
    }
    for (Caller r : s.callers()) {
      put(m, r.meta());
    }
    for (CertificateRecord r : s.certificates()) {
      put(m, r.meta());
    }
    for (Unreadable u : s.unreadable()) {
      if (!u.kind().isEmpty()) {
        m.putIfAbsent(ObjectRef.of(u.kind(), u.namespace(), u.name()), u.where());
      }
    }
    for (KubeconfigRecord k : s.kubeconfigs()) {
      m.putIfAbsent(DoctorResult.file(k.source()), k.source());
    }
    for (PemFileRecord p : s.files()) {
      m.putIfAbsent(DoctorResult.file(p.source()), p.source());
    }
    return m;
  }

  private static void put(Map<ObjectRef, String> m, Meta meta) {
    if (!meta.where().isEmpty()) {
      m.putIfAbsent(meta.ref(), meta.where());
    }
  }
}
