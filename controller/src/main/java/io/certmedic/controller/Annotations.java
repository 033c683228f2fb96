package io.certmedic.controller;

/**
 * The annotations and labels users put on objects, and the ones certmedic puts on what it writes.
 * They follow OpenShift's service-ca names, which users already know, under {@code certmedic.io/}.
 * They are public API, documented in docs/controller.md.
 */
public final class Annotations {

  private static final String P = "certmedic.io/";

  // ---- what users annotate

  /**
   * On a Service: the name of the {@code kubernetes.io/tls} Secret to issue its serving cert into.
   */
  public static final String SERVING_CERT_SECRET_NAME = P + "serving-cert-secret-name";

  /**
   * On a webhook configuration, CRD, APIService or ConfigMap: {@code "true"} keeps the trust bundle
   * there.
   */
  public static final String INJECT_CABUNDLE = P + "inject-cabundle";

  /**
   * On the same kinds: {@code ns/secret} injects that Secret's {@code ca.crt} instead of
   * certmedic's bundle.
   */
  public static final String INJECT_CABUNDLE_FROM = P + "inject-cabundle-from";

  /** On a ConfigMap holding a trust bundle: {@code "true"} copies it into other namespaces. */
  public static final String DISTRIBUTE = P + "distribute";

  /**
   * On a distributed ConfigMap: a label selector (equality form, {@code team=payments,env=prod})
   * picking the namespaces that get a copy; absent or empty means every namespace.
   */
  public static final String DISTRIBUTE_NAMESPACE_SELECTOR = P + "distribute-namespace-selector";

  /**
   * On a Deployment, StatefulSet or DaemonSet: {@code "true"} rolls it after a Secret it mounts
   * rotates.
   */
  public static final String RESTART_ON_ROTATION = P + "restart-on-rotation";

  // ---- what certmedic writes

  /**
   * On an issued Secret: the UID of the Service it serves (as service-ca's
   * originating-service-uid).
   */
  public static final String ORIGINATING_SERVICE_UID = P + "originating-service-uid";

  /** On an issued Secret: the name of the Service it serves. */
  public static final String ORIGINATING_SERVICE_NAME = P + "originating-service-name";

  /** On an issued Secret: why it was last (re)issued, a {@code ReissueReason} name. */
  public static final String ISSUE_REASON = P + "issue-reason";

  /** Label on every Secret certmedic issues, so its informer lists only those. */
  public static final String MANAGED_LABEL = P + "managed";

  /** Label on every ConfigMap copy of a distributed bundle: {@code ns.name} of the source. */
  public static final String DISTRIBUTED_FROM_LABEL = P + "distributed-from";

  /** On every ConfigMap copy of a distributed bundle: {@code ns/name} of the source, exactly. */
  public static final String DISTRIBUTED_FROM = P + "distributed-from";

  /**
   * On a workload marked restart-on-rotation: the digest of the certificates its pods were last
   * rolled for.
   */
  public static final String SERVING_CERT_DIGEST = P + "serving-cert-digest";

  /** On a pod template: when certmedic last rolled it, as {@code kubectl rollout restart} does. */
  public static final String RESTARTED_AT = P + "restarted-at";

  /** On the CA Secret: the rotation phase and the instant it began (RFC 3339). */
  public static final String CA_PHASE = P + "ca-phase";

  public static final String CA_PHASE_SINCE = P + "ca-phase-since";

  /**
   * On the CA Secret, in STAGED and PROMOTED: since when (RFC 3339) what the phase waits on has
   * held (every bundle holds the new CA; no Secret serves a retiring CA's certificate). Absent
   * until then.
   */
  public static final String CA_SETTLED_SINCE = P + "ca-settled-since";

  /** The ConfigMap key injected bundles are kept under, as service-ca does. */
  public static final String CONFIGMAP_BUNDLE_KEY = "ca-bundle.crt";

  /** The value that turns a boolean annotation on. */
  public static final String TRUE = "true";

  private Annotations() {}

  /** True when {@code value} turns a boolean annotation on ({@code "true"}, any case, trimmed). */
  public static boolean isTrue(String value) {
    return value != null && TRUE.equalsIgnoreCase(value.trim());
  }
}
