package io.certmedic.controller.engine;

import java.time.Duration;
import java.util.List;

/**
 * Told about every reconcile the engine runs, so metrics can count them; called on the worker's
 * thread.
 */
@FunctionalInterface
public interface ReconcileListener {

  /** The reconcile ran and its writes (if any) were all made. */
  String SUCCESS = "success";

  /** A write met a newer version of its object (HTTP 409): the key is retried with backoff. */
  String CONFLICT = "conflict";

  /** The reconciler threw or the API server refused a write: the key is retried with backoff. */
  String ERROR = "error";

  /** Listens to nothing. */
  ReconcileListener NONE = (key, result, took, writes) -> {};

  /**
   * @param result {@link #SUCCESS}, {@link #CONFLICT} or {@link #ERROR}
   * @param took from taking the key to its last write
   * @param writes the writes made, in order (on a failure, those made before it)
   */
  void done(Key key, String result, Duration took, List<Write> writes);
}
