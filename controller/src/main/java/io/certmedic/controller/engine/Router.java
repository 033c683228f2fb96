package io.certmedic.controller.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;

/**
 * Maps what the informers see to the keys to reconcile: a Service annotated for a serving cert maps
 * to itself, its issued Secret maps back to the Service, a changed CA Secret maps to every object
 * holding the bundle. Must be fast and must not block: it runs on the informers' thread.
 */
public interface Router {

  /**
   * The keys to reconcile because {@code object} was added, changed or deleted; empty when it
   * concerns none.
   */
  Collection<Key> keysFor(HasMetadata object, View view);

  /** Every key worth reconciling in {@code view}: queued when this replica becomes the leader. */
  Collection<Key> allKeys(View view);
}
