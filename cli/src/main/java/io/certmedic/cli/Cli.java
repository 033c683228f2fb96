package io.certmedic.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small parsing helpers shared by the commands; each failure is a one-line UserException. */
final class Cli {

  /** {@code 30d}, {@code 72h}, {@code 90m}, {@code 45s}, or combined: {@code 1d12h}. */
  private Cli() {}

  /** Parses an RFC 3339 instant ({@code 2026-12-24T00:00:00Z} or with an offset). */
  static Instant parseInstant(String flag, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserException(
          flag + ": '" + value + "' is not an RFC 3339 time; use e.g. 2026-12-24T00:00:00Z");
    }
  }

  /**
   * Parses a duration as people write it: {@code 30d}, {@code 72h}, {@code 90m}, {@code 1d12h}, or
   * ISO-8601 ({@code P30D}, {@code PT72H}). Negative durations are refused.
   */
  static Duration parseDuration(String flag, String value) {
    String v = value.trim();
    Duration d;
    try {
      d =
          v.isEmpty()
              ? null
              : v.toUpperCase(Locale.ROOT).startsWith("P")
                  ? Duration.parse(v.toUpperCase(Locale.ROOT))
                  : shortDuration(v);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      d = null;
    }
    if (d == null || d.isNegative()) {
      throw new UserException(
          flag + ": '" + value + "' is not a duration; use e.g. 30d, 72h, 90m or P30D");
    }
    return d;
  }

  /**
   * Parses a timeout: a duration as {@link #parseDuration} reads it ({@code 5s}, {@code 2m}), or a
   * bare number of seconds ({@code 5} is {@code 5s}, as kubectl's {@code --request-timeout} reads
   * it). Only timeouts take a bare number: {@code --expiry-warning 30} stays refused, since 30 what
   * is not clear there.
   */
  static Duration parseTimeout(String flag, String value) {
    String v = value.trim();
    return BARE_SECONDS.matcher(v).matches()
        ? Duration.ofSeconds(Long.parseLong(v))
        : parseDuration(flag, value);
  }

  /** A bare number of seconds, at most 9 digits so it cannot overflow. */
  private static final Pattern BARE_SECONDS = Pattern.compile("[0-9]{1,9}");

  /** Sums {@code 1d12h}-style parts; null when the text is anything else. */
  private static Duration shortDuration(String v) {
    return io.certmedic.core.text.Durations.parse(v);
  }
}
