package io.certmedic.controller.engine;

import java.time.Instant;

/**
 * Decides, for one key, what must change so the cluster matches what its annotations ask for. Pure:
 * it reads only {@code view} and {@code now}, and the engine (or the rotation simulation) makes the
 * writes. Running it twice on an unchanged view returns no writes the second time.
 */
public interface Reconciler {

  Result reconcile(Key key, View view, Instant now);
}
