package io.certmedic.kube.live;

import java.time.Duration;

/**
 * How to reach a cluster, with kubectl's conventions: {@code kubeconfig} (else {@code KUBECONFIG},
 * else ~/.kube/config), {@code context} (else the current one), {@code namespace} (null: all
 * namespaces), and how long one request may take.
 */
public record ClusterOptions(
    String kubeconfig, String context, String namespace, Duration requestTimeout) {

  /** One API request may take this long before the run fails: long enough for a slow list page. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public ClusterOptions {
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
  }
}
