package io.certmedic.kube.preflight;

import static java.util.Objects.requireNonNull;

/**
 * A change an upgrade makes that matters for TLS, e.g. {@code SERVICE_RENAMED Service
 * default/spark-operator-webhook: renamed from spark-operator-webhook to spark-operator-webhook-svc
 * (its selector gains app.kubernetes.io/component=webhook)}. {@code object} is {@code Kind ns/name}
 * (or {@code Kind name} when cluster-scoped).
 */
public record Change(Type type, String object, String message) {

  /** The kinds of change, in the order they are listed. */
  public enum Type {
    /** A Service the release no longer renders, with a new one in its place. */
    SERVICE_RENAMED,
    /** A Service the release no longer renders. */
    SERVICE_REMOVED,
    /** A Service the render adds. */
    SERVICE_ADDED,
    /** A webhook, conversion webhook or APIService that now calls another Service or port. */
    CALLER_REPOINTED,
    /**
     * A webhook configuration the render adds in place of a current one (made by the old chart or
     * registered at run time by the old operator) that calls a Service the upgrade removes.
     */
    WEBHOOK_CONFIGURATION_RENAMED,
    /**
     * A configuration an operator registered at run time and deletes on a clean stop, which the
     * upgrade causes by removing that operator.
     */
    REMOVED_BY_OPERATOR,
    /** A caller still pointing at a Service the upgrade removes. */
    CALLER_LEFT_DANGLING,
    /**
     * A Secret the new version reuses as is, without checking the names its certificate carries.
     */
    SECRET_KEPT_AS_IS,
    /**
     * A caBundle the new manifest leaves empty while the live object has one (kept: filled at run
     * time).
     */
    CABUNDLE_EMPTIED,
    /** A Secret a workload mounted and no longer mounts. */
    SECRET_UNMOUNTED,
    /** A Secret or ConfigMap holding certificates whose certificate data the manifest changes. */
    CERT_DATA_CHANGED,
    /** A ConfigMap the release no longer renders: helm upgrade deletes it (Secrets are kept). */
    OBJECT_REMOVED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public Change {
    requireNonNull(type, "type == null");
    requireNonNull(object, "object == null");
    requireNonNull(message, "message == null");
  }
}
