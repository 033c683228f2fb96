package io.certmedic.cli;

import io.certmedic.controller.Controller;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.core.issue.KeyType;
import io.certmedic.kube.live.ClusterConnection;
import io.certmedic.kube.live.ClusterOptions;
import io.certmedic.kube.live.LiveException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code certmedic controller}: runs in the cluster and keeps serving certificates, caBundles and
 * trust bundles right. Every default is a named constant of {@link ControllerOptions}, shown in
 * {@code --help} through {@link Defaults}.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    defaultValueProvider = ControllerCommand.Defaults.class,
    header = "Issues and renews serving certificates in-cluster.",
    description = {
      "Run the certmedic controller (in the cluster, from deploy/). It issues",
      "serving certificates for Services annotated",
      "certmedic.io/serving-cert-secret-name, keeps the trust bundle in objects",
      "annotated certmedic.io/inject-cabundle, copies ConfigMaps annotated",
      "certmedic.io/distribute, rolls workloads annotated",
      "certmedic.io/restart-on-rotation, and rotates its CA without breaking",
      "trust. Serves /metrics, /healthz and /readyz. Runs until SIGTERM."
    },
    footer = {
      "",
      "Examples:",
      "  kubectl apply -k deploy/kustomize/base",
      "  helm install certmedic deploy/helm/certmedic -n certmedic --create-namespace",
      "  certmedic controller --kubeconfig ~/.kube/dev --namespace certmedic \\",
      "    --no-leader-elect",
      "  kubectl annotate service -n spark spark-webhook-svc \\",
      "    certmedic.io/serving-cert-secret-name=spark-webhook-certs",
      "",
      "Exit codes: 0 stopped by a signal, 2 bad flags or the cluster cannot be reached."
    })
final class ControllerCommand implements Callable<Integer> {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Path to a kubeconfig (default: in-cluster, then $KUBECONFIG, then ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
  String context;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "The controller's namespace: CA Secret and Lease (default: $POD_NAMESPACE, else ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--identity",
      paramLabel = "NAME",
      description = "This replica's name in the Lease (default: $POD_NAME, else the host name).")
  String identity;

  @Option(
      names = "--ca-secret",
      paramLabel = "NAME",
      description = "The Secret holding the CA (default: ${DEFAULT-VALUE}).")
  String caSecret;

  @Option(
      names = "--cluster-domain",
      paramLabel = "DOMAIN",
      description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(
      names = "--key-type",
      paramLabel = "TYPE",
      description = "Key type of issued certificates and the CA (default: ${DEFAULT-VALUE}).")
  String keyType;

  @Option(
      names = "--cert-lifetime",
      paramLabel = "DURATION",
      description = "Lifetime of serving certificates (default: ${DEFAULT-VALUE}).")
  String certLifetime;

  @Option(
      names = "--renewal-fraction",
      paramLabel = "F",
      description =
          "Renew a certificate after this fraction of its life (default: ${DEFAULT-VALUE}).")
  String renewalFraction;

  @Option(
      names = "--ca-lifetime",
      paramLabel = "DURATION",
      description = "Lifetime of a CA (default: ${DEFAULT-VALUE}).")
  String caLifetime;

  @Option(
      names = "--ca-rotation-fraction",
      paramLabel = "F",
      description =
          "Start rotating the CA after this fraction of its life (default: ${DEFAULT-VALUE}).")
  String caRotationFraction;

  @Option(
      names = "--propagation-delay",
      paramLabel = "DURATION",
      description =
          "How long each rotation step waits for kubelets to deliver new Secrets and ConfigMaps to pods (default: ${DEFAULT-VALUE}).")
  String propagationDelay;

  @Option(
      names = "--watch-namespace",
      paramLabel = "NS",
      description =
          "Watch only this namespace (repeatable; default: all). Shard by running one controller per set.")
  List<String> watchNamespaces = new ArrayList<>();

  @Option(
      names = "--leader-elect",
      description = "Elect one writing replica through a Lease (the default).")
  boolean leaderElectOn;

  @Option(names = "--no-leader-elect", description = "Run one replica alone, without a Lease.")
  boolean leaderElectOff;

  @Option(
      names = "--cluster-wide-reads",
      description =
          "Let the doctor over the caches also read Pods, Ingresses, CSRs and, where"
              + " discovery serves them, Gateways, Routes and cert-manager kinds cluster-wide,"
              + " read-only (the default; never with --watch-namespace).")
  boolean clusterWideReadsOn;

  @Option(
      names = "--no-cluster-wide-reads",
      description =
          "Read no Pods, Ingresses, CSRs, Gateways, Routes or cert-manager kinds (a namespaced"
              + " install).")
  boolean clusterWideReadsOff;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      description = "The Lease's name (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      description = "How long a leader's Lease holds (default: ${DEFAULT-VALUE}).")
  String leaseDuration;

  @Option(
      names = "--renew-deadline",
      paramLabel = "DURATION",
      description =
          "How long a leader tries to renew before stepping down (default: ${DEFAULT-VALUE}).")
  String renewDeadline;

  @Option(
      names = "--retry-period",
      paramLabel = "DURATION",
      description = "How often candidates try for the Lease (default: ${DEFAULT-VALUE}).")
  String retryPeriod;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Reconcile workers (default: ${DEFAULT-VALUE}).")
  String workers;

  @Option(
      names = "--doctor-interval",
      paramLabel = "DURATION",
      description =
          "How often the doctor runs over the caches for certmedic_findings (default: ${DEFAULT-VALUE}).")
  String doctorInterval;

  @Option(
      names = "--expiry-warning",
      paramLabel = "DURATION",
      description = "The doctor's expiry warning window (default: ${DEFAULT-VALUE}).")
  String expiryWarning;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Port of /metrics (default: ${DEFAULT-VALUE}).")
  String metricsPort;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description = "Port of /healthz and /readyz (default: ${DEFAULT-VALUE}).")
  String healthPort;

  @Option(
      names = "--metrics-bind-address",
      paramLabel = "IP",
      description =
          "The address /metrics listens on, e.g. 127.0.0.1 behind a proxy (default: ${DEFAULT-VALUE}, every interface).")
  String metricsBindAddress;

  @Option(
      names = "--health-bind-address",
      paramLabel = "IP",
      description =
          "The address /healthz and /readyz listen on (default: ${DEFAULT-VALUE}, every interface; the kubelet probes the pod IP).")
  String healthBindAddress;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    ControllerOptions options = options();
    KubernetesClient client;
    try {
      client =
          ClusterConnection.open(
              new ClusterOptions(
                  kubeconfig,
                  context,
                  null,
                  io.certmedic.kube.live.ClusterOptions.DEFAULT_REQUEST_TIMEOUT));
    } catch (LiveException e) {
      throw new UserException(
          e.getMessage()
              + "; check 'kubectl cluster-info"
              + (context == null ? "" : " --context " + context)
              + "'",
          e);
    }
    try (client) {
      Controller c;
      try {
        c = Controller.start(client, options, Clock.systemUTC(), System.err);
      } catch (java.io.IOException e) {
        throw new UserException(
            "cannot serve /metrics or /healthz (--metrics-bind-address "
                + options.metricsBindAddress()
                + " --metrics-port "
                + options.metricsPort()
                + ", --health-bind-address "
                + options.healthBindAddress()
                + " --health-port "
                + options.healthPort()
                + "): "
                + e.getMessage(),
            e);
      } catch (IllegalStateException e) {
        throw new UserException(e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "certmedic-shutdown"));
      c.awaitStop();
    }
    return ExitCode.OK;
  }

  /** The flags as options; every bad value is one line naming the flag. */
  ControllerOptions options() {
    try {
      return new ControllerOptions(
          namespace,
          caSecret,
          clusterDomain,
          parseKeyType(keyType),
          Cli.parseDuration("--cert-lifetime", certLifetime),
          fraction(
              "--renewal-fraction", renewalFraction, ControllerOptions.DEFAULT_RENEWAL_FRACTION),
          Cli.parseDuration("--ca-lifetime", caLifetime),
          fraction(
              "--ca-rotation-fraction",
              caRotationFraction,
              ControllerOptions.DEFAULT_CA_ROTATION_FRACTION),
          Cli.parseDuration("--propagation-delay", propagationDelay),
          watchNamespaces,
          leaderElect(),
          leaseName,
          identity,
          Cli.parseDuration("--lease-duration", leaseDuration),
          Cli.parseDuration("--renew-deadline", renewDeadline),
          Cli.parseDuration("--retry-period", retryPeriod),
          integer("--workers", workers),
          Cli.parseDuration("--doctor-interval", doctorInterval),
          Cli.parseDuration("--expiry-warning", expiryWarning),
          integer("--metrics-port", metricsPort),
          integer("--health-port", healthPort),
          logFormat(logFormat),
          metricsBindAddress.trim(),
          healthBindAddress.trim(),
          clusterWideReads());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private boolean clusterWideReads() {
    if (clusterWideReadsOn && clusterWideReadsOff) {
      throw new UserException(
          "--cluster-wide-reads and --no-cluster-wide-reads contradict each other; give one");
    }
    return !clusterWideReadsOff
        && (clusterWideReadsOn || ControllerOptions.DEFAULT_CLUSTER_WIDE_READS);
  }

  private boolean leaderElect() {
    if (leaderElectOn && leaderElectOff) {
      throw new UserException(
          "--leader-elect and --no-leader-elect contradict each other; give one");
    }
    return leaderElectOff
        ? false
        : leaderElectOn
            || ControllerOptions.defaults(ControllerOptions.DEFAULT_NAMESPACE, "").leaderElect();
  }

  private static KeyType parseKeyType(String v) {
    try {
      return KeyType.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UserException("--key-type: " + e.getMessage());
    }
  }

  /** The fraction written; the default's rounded display stands for the exact constant (2/3). */
  private static double fraction(String flag, String v, double constant) {
    if (v.trim().equals(Defaults.fraction(constant))) {
      return constant;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UserException(flag + ": '" + v + "' is not a number; use e.g. 0.667");
    }
  }

  private static int integer(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UserException(flag + ": '" + v + "' is not a whole number");
    }
  }

  private static ControllerOptions.LogFormat logFormat(String v) {
    try {
      return ControllerOptions.LogFormat.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("--log-format: '" + v + "' is not text or json");
    }
  }

  /**
   * Defaults from ControllerOptions' constants (and the pod's environment), for parsing and for
   * --help.
   */
  static final class Defaults implements CommandLine.IDefaultValueProvider {
    private static final ControllerOptions D =
        ControllerOptions.defaults(ControllerOptions.DEFAULT_NAMESPACE, "certmedic");

    static final Map<String, String> VALUES =
        Map.ofEntries(
            Map.entry("--namespace", ControllerOptions.DEFAULT_NAMESPACE),
            Map.entry("--ca-secret", D.caSecretName()),
            Map.entry("--cluster-domain", D.clusterDomain()),
            Map.entry("--key-type", D.keyType().cliName()),
            Map.entry("--cert-lifetime", duration(D.certLifetime())),
            Map.entry("--renewal-fraction", fraction(D.renewalFraction())),
            Map.entry("--ca-lifetime", duration(D.caLifetime())),
            Map.entry("--ca-rotation-fraction", fraction(D.caRotationFraction())),
            Map.entry("--propagation-delay", duration(D.propagationDelay())),
            Map.entry("--lease-name", D.leaseName()),
            Map.entry("--lease-duration", duration(D.leaseDuration())),
            Map.entry("--renew-deadline", duration(D.renewDeadline())),
            Map.entry("--retry-period", duration(D.retryPeriod())),
            Map.entry("--workers", Integer.toString(D.workers())),
            Map.entry("--doctor-interval", duration(D.doctorInterval())),
            Map.entry("--expiry-warning", duration(D.expiryWarning())),
            Map.entry("--metrics-port", Integer.toString(D.metricsPort())),
            Map.entry("--health-port", Integer.toString(D.healthPort())),
            Map.entry("--metrics-bind-address", D.metricsBindAddress()),
            Map.entry("--health-bind-address", D.healthBindAddress()),
            Map.entry("--log-format", D.logFormat().name().toLowerCase(Locale.ROOT)));

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec o)) {
        return null;
      }
      String name = o.longestName();
      if ("--namespace".equals(name)) {
        return env("POD_NAMESPACE", ControllerOptions.DEFAULT_NAMESPACE);
      }
      if ("--identity".equals(name)) {
        return env("POD_NAME", env("HOSTNAME", "certmedic-" + ProcessHandle.current().pid()));
      }
      return VALUES.get(name);
    }

    private static String env(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }

    static String duration(Duration d) {
      return io.certmedic.core.text.Durations.format(d);
    }

    static String fraction(double f) {
      return String.format(Locale.ROOT, "%.4f", f);
    }
  }
}
