package io.certmedic.core.explain;

/**
 * How {@code explain} reads logs; shared by the CLI and any other caller.
 *
 * @param year completes klog and syslog timestamps, which carry no year (null: keep them as
 *     written)
 * @param maxLineBytes longer lines are cut to this many bytes before they are read
 * @param maxTargets distinct (family, target) groups kept; later ones are counted as overflow
 */
public record ExplainOptions(Integer year, int maxLineBytes, int maxTargets) {

  /** 64 KiB: longer than any real error line, short enough that one runaway line cannot hurt. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  /**
   * Enough for every webhook, Service and peer in a large cluster; bounds memory on hostile input.
   */
  public static final int DEFAULT_MAX_TARGETS = 10_000;

  public static final ExplainOptions DEFAULTS =
      new ExplainOptions(null, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_TARGETS);

  public ExplainOptions {
    if (maxLineBytes < 256) {
      throw new IllegalArgumentException("maxLineBytes < 256: " + maxLineBytes);
    }
    if (maxTargets < 1) {
      throw new IllegalArgumentException("maxTargets < 1: " + maxTargets);
    }
  }

  public ExplainOptions withYear(Integer y) {
    return new ExplainOptions(y, maxLineBytes, maxTargets);
  }
}
