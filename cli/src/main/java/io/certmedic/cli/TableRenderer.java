package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * The human output: a header ({@code CODE OBJECT MESSAGE}), then the findings grouped by severity,
 * most severe first, one row each; {@code wide} adds the evidence and the fix under each. On a
 * terminal the rows fit its width: a long message wraps under the MESSAGE column (the object is not
 * repeated) and a long object name is shortened. Not on a terminal ({@link #NO_WRAP}): the same
 * header and columns, nothing wrapped or cut, as kubectl does. Colour (severity headings and codes)
 * only when asked, which the command does on a terminal without NO_COLOR.
 */
final class TableRenderer {

  /** Object names longer than this are not padded to: one long name should not push every line. */
  static final int MAX_OBJECT_WIDTH = 60;

  private static final String RESET = "\u001B[0m";

  private TableRenderer() {}

  static String render(DoctorResult r, boolean colour, boolean wide) {
    return render(r, colour, wide, NO_WRAP);
  }

  /** {@code width}: the terminal's columns to fit, or {@link #NO_WRAP} (not a terminal). */
  static String render(DoctorResult r, boolean colour, boolean wide, int width) {
    StringBuilder out = new StringBuilder(NodePkiTable.render(r.nodePki(), r.at()));
    List<Finding> findings = r.report().findings();
    if (findings.isEmpty()) {
      out.append(paint(colour, "\u001B[32m", "no problems found")).append('\n');
    } else {
      body(out, findings, colour, wide, width);
      out.append('\n');
    }
    out.append(summary(r)).append('\n');
    return out.toString();
  }

  /** Width for output that is not a terminal: nothing wraps and nothing is cut. */
  static final int NO_WRAP = 0;

  /** A message column narrower than this wraps too often to read: the object column gives way. */
  static final int MIN_MESSAGE_WIDTH = 30;

  /** The shortest object column the fitting will shrink to. */
  static final int MIN_OBJECT_WIDTH = 20;

  /** Indent of every row under its severity heading. */
  private static final String INDENT = "  ";

  private static final String GAP = "  ";

  /** The findings grouped by severity, not fitted to a width. */
  static void body(StringBuilder out, List<Finding> findings, boolean colour, boolean wide) {
    body(out, findings, colour, wide, NO_WRAP);
  }

  /**
   * The header and the findings grouped by severity, most severe first (no summary); {@code out}
   * may hold a heading.
   */
  static void body(
      StringBuilder out, List<Finding> findings, boolean colour, boolean wide, int width) {
    int codeWidth =
        Math.max(
            "CODE".length(),
            findings.stream().mapToInt(f -> f.code().name().length()).max().orElse(0));
    int objectWidth =
        Math.max(
            "OBJECT".length(),
            Math.min(
                MAX_OBJECT_WIDTH,
                findings.stream().mapToInt(f -> f.object().describe().length()).max().orElse(0)));
    if (width > NO_WRAP) {
      int room = width - INDENT.length() - codeWidth - 2 * GAP.length() - MIN_MESSAGE_WIDTH;
      objectWidth = Math.max(MIN_OBJECT_WIDTH, Math.min(objectWidth, room));
    }
    int messageColumn = INDENT.length() + codeWidth + GAP.length() + objectWidth + GAP.length();
    int messageWidth = width > NO_WRAP ? Math.max(MIN_MESSAGE_WIDTH, width - messageColumn) : 0;
    out.append(INDENT)
        .append(pad("CODE", codeWidth))
        .append(GAP)
        .append(pad("OBJECT", objectWidth))
        .append(GAP)
        .append("MESSAGE")
        .append('\n');
    int start = out.length();
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
        String object = f.object().describe();
        if (width > NO_WRAP && object.length() > objectWidth) {
          object = HtmlRenderer.shortenTo(object, objectWidth);
        }
        List<String> lines = wrap(oneLine(f.message()), messageWidth);
        out.append(INDENT)
            .append(paint(colour, style(s), pad(f.code().name(), codeWidth)))
            .append(GAP)
            .append(pad(object, objectWidth))
            .append(GAP)
            .append(lines.get(0))
            .append('\n');
        for (String more : lines.subList(1, lines.size())) {
          out.append(" ".repeat(messageColumn)).append(more).append('\n');
        }
        if (wide) {
          for (String e : f.evidence()) {
            labelled(out, "evidence: ", oneLine(e), width);
          }
          if (!f.fix().isEmpty()) {
            labelled(out, "fix:      ", oneLine(f.fix()), width);
          }
        }
      }
    }
  }

  private static void labelled(StringBuilder out, String label, String text, int width) {
    String indent = "      ";
    int room =
        width > NO_WRAP ? Math.max(MIN_MESSAGE_WIDTH, width - indent.length() - label.length()) : 0;
    List<String> lines = wrap(text, room);
    out.append(indent).append(label).append(lines.get(0)).append('\n');
    for (String more : lines.subList(1, lines.size())) {
      out.append(" ".repeat(indent.length() + label.length())).append(more).append('\n');
    }
  }

  /**
   * {@code text} in lines of at most {@code width} characters, broken at spaces (a word longer than
   * the width is cut); one line when {@code width} is {@link #NO_WRAP}.
   */
  static List<String> wrap(String text, int width) {
    if (width <= NO_WRAP || text.length() <= width) {
      return List.of(text);
    }
    List<String> lines = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        lines.add(rest.substring(0, width));
        rest = rest.substring(width);
      } else {
        lines.add(rest.substring(0, cut));
        rest = rest.substring(cut + 1);
      }
    }
    if (!rest.isEmpty()) {
      lines.add(rest);
    }
    return lines;
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
