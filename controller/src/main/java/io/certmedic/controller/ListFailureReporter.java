package io.certmedic.controller;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.engine.Caches;
import io.certmedic.controller.engine.ListFailure;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.Writer;
import io.certmedic.controller.metrics.ControllerMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * Tells people that a kind cannot be listed: counts it in {@code
 * certmedic_cache_list_failures_total{kind,reason}} and records a Warning Event {@value #REASON} on
 * the controller's own Pod ({@code kubectl -n certmedic describe pod <pod>} or {@code kubectl get
 * events --field-selector reason=CacheListFailed}), once per distinct failure: the retries of one
 * failure add to the counter, not to the Events.
 */
final class ListFailureReporter implements Caches.Listener {

  /** The Event reason. */
  static final String REASON = "CacheListFailed";

  private final ControllerMetrics metrics;
  private final Writer writer;
  private final Pod self;

  /** Events go on the Pod named {@code options.identity()} in {@code options.namespace()}. */
  ListFailureReporter(ControllerMetrics metrics, Writer writer, ControllerOptions options) {
    this.metrics = requireNonNull(metrics, "metrics == null");
    this.writer = requireNonNull(writer, "writer == null");
    this.self =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(options.namespace())
            .withName(options.identity())
            .endMetadata()
            .build();
  }

  @Override
  public void listFailed(ListFailure failure) {
    metrics.listFailed(failure);
    writer.warn(new Result.Problem(self, REASON, failure.eventMessage()));
  }
}
