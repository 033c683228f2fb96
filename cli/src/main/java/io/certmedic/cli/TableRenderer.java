package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import java.util.List;

/**
 * The human output: findings grouped by severity, most severe first, one line each (code, object,
 * message); {@code wide} adds the evidence and the fix under each. Colour (severity headings and
 * codes) only when asked, which the command does on a terminal without NO_COLOR.
 */
final class TableRenderer {

  /** Object names longer than this are not padded to: one long name should not push every line. */
  static final int MAX_OBJECT_WIDTH = 60;

  private static final String RESET = "\u001B[0m";

  private TableRenderer() {}

  static String render(DoctorResult r, boolean colour, boolean wide) {
    StringBuilder out = new StringBuilder(NodePkiTable.render(r.nodePki(), r.at()));
    List<Finding> findings = r.report().findings();
    if (findings.isEmpty()) {
      out.append(paint(colour, "\u001B[32m", "no problems found")).append('\n');
    } else {
      body(out, findings, colour, wide);
      out.append('\n');
    }
    out.append(summary(r)).append('\n');
    return out.toString();
  }

  /**
   * The findings grouped by severity, most severe first (no summary); {@code out} may hold a
   * heading.
   */
  static void body(StringBuilder out, List<Finding> findings, boolean colour, boolean wide) {
    int start = out.length();
    int codeWidth = findings.stream().mapToInt(f -> f.code().name().length()).max().orElse(0);
    int objectWidth =
        Math.min(
            MAX_OBJECT_WIDTH,
            findings.stream().mapToInt(f -> f.object().describe().length()).max().orElse(0));
    for (Severity s : Severity.values()) {
      List<Finding> group = findings.stream().filter(f -> f.severity() == s).toList();
      if (group.isEmpty()) {
        continue;
      }
      if (out.length() > start) {
        out.append('\n');
      }
      out.append(paint(colour, style(s) + "\u001B[1m", s.name() + " (" + group.size() + ")"))
          .append('\n');
      for (Finding f : group) {
        out.append("  ")
            .append(paint(colour, style(s), pad(f.code().name(), codeWidth)))
            .append("  ")
            .append(pad(f.object().describe(), objectWidth))
            .append("  ")
            .append(oneLine(f.message()))
            .append('\n');
        if (wide) {
          for (String e : f.evidence()) {
            out.append("      evidence: ").append(oneLine(e)).append('\n');
          }
          if (!f.fix().isEmpty()) {
            out.append("      fix:      ").append(oneLine(f.fix())).append('\n');
          }
        }
      }
    }
  }

  /**
   * {@code 1 critical, 0 errors, ... in 42 objects (ignored: Role 3); judged at T; --fail-on error:
   * exit 1}.
   */
  static String summary(DoctorResult r) {
    String ignored = Renderers.ignored(r);
    String skipped = Renderers.skipped(r);
    return Renderers.counts(r)
        + " in "
        + Renderers.objects(r.report().objects())
        + (ignored.isEmpty() ? "" : " (ignored: " + ignored + ")")
        + (skipped.isEmpty() ? "" : " (skipped: " + skipped + ")")
        + "; judged at "
        + CertView.rfc3339(r.at())
        + "; --fail-on "
        + r.failOn().label()
        + ": exit "
        + r.exitCode();
  }

  static String style(Severity s) {
    return switch (s) {
      case CRITICAL -> "\u001B[35m";
      case ERROR -> "\u001B[31m";
      case WARNING -> "\u001B[33m";
      case INFO -> "\u001B[36m";
    };
  }

  static String paint(boolean colour, String style, String text) {
    return colour ? style + text + RESET : text;
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Messages are one line by contract; a stray newline must not break the layout. */
  static String oneLine(String s) {
    return s.replace("\r", "").replace('\n', ' ').strip();
  }
}
