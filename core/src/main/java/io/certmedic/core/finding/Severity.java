package io.certmedic.core.finding;

import java.util.Locale;

/** How bad a finding is, most severe first. JSON and flags use the lower-case names. */
public enum Severity {
  CRITICAL,
  ERROR,
  WARNING,
  INFO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }

  public static Severity parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
