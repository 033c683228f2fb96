package io.certmedic.controller.metrics;

import java.util.List;

/**
 * The name of every metric the controller exports on {@code /metrics}, as a Prometheus query names
 * it. Public API: dashboards and the alerts in {@code deploy/} use these names, and a test checks
 * that every metric an alert names is here. The metrics code registers its metrics under these
 * constants.
 *
 * <p>Names are as scraped: counters end in {@code _total}. The Prometheus Java client (1.x) takes a
 * counter's name with or without {@code _total} and always exposes it with the suffix. The
 * histogram {@link #RECONCILE_DURATION} is scraped as {@code _bucket}, {@code _sum} and {@code
 * _count} series under its name.
 */
public final class MetricNames {

  /**
   * Gauge: a serving certificate's notAfter, Unix seconds. Labels {@code namespace, secret,
   * service}.
   */
  public static final String CERTIFICATE_NOT_AFTER =
      "certmedic_certificate_not_after_timestamp_seconds";

  /**
   * Gauge: when the controller will renew a serving certificate, Unix seconds. Labels {@code
   * namespace, secret, service}.
   */
  public static final String CERTIFICATE_RENEWAL =
      "certmedic_certificate_renewal_timestamp_seconds";

  /**
   * Gauge: how many doctor findings there are now. Labels {@code code} (a {@code FindingCode} name)
   * and {@code severity}: the lower-case {@code Severity.label()} the JSON output uses too ({@code
   * error}, {@code critical}); the alerts in {@code deploy/} select on it.
   */
  public static final String FINDINGS = "certmedic_findings";

  /**
   * Counter: reconciles by outcome. Label {@code result}: {@code success}, {@code conflict} or
   * {@code error}.
   */
  public static final String RECONCILE_TOTAL = "certmedic_reconcile_total";

  /** Histogram: how long one reconcile takes, seconds. */
  public static final String RECONCILE_DURATION = "certmedic_reconcile_duration_seconds";

  /**
   * Counter: serving certificates (re)issued. Label {@code reason}: a {@code ReissueReason} name.
   */
  public static final String REISSUE_TOTAL = "certmedic_reissue_total";

  /** Gauge: the CA rotation phase, a {@code Phase} ordinal (0 is STABLE). */
  public static final String CA_ROTATION_PHASE = "certmedic_ca_rotation_phase";

  /** Gauge: 1 on the replica that holds the leader Lease, 0 on the others. */
  public static final String LEADER = "certmedic_leader";

  /**
   * Counter: lists of a kind that failed (at start, or on a retry), each retried with backoff.
   * Labels {@code kind} (the Kubernetes kind: {@code APIService}, {@code Gateway}) and {@code
   * reason}: {@code forbidden} (403), {@code not_found} (404) or {@code error}.
   */
  public static final String CACHE_LIST_FAILURES = "certmedic_cache_list_failures_total";

  /** Every name above, in that order. */
  public static final List<String> ALL =
      List.of(
          CERTIFICATE_NOT_AFTER,
          CERTIFICATE_RENEWAL,
          FINDINGS,
          RECONCILE_TOTAL,
          RECONCILE_DURATION,
          REISSUE_TOTAL,
          CA_ROTATION_PHASE,
          LEADER,
          CACHE_LIST_FAILURES);

  private MetricNames() {}
}
