package io.certmedic.controller;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.text.HumanTime;
import java.time.Duration;
import java.util.List;

/**
 * Everything the controller can be told, with its defaults as named constants: the CLI's {@code
 * certmedic controller} flags map onto this one record, and so do the Helm values.
 */
public record ControllerOptions(
    String namespace,
    String caSecretName,
    String clusterDomain,
    KeyType keyType,
    Duration certLifetime,
    double renewalFraction,
    Duration caLifetime,
    double caRotationFraction,
    Duration propagationDelay,
    List<String> watchNamespaces,
    boolean leaderElect,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    int workers,
    Duration doctorInterval,
    Duration expiryWarning,
    int metricsPort,
    int healthPort,
    LogFormat logFormat,
    String metricsBindAddress,
    String healthBindAddress,
    boolean clusterWideReads) {

  /** Where the controller runs when the pod does not say ({@code POD_NAMESPACE}). */
  public static final String DEFAULT_NAMESPACE = "certmedic";

  /** The Secret, in the controller's namespace, that holds the CA keys and the trust bundle. */
  public static final String DEFAULT_CA_SECRET = "certmedic-ca";

  /** Serving certs are renewed after two thirds of their life, as cert-manager does by default. */
  public static final double DEFAULT_RENEWAL_FRACTION = 2.0 / 3.0;

  /**
   * The CA starts its rotation after two thirds of its life: a third (20 months) is left to finish.
   */
  public static final double DEFAULT_CA_ROTATION_FRACTION = 2.0 / 3.0;

  /**
   * How long a new bundle or certificate is given to reach every pod before the next rotation step:
   * the kubelet refreshes mounted Secrets and ConfigMaps within its sync period (1 min) plus its
   * cache TTL (1 min), so 10 minutes leaves a wide margin.
   */
  public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofMinutes(10);

  /** The Lease that elects the one replica that writes. */
  public static final String DEFAULT_LEASE_NAME = "certmedic-controller";

  /** client-go's leader election defaults: a new leader within 15 s of the old one vanishing. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

  /** Reconcile workers: signing is the costly step and the machines it runs on are small. */
  public static final int DEFAULT_WORKERS = 2;

  /** How often the doctor runs over the informer caches for {@code certmedic_findings}. */
  public static final Duration DEFAULT_DOCTOR_INTERVAL = Duration.ofMinutes(5);

  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final int DEFAULT_HEALTH_PORT = 8081;

  /**
   * The address /metrics and the health endpoints listen on: every interface, because in the
   * cluster Prometheus scrapes and the kubelet probes the pod IP. {@code 127.0.0.1} keeps one local
   * (behind a proxy sidecar, or outside a cluster).
   */
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  /**
   * The doctor over the caches also reads Pods, Ingresses and CertificateSigningRequests
   * cluster-wide (read-only), and the Gateway API, OpenShift Route and cert-manager kinds where
   * discovery serves them, so its findings include POD_TRUST_STALE and the other surfaces of issue
   * 13. Never in a namespaced install ({@code watchNamespaces} set): see {@link
   * #readsClusterWide()}.
   */
  public static final boolean DEFAULT_CLUSTER_WIDE_READS = true;

  /** How the controller writes its log lines. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  public ControllerOptions {
    requireNonNull(namespace, "namespace == null");
    requireNonNull(caSecretName, "caSecretName == null");
    requireNonNull(keyType, "keyType == null");
    requireNonNull(logFormat, "logFormat == null");
    requireNonNull(metricsBindAddress, "metricsBindAddress == null");
    requireNonNull(healthBindAddress, "healthBindAddress == null");
    bindAddress(metricsBindAddress, "metrics bind address");
    bindAddress(healthBindAddress, "health bind address");
    clusterDomain =
        clusterDomain == null || clusterDomain.isBlank()
            ? ServiceNames.DEFAULT_CLUSTER_DOMAIN
            : ServiceNames.trimDots(clusterDomain);
    watchNamespaces = List.copyOf(watchNamespaces);
    positive(certLifetime, "cert lifetime");
    positive(caLifetime, "CA lifetime");
    positive(leaseDuration, "lease duration");
    positive(renewDeadline, "renew deadline");
    positive(retryPeriod, "retry period");
    positive(doctorInterval, "doctor interval");
    requireNonNull(propagationDelay, "propagationDelay == null");
    if (propagationDelay.isNegative()) {
      throw new IllegalArgumentException(
          "the propagation delay must not be negative, got " + propagationDelay);
    }
    requireNonNull(expiryWarning, "expiryWarning == null");
    fraction(renewalFraction, "renewal fraction");
    fraction(caRotationFraction, "CA rotation fraction");
    if (!renewDeadline.minus(leaseDuration).isNegative()) {
      throw new IllegalArgumentException(
          "the renew deadline ("
              + HumanTime.duration(renewDeadline)
              + ") must be shorter than the lease duration ("
              + HumanTime.duration(leaseDuration)
              + ")");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (certLifetime.compareTo(caLifetime) >= 0) {
      throw new IllegalArgumentException(
          "the cert lifetime ("
              + HumanTime.duration(certLifetime)
              + ") must be shorter than the CA lifetime ("
              + HumanTime.duration(caLifetime)
              + "); set --cert-lifetime or --ca-lifetime");
    }
  }

  /**
   * True when the caches also hold Pods, Ingresses and CertificateSigningRequests: asked for, and
   * the controller watches every namespace (a namespaced install has no cluster-wide reads).
   */
  public boolean readsClusterWide() {
    return clusterWideReads && watchNamespaces.isEmpty();
  }

  /** A copy with (or without) the cluster-wide reads. */
  public ControllerOptions withClusterWideReads(boolean on) {
    return new ControllerOptions(
        namespace,
        caSecretName,
        clusterDomain,
        keyType,
        certLifetime,
        renewalFraction,
        caLifetime,
        caRotationFraction,
        propagationDelay,
        watchNamespaces,
        leaderElect,
        leaseName,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        doctorInterval,
        expiryWarning,
        metricsPort,
        healthPort,
        logFormat,
        metricsBindAddress,
        healthBindAddress,
        on);
  }

  /** The defaults, in namespace {@code namespace}, with {@code identity} naming this replica. */
  public static ControllerOptions defaults(String namespace, String identity) {
    return new ControllerOptions(
        namespace,
        DEFAULT_CA_SECRET,
        ServiceNames.DEFAULT_CLUSTER_DOMAIN,
        KeyType.DEFAULT,
        ServingCertRequest.DEFAULT_LIFETIME,
        DEFAULT_RENEWAL_FRACTION,
        Issuer.CA_LIFETIME,
        DEFAULT_CA_ROTATION_FRACTION,
        DEFAULT_PROPAGATION_DELAY,
        List.of(),
        true,
        DEFAULT_LEASE_NAME,
        identity,
        DEFAULT_LEASE_DURATION,
        DEFAULT_RENEW_DEADLINE,
        DEFAULT_RETRY_PERIOD,
        DEFAULT_WORKERS,
        DEFAULT_DOCTOR_INTERVAL,
        DoctorOptions.DEFAULT_EXPIRY_WARNING,
        DEFAULT_METRICS_PORT,
        DEFAULT_HEALTH_PORT,
        LogFormat.TEXT,
        DEFAULT_BIND_ADDRESS,
        DEFAULT_BIND_ADDRESS,
        DEFAULT_CLUSTER_WIDE_READS);
  }

  /** A copy with other lifetimes: tests and the simulation shrink years to days. */
  public ControllerOptions withLifetimes(Duration cert, Duration ca, Duration propagation) {
    return new ControllerOptions(
        namespace,
        caSecretName,
        clusterDomain,
        keyType,
        cert,
        renewalFraction,
        ca,
        caRotationFraction,
        propagation,
        watchNamespaces,
        leaderElect,
        leaseName,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        doctorInterval,
        expiryWarning,
        metricsPort,
        healthPort,
        logFormat,
        metricsBindAddress,
        healthBindAddress,
        clusterWideReads);
  }

  /** A copy that does (or does not) take part in leader election. */
  public ControllerOptions withLeaderElection(boolean on) {
    return new ControllerOptions(
        namespace,
        caSecretName,
        clusterDomain,
        keyType,
        certLifetime,
        renewalFraction,
        caLifetime,
        caRotationFraction,
        propagationDelay,
        watchNamespaces,
        on,
        leaseName,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        doctorInterval,
        expiryWarning,
        metricsPort,
        healthPort,
        logFormat,
        metricsBindAddress,
        healthBindAddress,
        clusterWideReads);
  }

  /** A copy with other ports; 0 picks a free one (tests). */
  public ControllerOptions withPorts(int metrics, int health) {
    return new ControllerOptions(
        namespace,
        caSecretName,
        clusterDomain,
        keyType,
        certLifetime,
        renewalFraction,
        caLifetime,
        caRotationFraction,
        propagationDelay,
        watchNamespaces,
        leaderElect,
        leaseName,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        doctorInterval,
        expiryWarning,
        metrics,
        health,
        logFormat,
        metricsBindAddress,
        healthBindAddress,
        clusterWideReads);
  }

  /** A copy listening on other addresses (IP literals). */
  public ControllerOptions withBindAddresses(String metrics, String health) {
    return new ControllerOptions(
        namespace,
        caSecretName,
        clusterDomain,
        keyType,
        certLifetime,
        renewalFraction,
        caLifetime,
        caRotationFraction,
        propagationDelay,
        watchNamespaces,
        leaderElect,
        leaseName,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        doctorInterval,
        expiryWarning,
        metricsPort,
        healthPort,
        logFormat,
        metrics,
        health,
        clusterWideReads);
  }

  /**
   * An IP address literal (IPv4 or IPv6), never a host name: binding must not wait on DNS.
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  private static void bindAddress(String address, String what) {
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    boolean ipv4 =
        a.matches("\\d{1,3}(\\.\\d{1,3}){3}")
            && java.util.Arrays.stream(a.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
    boolean ipv6 = a.contains(":") && a.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " must be an IP address such as 0.0.0.0, 127.0.0.1 or ::1, got '"
              + address
              + "'");
    }
  }

  private static void positive(Duration d, String what) {
    requireNonNull(d, what + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "the " + what + " must be positive, got " + HumanTime.duration(d));
    }
  }

  private static void fraction(double f, String what) {
    if (!(f > 0 && f < 1)) {
      throw new IllegalArgumentException(
          "the " + what + " must be between 0 and 1 (exclusive), got " + f);
    }
  }
}
