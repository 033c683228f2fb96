package io.certmedic.core.explain;

import io.certmedic.core.finding.FindingCode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns facts into advice: the cause in plain words, root causes ranked by what the line says about
 * the connection (webhook or kubelet, in-cluster Service or cloud API), the doctor codes that would
 * confirm each, the commands to run and the fix. Pure; times come from the line. The advice itself
 * is data: {@link AdviceTable} holds one {@link Advice} per family, its cases and root causes each
 * with the condition over the {@link Situation} that selects it.
 */
final class Advisor {

  private static final DateTimeFormatter JAVA_DATE =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss zzz yyyy", Locale.ENGLISH);

  /** Samples are shown, not stored: cap them so one huge line cannot fill the output. */
  static final int MAX_SAMPLE_CHARS = 600;

  private Advisor() {}

  static Explanation explain(
      ErrorFacts f, long count, String firstSeen, String lastSeen, String sample) {
    Situation s = new Situation(f);
    Advice advice = AdviceTable.of(f.family());
    Advice.Case chosen = advice.select(s);
    List<Advice.Root> roots = chosen.roots(s);
    Set<FindingCode> codes = new LinkedHashSet<>();
    roots.forEach(r -> codes.addAll(r.confirmedBy()));
    Set<String> commands = new LinkedHashSet<>(s.locateCommands());
    commands.addAll(chosen.commands());
    commands.add(s.doctorCommand());
    String sampled = sample == null ? null : sample.strip();
    if (sampled != null && sampled.length() > MAX_SAMPLE_CHARS) {
      sampled = sampled.substring(0, MAX_SAMPLE_CHARS) + "...";
    }
    return new Explanation(
        f,
        count,
        firstSeen,
        lastSeen,
        s.expiredAgo,
        advice.cause().apply(s),
        roots.stream().map(r -> r.text().apply(s)).toList(),
        List.copyOf(codes),
        List.copyOf(commands),
        chosen.fix().apply(s),
        sampled);
  }

  /**
   * How long ago {@code then} was at {@code now} ("10 days"), both as written in the line; null
   * when either does not parse.
   */
  static String ago(String then, String now, boolean nowAfterThen) {
    Instant t = instant(then);
    Instant n = instant(now);
    if (t == null || n == null) {
      return null;
    }
    Duration d = nowAfterThen ? Duration.between(t, n) : Duration.between(n, t);
    return d.isNegative() ? null : human(d);
  }

  static String human(Duration d) {
    long days = d.toDays();
    if (days >= 1) {
      return days + (days == 1 ? " day" : " days");
    }
    long hours = d.toHours();
    if (hours >= 1) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long minutes = d.toMinutes();
    if (minutes >= 1) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return d.toSeconds() + " seconds";
  }

  static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (RuntimeException e) {
      // try the next form
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      // try the next form
    }
    try {
      return ZonedDateTime.parse(s, JAVA_DATE).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static boolean isIp(String h) {
    return h.indexOf(':') >= 0 || h.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
  }

  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
