package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Finds the time a log line was written, from the prefixes Kubernetes logs carry: RFC 3339, Go's
 * {@code 2006/01/02 15:04:05}, JSON {@code "ts"}/{@code "time"} fields, logrus {@code time="..."},
 * klog's {@code I0225 04:24:18.123456} and syslog's {@code Feb 25 04:24:18}. klog and syslog carry
 * no year: the time is kept as written unless a year is given, then it becomes RFC 3339 (read as
 * UTC, as containers log).
 */
final class LogTimestamp {

  private static final String RFC3339 =
      "(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)";
  private static final Pattern START_RFC3339 = Pattern.compile("^[\\s\\[\"]*" + RFC3339);
  private static final Pattern GO_STD =
      Pattern.compile("^[\\s\\[]*(\\d{4})/(\\d{2})/(\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)");
  private static final Pattern KEYED =
      Pattern.compile(
          "(?:\"ts\"|\"time\"|\"timestamp\"|\"@timestamp\"|time=)\\s*:?\\s*\"" + RFC3339);

  /**
   * klog's header after its severity letter, read with {@code lookingAt} right after an {@code I},
   * {@code W}, {@code E} or {@code F} that starts the text or follows whitespace, {@code :} or
   * {@code ]} (found by plain search); anchored with {@code ^}, see {@link Near#tail}.
   */
  private static final Pattern KLOG =
      Pattern.compile("^(\\d{2})(\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)\\s+\\d+ ");

  private static final Pattern SYSLOG =
      Pattern.compile("^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2})");
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /** Prefixes are short; a timestamp later than this in the line is part of the message. */
  private static final int PREFIX_WINDOW = 160;

  private LogTimestamp() {}

  /** The line's timestamp, or null; {@code year} (or null) completes klog and syslog times. */
  static String find(String line, Integer year) {
    String head = line.length() > PREFIX_WINDOW ? line.substring(0, PREFIX_WINDOW) : line;
    Matcher m = START_RFC3339.matcher(head);
    if (m.find()) {
      return m.group(1).replace(' ', 'T');
    }
    if ((m = GO_STD.matcher(head)).find()) {
      return m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4);
    }
    if ((head.contains("time") || head.contains("\"ts\"")) && (m = KEYED.matcher(head)).find()) {
      return m.group(1).replace(' ', 'T');
    }
    if ((m = klog(head)) != null) {
      return year == null
          ? m.group(1) + m.group(2) + " " + m.group(3)
          : year + "-" + m.group(1) + "-" + m.group(2) + "T" + m.group(3) + "Z";
    }
    if ((m = SYSLOG.matcher(head)).find()) {
      int month = MONTHS.indexOf(m.group(1)) / 3 + 1;
      if (month <= 0) {
        return null;
      }
      if (year == null) {
        return m.group(1) + " " + m.group(2) + " " + m.group(3);
      }
      return String.format(
          "%d-%02d-%02dT%sZ", year, month, Integer.parseInt(m.group(2)), m.group(3));
    }
    return null;
  }

  /** The leftmost klog header in {@code head} (groups: month, day, time), or null. */
  private static Matcher klog(String head) {
    for (int i = 0; i + 1 < head.length(); i++) {
      char c = head.charAt(i);
      if ((c == 'I' || c == 'W' || c == 'E' || c == 'F')
          && isDigit(head.charAt(i + 1))
          && (i == 0 || isKlogBefore(head.charAt(i - 1)))) {
        Matcher m = KLOG.matcher(head.substring(i + 1));
        if (m.lookingAt()) {
          return m;
        }
      }
    }
    return null;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** What may come right before klog's severity letter: RE2's whitespace, {@code :}, {@code ]}. */
  private static boolean isKlogBefore(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ':' || c == ']';
  }
}
