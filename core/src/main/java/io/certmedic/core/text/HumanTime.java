package io.certmedic.core.text;

import java.time.Duration;
import java.time.Instant;

/**
 * Durations and validity in words people read at a glance: "expires in 12 days", "expired 40 days
 * ago".
 */
public final class HumanTime {

  private HumanTime() {}

  /**
   * "12 days", "47 hours", "5 minutes", "2 years": the largest unit that fits, rounded down; hours
   * below two days.
   */
  public static String duration(Duration d) {
    long s = Math.abs(d.getSeconds());
    long days = s / 86_400;
    if (days >= 730) {
      return plural(days / 365, "year");
    }
    if (days >= 2) {
      return plural(days, "day");
    }
    if (s >= 3600) {
      return plural(s / 3600, "hour");
    }
    if (s >= 60) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  /** Where {@code at} stands in [notBefore, notAfter], in words. */
  public static String validity(Instant notBefore, Instant notAfter, Instant at) {
    if (at.isBefore(notBefore)) {
      return "not valid for another " + duration(Duration.between(at, notBefore));
    }
    if (at.isAfter(notAfter)) {
      return "expired " + duration(Duration.between(notAfter, at)) + " ago";
    }
    return "expires in " + duration(Duration.between(at, notAfter));
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
