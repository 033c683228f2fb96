package io.certmedic.core.text;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as flags and Helm values write them: {@code 90d}, {@code 72h}, {@code 10m}, {@code
 * 15s}, {@code 1d12h}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  private Durations() {}

  /** Sums {@code 1d12h}-style parts (case ignored); null when the text is anything else. */
  public static Duration parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(v);
    Duration sum = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      sum =
          sum.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
    }
    return end > 0 && end == v.length() ? sum : null;
  }

  /**
   * The largest whole unit, in whole seconds: {@code 90d}, {@code 10m}, {@code 15s}; {@link #parse}
   * reads it back.
   */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
