package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.text.HumanTime;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * A kind the caches could not list (or whose watch ended with an error): which, why, and when it is
 * tried again.
 *
 * @param kind the kind, as a metric label names it ({@code APIService}, {@code Gateway})
 * @param what what its informer covers, as logs and /readyz name it ({@code APIServices})
 * @param reason the class of failure, a closed set (a metric label)
 * @param message the API server's reason (never an object's content)
 * @param attempt how many times in a row it failed, 1 for the first
 * @param retryIn when it is tried again ({@link ListBackoff#after(int)})
 */
public record ListFailure(
    String kind, String what, Reason reason, String message, int attempt, Duration retryIn) {

  /** Why a list failed, as the {@code reason} label of {@code certmedic_cache_list_failures}. */
  public enum Reason {
    /** 403: the controller's RBAC does not let it list the kind. */
    FORBIDDEN,
    /** 404: the API server does not serve the kind (an API proxy serving a subset, a CRD gone). */
    NOT_FOUND,
    /** Anything else: a connection refused, a timeout, a 5xx. */
    ERROR;

    /** {@code forbidden}, {@code not_found}, {@code error}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ListFailure {
    requireNonNull(kind, "kind == null");
    requireNonNull(what, "what == null");
    requireNonNull(reason, "reason == null");
    requireNonNull(message, "message == null");
    requireNonNull(retryIn, "retryIn == null");
  }

  /** The reason for {@code t}, looking through the causes for the API server's answer. */
  static Reason reasonOf(Throwable t) {
    KubernetesClientException k = apiError(t);
    if (k == null) {
      return Reason.ERROR;
    }
    return switch (k.getCode()) {
      case 403 -> Reason.FORBIDDEN;
      case 404 -> Reason.NOT_FOUND;
      default -> Reason.ERROR;
    };
  }

  /** One line for {@code t}: the API server's status message when it gave one. */
  static String messageOf(Throwable t) {
    KubernetesClientException k = apiError(t);
    if (k != null) {
      return Writer.reason(k);
    }
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    String m = cause.getMessage();
    return (m == null ? cause.getClass().getSimpleName() : m).lines().findFirst().orElse("");
  }

  private static KubernetesClientException apiError(Throwable t) {
    Throwable cause = t;
    for (int depth = 0; cause != null && depth < 10; depth++) {
      if (cause instanceof KubernetesClientException k && k.getCode() > 0) {
        return k;
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return null;
  }

  /**
   * What the Event on the controller's Pod says: the same for every retry of one failure, so one
   * Event is recorded, not one per attempt.
   */
  public String eventMessage() {
    return "cannot list "
        + what
        + ": "
        + message
        + "; the cache of "
        + kind
        + " reads as empty and /readyz fails until a retry succeeds (retried with backoff, at most"
        + " every "
        + HumanTime.duration(ListBackoff.MAX)
        + ")";
  }

  /** How /readyz and the log name it: with the attempt and the next retry. */
  public String sentence() {
    return what
        + " ("
        + message
        + "; attempt "
        + attempt
        + ", next in "
        + HumanTime.duration(retryIn)
        + ")";
  }
}
