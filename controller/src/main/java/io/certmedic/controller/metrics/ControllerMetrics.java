package io.certmedic.controller.metrics;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.ListFailure;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.rotation.Phase;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.reissue.ReissueReason;
import io.fabric8.kubernetes.api.model.Secret;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The controller's Prometheus metrics. Everything but the two reconcile counters and the reissue
 * counter is computed at scrape time from the informer caches ({@link View}) and holders (the
 * doctor's last run, leadership), never updated inside a reconcile loop:
 *
 * <ul>
 *   <li>{@code certmedic_certificate_not_after_timestamp_seconds{namespace,secret,service}}: every
 *       managed Secret ({@value Annotations#MANAGED_LABEL}=true) whose {@code tls.crt} parses, and
 *       the CA Secret's signer certificate ({@code service=""}).
 *   <li>{@code certmedic_certificate_renewal_timestamp_seconds{namespace,secret,service}}: when the
 *       controller renews it, {@code notBefore + renewalFraction * lifetime} (for the CA: the CA
 *       rotation fraction, when its rotation starts).
 *   <li>{@code certmedic_findings{code,severity}}: the doctor's last run over the caches.
 *   <li>{@code certmedic_reconcile_total{result}}, {@code certmedic_reconcile_duration_seconds}:
 *       fed by {@link #reconciled(String, Duration)} as reconciles finish.
 *   <li>{@code certmedic_reissue_total{reason}}: fed by {@link #reissued(ReissueReason)}.
 *   <li>{@code certmedic_ca_rotation_phase}: the CA Secret's phase ordinal; no sample without it.
 *   <li>{@code certmedic_leader}: 1 while this replica leads.
 *   <li>{@code certmedic_cache_list_failures_total{kind,reason}}: fed by {@link
 *       #listFailed(ListFailure)} each time the caches fail to list a kind.
 * </ul>
 *
 * <p>Certificates are parsed once per Secret version (uid, resourceVersion), so a scrape over 1,000
 * unchanged Secrets parses none. No private key is ever read.
 */
public final class ControllerMetrics {

  public static final String RESULT_SUCCESS = "success";
  public static final String RESULT_CONFLICT = "conflict";
  public static final String RESULT_ERROR = "error";
  private static final List<String> RESULTS =
      List.of(RESULT_SUCCESS, RESULT_CONFLICT, RESULT_ERROR);

  /**
   * The CA Secret's data key holding the signer's certificate first ({@code kubernetes.io/tls}
   * layout, as service-ca's signing Secret); a bundle after it is ignored.
   */
  public static final String CA_SIGNER_CERT_KEY = "tls.crt";

  /** A managed serving Secret's certificate. */
  static final String TLS_CERT_KEY = "tls.crt";

  private final View view;
  private final ControllerOptions options;
  private final Supplier<Optional<CacheDoctor.Run>> doctor;
  private final BooleanSupplier leader;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ValidityCache validity = new ValidityCache();
  private final Counter reconciles;
  private final Histogram reconcileDuration;
  private final Counter reissues;
  private final Counter listFailures;

  /**
   * Registers every metric in a registry of its own ({@link #registry()}).
   *
   * @param doctor the doctor's last run over the caches ({@code cacheDoctor::last})
   * @param leader true while this replica holds the Lease
   */
  public ControllerMetrics(
      View view,
      ControllerOptions options,
      Supplier<Optional<CacheDoctor.Run>> doctor,
      BooleanSupplier leader) {
    this.view = requireNonNull(view, "view == null");
    this.options = requireNonNull(options, "options == null");
    this.doctor = requireNonNull(doctor, "doctor == null");
    this.leader = requireNonNull(leader, "leader == null");

    GaugeWithCallback.builder()
        .name("certmedic_certificate_not_after_timestamp_seconds")
        .help(
            "When the certificate of a Secret certmedic manages (or of its CA) expires, in seconds since the epoch")
        .labelNames("namespace", "secret", "service")
        .callback(cb -> certificates((s, v) -> cb.call(epochSeconds(v.notAfter()), s.labels())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("certmedic_certificate_renewal_timestamp_seconds")
        .help(
            "When certmedic renews the certificate (for its CA: starts the rotation), in seconds since the epoch")
        .labelNames("namespace", "secret", "service")
        .callback(
            cb ->
                certificates(
                    (s, v) ->
                        cb.call(
                            epochSeconds(
                                renewal(
                                    v,
                                    s.ca()
                                        ? options.caRotationFraction()
                                        : options.renewalFraction())),
                            s.labels())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("certmedic_findings")
        .help(
            "Findings of the doctor's last run over the controller's caches, by code and severity")
        .labelNames("code", "severity")
        .callback(
            cb ->
                findings()
                    .forEach(
                        (code, bySeverity) ->
                            bySeverity.forEach((sev, n) -> cb.call(n, code.name(), sev.label()))))
        .register(registry);
    reconciles =
        Counter.builder()
            .name("certmedic_reconcile_total")
            .help(
                "Reconciles finished, by result (success, conflict: someone else wrote first, error)")
            .labelNames("result")
            .register(registry);
    RESULTS.forEach(reconciles::initLabelValues);
    reconcileDuration =
        Histogram.builder()
            .name("certmedic_reconcile_duration_seconds")
            .help("How long one reconcile took, writes included")
            .classicOnly()
            .register(registry);
    reissues =
        Counter.builder()
            .name("certmedic_reissue_total")
            .help("Serving certificates (re)issued, by reason")
            .labelNames("reason")
            .register(registry);
    for (ReissueReason r : ReissueReason.values()) {
      reissues.initLabelValues(r.name());
    }
    GaugeWithCallback.builder()
        .name("certmedic_ca_rotation_phase")
        .help(
            "Where the CA rotation stands: 0 STABLE, 1 STAGED, 2 PROMOTED (no sample while the CA Secret does not exist)")
        .callback(cb -> caSecret().ifPresent(s -> cb.call(phase(s).ordinal())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("certmedic_leader")
        .help("1 while this replica holds the leader Lease and writes, else 0")
        .callback(cb -> cb.call(leader.getAsBoolean() ? 1 : 0))
        .register(registry);
    listFailures =
        Counter.builder()
            .name(MetricNames.CACHE_LIST_FAILURES)
            .help(
                "Lists of a kind the caches could not make (retried with backoff), by kind and reason (forbidden, not_found, error)")
            .labelNames("kind", "reason")
            .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Certificates parsed so far (not served from the per-version cache): for tests. */
  long certificateParses() {
    return validity.parses();
  }

  /** Secret versions whose validity is cached: for tests. */
  int cachedCertificates() {
    return validity.size();
  }

  /**
   * One reconcile finished: {@code result} is {@link #RESULT_SUCCESS}, {@link #RESULT_CONFLICT} or
   * {@link #RESULT_ERROR}.
   *
   * @throws IllegalArgumentException for any other result (a bug: label values are a closed set)
   */
  public void reconciled(String result, Duration took) {
    requireNonNull(took, "took == null");
    if (!RESULTS.contains(result)) {
      throw new IllegalArgumentException(
          "reconcile result must be one of " + RESULTS + ", got " + result);
    }
    reconciles.labelValues(result).inc();
    reconcileDuration.observe(took.toNanos() / 1e9);
  }

  /**
   * A serving certificate was (re)issued for {@code reason}, a {@link ReissueReason} name.
   *
   * @throws IllegalArgumentException when {@code reason} names no ReissueReason
   */
  public void reissued(String reason) {
    reissued(ReissueReason.valueOf(requireNonNull(reason, "reason == null")));
  }

  public void reissued(ReissueReason reason) {
    reissues.labelValues(reason.name()).inc();
  }

  /** A list of {@code failure.kind()} failed; the caches retry it with backoff. */
  public void listFailed(ListFailure failure) {
    requireNonNull(failure, "failure == null");
    listFailures.labelValues(failure.kind(), failure.reason().label()).inc();
  }

  /** One certificate sample's labels. */
  private record Sample(String namespace, String secret, String service, boolean ca) {
    String[] labels() {
      return new String[] {namespace, secret, service};
    }
  }

  private interface SampleSink {
    void accept(Sample s, ValidityCache.Validity v);
  }

  /** Every managed Secret's certificate, then the CA's; forgets parsed Secrets no longer cached. */
  private void certificates(SampleSink sink) {
    Set<String> seen = new HashSet<>();
    Optional<Secret> ca = caSecret();
    for (Secret s : view.list(Secret.class)) {
      Map<String, String> labels = s.getMetadata().getLabels();
      if (labels == null
          || !Annotations.isTrue(labels.get(Annotations.MANAGED_LABEL))
          || ca.isPresent() && isCa(s)) {
        continue;
      }
      seen.add(ValidityCache.id(s, TLS_CERT_KEY));
      Map<String, String> annotations = s.getMetadata().getAnnotations();
      String service =
          annotations == null
              ? ""
              : annotations.getOrDefault(Annotations.ORIGINATING_SERVICE_NAME, "");
      validity
          .of(s, TLS_CERT_KEY)
          .ifPresent(
              v ->
                  sink.accept(
                      new Sample(
                          s.getMetadata().getNamespace(),
                          s.getMetadata().getName(),
                          service,
                          false),
                      v));
    }
    ca.ifPresent(
        s -> {
          seen.add(ValidityCache.id(s, CA_SIGNER_CERT_KEY));
          validity
              .of(s, CA_SIGNER_CERT_KEY)
              .ifPresent(
                  v ->
                      sink.accept(
                          new Sample(options.namespace(), options.caSecretName(), "", true), v));
        });
    validity.retain(seen);
  }

  private boolean isCa(Secret s) {
    return options.namespace().equals(s.getMetadata().getNamespace())
        && options.caSecretName().equals(s.getMetadata().getName());
  }

  private Optional<Secret> caSecret() {
    return view.get(Secret.class, options.namespace(), options.caSecretName());
  }

  /** The phase the CA Secret's annotation names; STABLE when it names none or one unknown. */
  static Phase phase(Secret ca) {
    Map<String, String> annotations = ca.getMetadata().getAnnotations();
    String p = annotations == null ? null : annotations.get(Annotations.CA_PHASE);
    if (p == null) {
      return Phase.STABLE;
    }
    try {
      return Phase.valueOf(p.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return Phase.STABLE;
    }
  }

  private Map<FindingCode, Map<Severity, Integer>> findings() {
    Map<FindingCode, Map<Severity, Integer>> out = new EnumMap<>(FindingCode.class);
    doctor
        .get()
        .ifPresent(
            run -> {
              for (Finding f : run.findings()) {
                out.computeIfAbsent(f.code(), c -> new EnumMap<>(Severity.class))
                    .merge(f.severity(), 1, Integer::sum);
              }
            });
    return out;
  }

  /** {@code notBefore + fraction * (notAfter - notBefore)}, to the millisecond. */
  static Instant renewal(ValidityCache.Validity v, double fraction) {
    long life = Duration.between(v.notBefore(), v.notAfter()).toMillis();
    return v.notBefore().plusMillis(Math.round(life * fraction));
  }

  private static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
