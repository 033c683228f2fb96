package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds lines into one explanation per (family, target) with a count and the first and last
 * timestamps seen. Memory is bounded by {@link ExplainOptions#maxTargets()}, not by the input.
 *
 * <p>A continuation line - a Java {@code Caused by:}, a Node {@code code:} line - that follows a
 * counted failure within {@link #CONTINUATION_WINDOW} lines is part of the same event: it is not
 * counted again, but it may sharpen an {@code unknown} event into a specific family.
 */
public final class ExplainAggregator {

  /** How many lines after a failure a stack trace's continuation lines may still belong to it. */
  static final int CONTINUATION_WINDOW = 256;

  /**
   * Pasted text: at most this many following lines are joined to repair a line a terminal wrapped.
   */
  static final int WRAP_LOOKAHEAD = 3;

  private final ExplainOptions options;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private long lines;
  private long failures;
  private long overflow;
  private long lastEventLine = -CONTINUATION_WINDOW - 1;
  private Group lastGroup;

  public ExplainAggregator(ExplainOptions options) {
    this.options = requireNonNull(options, "options == null");
  }

  /**
   * Counts a line that the prefilter already ruled out, so the summary can say how much was read.
   */
  public void skipped(long n) {
    lines += n;
  }

  /** Reads one log line. */
  public void accept(String line) {
    lines++;
    Optional<ErrorFacts> facts = Explainer.classify(line, options.year());
    boolean continues = isContinuation(line) && lines - lastEventLine <= CONTINUATION_WINDOW;
    if (facts.isEmpty()) {
      if (continues) {
        lastEventLine = lines; // a stack frame keeps the event open
      }
      return;
    }
    ErrorFacts f = facts.get();
    if (continues && lastGroup != null) {
      if (lastGroup.facts.family() == Family.UNKNOWN && f.family() != Family.UNKNOWN) {
        lastGroup.count--;
        if (lastGroup.count == 0) {
          groups.values().remove(lastGroup);
        }
        failures--;
        add(withContext(f, lastGroup.facts), lastGroup.sample, lastGroup.lastSeen);
      } else if (lastGroup.facts.family() == f.family()) {
        lastGroup.facts = enrich(lastGroup.facts, f);
      }
      lastEventLine = lines;
      return;
    }
    add(f, line, f.timestamp());
    lastEventLine = lines;
  }

  /**
   * Reads pasted text: one or several lines, possibly wrapped by a terminal. A line that alone is
   * no specific failure is joined with the next ones when that makes one.
   */
  public void acceptText(String text) {
    String[] ls = text.split("\\r?\\n");
    for (int i = 0; i < ls.length; i++) {
      String line = ls[i];
      if (!isSpecific(line)) {
        for (int k = 1; k <= WRAP_LOOKAHEAD && i + k < ls.length; k++) {
          String joinedTight = join(ls, i, i + k, "");
          String joinedSpaced = join(ls, i, i + k, " ");
          String pick =
              isSpecific(joinedTight)
                  ? joinedTight
                  : isSpecific(joinedSpaced) ? joinedSpaced : null;
          if (pick != null) {
            line = pick;
            i += k;
            break;
          }
        }
      }
      accept(line);
    }
  }

  private static String join(String[] ls, int from, int to, String sep) {
    StringBuilder sb = new StringBuilder(ls[from]);
    for (int j = from + 1; j <= to; j++) {
      sb.append(sep).append(sep.isEmpty() ? ls[j].stripLeading() : ls[j].strip());
    }
    return sb.toString();
  }

  private static boolean isSpecific(String line) {
    return Explainer.classify(line).map(f -> f.family() != Family.UNKNOWN).orElse(false);
  }

  private void add(ErrorFacts f, String line, String ts) {
    failures++;
    String key = f.family().json() + "|" + f.target();
    Group g = groups.get(key);
    if (g == null) {
      if (groups.size() >= options.maxTargets()) {
        overflow++;
        lastGroup = null;
        return;
      }
      g = new Group(f, line);
      groups.put(key, g);
    }
    g.count++;
    if (ts != null) {
      if (g.firstSeen == null) {
        g.firstSeen = ts;
      }
      g.lastSeen = ts;
    }
    lastGroup = g;
  }

  /**
   * The connection a trace's first line named (webhook, URL, caller, time), kept when a later line
   * places the failure.
   */
  static ErrorFacts withContext(ErrorFacts placed, ErrorFacts first) {
    ErrorFacts.Builder b = placed.toBuilder();
    if (placed.webhook() == null) {
      b.webhook(first.webhook());
    }
    if (placed.crd() == null) {
      b.crd(first.crd());
    }
    if (placed.apiService() == null) {
      b.apiService(first.apiService());
    }
    if (placed.url() == null && placed.host() == null) {
      b.url(first.url()).host(first.host()).port(first.port()).path(first.path());
    }
    if (placed.service() == null) {
      b.service(first.service());
    }
    if (placed.caller() == null) {
      b.caller(first.caller());
    }
    if (placed.timestamp() == null) {
      b.timestamp(first.timestamp());
    }
    return b.build();
  }

  /**
   * Fills fields the first line lacked from a later line of the same event (a trace's NotAfter).
   */
  static ErrorFacts enrich(ErrorFacts have, ErrorFacts more) {
    ErrorFacts.Builder b = have.toBuilder();
    if (have.notAfter() == null) {
      b.notAfter(more.notAfter());
    }
    if (have.notBefore() == null) {
      b.notBefore(more.notBefore());
    }
    if (have.wanted() == null) {
      b.wanted(more.wanted());
    }
    if (have.validFor().isEmpty()) {
      b.validFor(more.validFor());
    }
    if (have.authority() == null) {
      b.authority(more.authority());
    }
    return b.build();
  }

  static boolean isContinuation(String line) {
    String t = line.stripLeading();
    // Strip a log prefix such as "... [WARN]: " that some loggers put before every trace line.
    int caused = t.indexOf("Caused by:");
    if (caused >= 0 && caused < 80) {
      return true;
    }
    return t.startsWith("at ")
        || t.startsWith("code:")
        || t.startsWith("reason:")
        || t.startsWith("...")
        || t.startsWith("[cause]");
  }

  /** The explanations, most frequent first (ties: first seen first). */
  public List<Explanation> explanations() {
    List<Group> gs = new ArrayList<>(groups.values());
    gs.sort(Comparator.comparingLong((Group g) -> -g.count));
    List<Explanation> out = new ArrayList<>(gs.size());
    for (Group g : gs) {
      out.add(Advisor.explain(g.facts, g.count, g.firstSeen, g.lastSeen, g.sample));
    }
    return out;
  }

  /** Totals for the summary line. */
  public Summary summary() {
    Group top = null;
    for (Group g : groups.values()) {
      if (top == null || g.count > top.count) {
        top = g;
      }
    }
    return new Summary(
        lines,
        failures,
        groups.size(),
        overflow,
        top == null ? null : top.facts.family(),
        top == null ? null : top.facts.target(),
        top == null ? 0 : top.count);
  }

  /**
   * What a read found: lines read, TLS failures counted, distinct groups, failures not grouped
   * because the group cap was reached, and the dominant group (null when none).
   */
  public record Summary(
      long lines,
      long failures,
      int groups,
      long overflow,
      Family dominantFamily,
      String dominantTarget,
      long dominantCount) {
    /** The dominant group's share of all failures, 0 to 1. */
    public double dominantShare() {
      return failures == 0 ? 0 : (double) dominantCount / failures;
    }
  }

  private static final class Group {
    ErrorFacts facts;
    final String sample;
    long count;
    String firstSeen;
    String lastSeen;

    Group(ErrorFacts facts, String sample) {
      this.facts = facts;
      this.sample =
          sample.length() > Advisor.MAX_SAMPLE_CHARS
              ? sample.substring(0, Advisor.MAX_SAMPLE_CHARS)
              : sample;
    }
  }
}
