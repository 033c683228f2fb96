package io.certmedic.controller.engine;

import java.time.Duration;

/**
 * How long the caches wait before listing a kind again after it failed: doubling from {@link
 * #INITIAL}, capped at {@link #MAX}, as client-go's informers back off.
 */
public final class ListBackoff {

  /** The wait after the first failure: long enough not to hammer an API server that refuses. */
  public static final Duration INITIAL = Duration.ofSeconds(1);

  /**
   * The longest wait: a kind fixed by an RBAC change or a CRD install is read within 5 minutes, the
   * default doctor interval, and a kind refused for good costs one request per 5 minutes.
   */
  public static final Duration MAX = Duration.ofMinutes(5);

  private ListBackoff() {}

  /** The wait after {@code failures} failures in a row (1 or more): 1s, 2s, 4s ... 5m. */
  public static Duration after(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    int doublings = Math.min(failures - 1, 30);
    Duration d = INITIAL.multipliedBy(1L << doublings);
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
