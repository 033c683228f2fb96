package io.certmedic.controller.log;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.ControllerOptions.LogFormat;
import io.certmedic.controller.engine.Key;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controller's own log lines, one per event, to stderr (or any stream), as text or JSON.
 *
 * <pre>{@code
 * Log log = Log.create(LogFormat.TEXT, System.err, Clock.systemUTC());
 * log.info("reissued", Map.of("secret", "ns/name", "reason", "SAN_MISMATCH"));
 * // 2026-11-23T10:00:00Z INFO reissued reason=SAN_MISMATCH secret=ns/name
 * // JSON: {"ts":"2026-11-23T10:00:00Z","level":"INFO","msg":"reissued","reason":"SAN_MISMATCH","secret":"ns/name"}
 * }</pre>
 *
 * <p>Fields keep their order when given as a {@link LinkedHashMap} or {@link SortedMap}; any other
 * map ({@code Map.of}) is written sorted by key, so lines are stable from run to run. Values are
 * written so that no private key reaches a log: a Kubernetes object is written as its kind,
 * namespace and name (never its data), a {@code byte[]} as its length, and every PEM private-key
 * block in a message, a value or an error is replaced by {@value #REDACTED}.
 *
 * <p>SLF4J (fabric8's own lines) is not routed here: the CLI ships slf4j-nop, and a service
 * provider in this module would fight it. This class is for controller code only. Thread-safe.
 */
public final class Log {

  /** How severe a line is; lines below the threshold ({@link #withLevel}) are dropped. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /** What replaces a value that holds a private key. */
  public static final String REDACTED = "[redacted: holds a private key]";

  /** The lines' default threshold. */
  public static final Level DEFAULT_LEVEL = Level.INFO;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PRIVATE_KEY_BLOCK =
      Pattern.compile(
          "-----BEGIN[^-\\n]*PRIVATE KEY-----.*?(?:-----END[^-\\n]*PRIVATE KEY-----|\\z)",
          Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("ts", "level", "msg", "error");

  private final LogFormat format;
  private final PrintStream out;
  private final Clock clock;
  private final Level threshold;
  private final Map<String, Object> context;

  private Log(
      LogFormat format,
      PrintStream out,
      Clock clock,
      Level threshold,
      Map<String, Object> context) {
    this.format = requireNonNull(format, "format == null");
    this.out = requireNonNull(out, "out == null");
    this.clock = requireNonNull(clock, "clock == null");
    this.threshold = requireNonNull(threshold, "threshold == null");
    this.context = context;
  }

  /**
   * A log writing {@code format} lines to {@code out}, stamped by {@code clock}, at INFO and above.
   */
  public static Log create(LogFormat format, PrintStream out, Clock clock) {
    return new Log(format, out, clock, DEFAULT_LEVEL, Map.of());
  }

  /** A log writing {@code format} lines to stderr, stamped in UTC. */
  public static Log stderr(LogFormat format) {
    return create(format, System.err, Clock.systemUTC());
  }

  /** This log, dropping lines less severe than {@code min}. */
  public Log withLevel(Level min) {
    return new Log(format, out, clock, min, context);
  }

  /** This log, adding {@code key=value} to every line (before the line's own fields). */
  public Log with(String key, Object value) {
    requireNonNull(key, "key == null");
    Map<String, Object> c = new LinkedHashMap<>(context);
    c.put(key, value);
    return new Log(format, out, clock, threshold, Collections.unmodifiableMap(c));
  }

  public boolean enabled(Level level) {
    return level.compareTo(threshold) >= 0;
  }

  public void debug(String msg) {
    log(Level.DEBUG, msg, Map.of(), null);
  }

  public void debug(String msg, Map<String, ?> fields) {
    log(Level.DEBUG, msg, fields, null);
  }

  public void info(String msg) {
    log(Level.INFO, msg, Map.of(), null);
  }

  public void info(String msg, Map<String, ?> fields) {
    log(Level.INFO, msg, fields, null);
  }

  public void warn(String msg) {
    log(Level.WARN, msg, Map.of(), null);
  }

  public void warn(String msg, Map<String, ?> fields) {
    log(Level.WARN, msg, fields, null);
  }

  public void error(String msg, Map<String, ?> fields, Throwable error) {
    log(Level.ERROR, msg, fields, error);
  }

  /** Writes one line unless {@code level} is below the threshold; {@code error} may be null. */
  public void log(Level level, String msg, Map<String, ?> fields, Throwable error) {
    requireNonNull(level, "level == null");
    requireNonNull(msg, "msg == null");
    requireNonNull(fields, "fields == null");
    if (!enabled(level)) {
      return;
    }
    String line = format(clock.instant(), level, msg, fields, error);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** The line that {@link #log} writes, without its line end. */
  String format(Instant at, Level level, String msg, Map<String, ?> fields, Throwable error) {
    Map<String, Object> all = new LinkedHashMap<>();
    context.forEach((k, v) -> all.put(RESERVED.contains(k) ? "field_" + k : k, v));
    ordered(fields).forEach((k, v) -> all.put(RESERVED.contains(k) ? "field_" + k : k, v));
    if (error != null) {
      all.put("error", describe(error));
    }
    String ts = at.truncatedTo(ChronoUnit.MILLIS).toString();
    return format == LogFormat.JSON ? json(ts, level, msg, all) : text(ts, level, msg, all);
  }

  private static Map<String, ?> ordered(Map<String, ?> fields) {
    return fields instanceof LinkedHashMap || fields instanceof SortedMap
        ? fields
        : new TreeMap<>(fields);
  }

  private static String text(String ts, Level level, String msg, Map<String, Object> fields) {
    StringBuilder b = new StringBuilder(ts).append(' ').append(level.name()).append(' ');
    escape(b, safe(msg), false);
    fields.forEach(
        (k, v) -> {
          b.append(' ').append(key(k)).append('=');
          String s = v == null ? "null" : render(v);
          if (needsQuotes(s)) {
            b.append('"');
            escape(b, s, true);
            b.append('"');
          } else {
            b.append(s);
          }
        });
    return b.toString();
  }

  private static String json(String ts, Level level, String msg, Map<String, Object> fields) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("ts", ts);
    o.put("level", level.name());
    o.put("msg", safe(msg));
    fields.forEach(
        (k, v) -> {
          String key = k;
          if (v == null) {
            o.putNull(key);
          } else if (v instanceof Integer
              || v instanceof Long
              || v instanceof Short
              || v instanceof Byte) {
            o.put(key, ((Number) v).longValue());
          } else if (v instanceof Double || v instanceof Float) {
            o.put(key, ((Number) v).doubleValue());
          } else if (v instanceof Boolean bool) {
            o.put(key, bool);
          } else {
            o.put(key, render(v));
          }
        });
    return JSON.writeValueAsString(o);
  }

  /** A value as text: objects by reference, bytes by length, private keys never. */
  static String render(Object v) {
    if (v instanceof HasMetadata o) {
      return o.getMetadata() == null ? o.getKind() : Key.of(o).toString();
    }
    if (v instanceof byte[] bytes) {
      return "(" + bytes.length + " bytes)";
    }
    if (v instanceof Throwable t) {
      return describe(t);
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    return safe(String.valueOf(v));
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t;
        c != null && b.length() < 2000;
        c = c.getCause() == c ? null : c.getCause()) {
      if (b.length() > 0) {
        b.append("; caused by ");
      }
      b.append(c.getClass().getName());
      if (c.getMessage() != null) {
        b.append(": ").append(c.getMessage());
      }
    }
    return safe(b.toString());
  }

  /**
   * {@code s} with every PEM private-key block (any kind: RSA, EC, PKCS#8, encrypted; a block cut
   * short runs to the end of the text) replaced by {@link #REDACTED}.
   */
  static String safe(String s) {
    if (!s.toUpperCase(Locale.ROOT).contains("PRIVATE KEY")) {
      return s;
    }
    return PRIVATE_KEY_BLOCK.matcher(s).replaceAll(REDACTED);
  }

  private static String key(String k) {
    StringBuilder b = new StringBuilder(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      b.append(c <= ' ' || c == '=' || c == '"' ? '_' : c);
    }
    return b.length() == 0 ? "_" : b.toString();
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Appends {@code s} on one line: control characters escaped, and quotes and backslashes when
   * {@code quoted}.
   */
  private static void escape(StringBuilder b, String s, boolean quoted) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append(quoted ? "\\\"" : "\"");
        case '\\' -> b.append(quoted ? "\\\\" : "\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
  }
}
