package io.certmedic.core.explain.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * When a failure group was seen, from its first and last timestamps as the log wrote them: RFC 3339
 * (with or without a zone, read as UTC without one), klog's {@code 1204 19:01:02.123456} and
 * syslog's {@code Dec 4 19:01:02}, which carry no year (a span across New Year is not computed).
 *
 * @param first the first timestamp as written, or null
 * @param last the last timestamp as written, or null
 * @param length the time between them, or null when either cannot be read
 */
public record GroupSpan(String first, String last, Duration length) {

  /** A leap year, so that klog's and syslog's 29 February parses; only differences are used. */
  private static final int YEARLESS = 2000;

  private static final DateTimeFormatter KLOG =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuuMMdd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter SYSLOG =
      DateTimeFormatter.ofPattern("uuuu MMM d HH:mm:ss", Locale.ROOT);

  /** The span of a group whose timestamps are {@code first} and {@code last} (either nullable). */
  public static GroupSpan of(String first, String last) {
    if (first == null || last == null) {
      return new GroupSpan(first, last, null);
    }
    Instant a = instant(first);
    Instant b = instant(last);
    Duration d = a == null || b == null || b.isBefore(a) ? null : Duration.between(a, b);
    return new GroupSpan(first, last, d);
  }

  /**
   * How many failures and over what time: {@code 15,120 failures in 59 minutes (T1 to T2)}, {@code
   * 1 failure at T}, or only the count when the lines carry no time.
   */
  public String phrase(long count) {
    String n = String.format(Locale.ROOT, "%,d", count) + (count == 1 ? " failure" : " failures");
    if (first == null) {
      return n;
    }
    if (first.equals(last)) {
      return n + " at " + first;
    }
    if (length == null) {
      return n + " from " + first + " to " + last;
    }
    return n + " in " + words(length) + " (" + first + " to " + last + ")";
  }

  private static String words(Duration d) {
    if (d.getSeconds() < 1) {
      return "less than a second";
    }
    return io.certmedic.core.text.HumanTime.duration(d);
  }

  /** The instant {@code ts} names, or null when it is in no form this class reads. */
  static Instant instant(String ts) {
    String t = ts.strip().replace(',', '.');
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // not with a zone
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not RFC 3339 without a zone
    }
    try {
      return LocalDateTime.parse(YEARLESS + t, KLOG).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not klog
    }
    try {
      return LocalDateTime.parse(YEARLESS + " " + t.replaceAll(" +", " "), SYSLOG)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
