package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingDiff;
import io.certmedic.kube.preflight.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preflight's output formats, built from the doctor's: the same finding fields (plus {@code
 * status}), the same table layout for the new findings, the same SARIF for them. JSON: {@code
 * {"findings":[{..., "status":"new"}], "changes":[...], "summary":{...}}}.
 */
final class PreflightRenderers {

  private PreflightRenderers() {}

  static String render(Renderers.Format format, PreflightResult r, boolean colour, boolean wide) {
    return render(format, r, colour, wide, TableRenderer.NO_WRAP);
  }

  /** As above, the table fitted to {@code width} columns. */
  static String render(
      Renderers.Format format, PreflightResult r, boolean colour, boolean wide, int width) {
    return switch (format) {
      case TABLE -> table(r, colour, wide, width);
      case JSON -> Json.MAPPER.writeValueAsString(document(r)) + "\n";
      case YAML -> Renderers.yaml(document(r));
      case MARKDOWN -> markdown(r);
      case SARIF -> SarifRenderer.render(r.newOnly());
      case JUNIT -> JunitRenderer.render(r.newOnly(), "certmedic preflight");
      case HTML ->
          HtmlRenderer.render(
              HtmlModel.of(r.newOnly(), "certmedic preflight (new findings)", Instant.now()));
    };
  }

  static Map<String, Object> document(PreflightResult r) {
    List<Object> findings = new ArrayList<>();
    for (FindingDiff.Marked m : r.findings()) {
      Map<String, Object> f =
          Renderers.located(Renderers.finding(m.finding()), r.newOnly(), m.finding());
      f.put("status", m.status().label());
      findings.add(f);
    }
    List<Object> changes = new ArrayList<>();
    for (Change c : r.changes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type().label());
      m.put("object", c.object());
      m.put("message", c.message());
      changes.add(m);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    for (FindingDiff.Status s : FindingDiff.Status.values()) {
      summary.put(s.label(), r.with(s).size());
    }
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    r.newOnly().report().counts().forEach((s, n) -> bySeverity.put(s.label(), n));
    summary.put("newBySeverity", bySeverity);
    summary.put("changes", r.changes().size());
    summary.put("objects", r.predicted().objects());
    summary.put("at", CertView.rfc3339(r.at()));
    summary.put("failOn", r.failOn().label());
    summary.put("exitCode", r.exitCode());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("findings", findings);
    root.put("changes", changes);
    root.put("summary", summary);
    return root;
  }

  static String table(PreflightResult r, boolean colour, boolean wide) {
    return table(r, colour, wide, TableRenderer.NO_WRAP);
  }

  static String table(PreflightResult r, boolean colour, boolean wide, int width) {
    StringBuilder out = new StringBuilder();
    List<Finding> fresh = r.with(FindingDiff.Status.NEW);
    out.append(
            TableRenderer.paint(
                colour,
                "\u001B[1m",
                "NEW: the upgrade would cause "
                    + fresh.size()
                    + " finding"
                    + (fresh.size() == 1 ? "" : "s")))
        .append('\n');
    if (fresh.isEmpty()) {
      out.append(TableRenderer.paint(colour, "\u001B[32m", "  none")).append('\n');
    } else {
      StringBuilder body = new StringBuilder();
      TableRenderer.body(
          body, fresh, colour, wide, width > TableRenderer.NO_WRAP ? width - 2 : width);
      body.toString()
          .lines()
          .forEach(l -> out.append(l.isEmpty() ? "" : "  ").append(l).append('\n'));
    }
    compact(out, "FIXED: the upgrade would remove", r.with(FindingDiff.Status.FIXED));
    compact(out, "UNCHANGED", r.with(FindingDiff.Status.UNCHANGED));
    out.append('\n')
        .append("CHANGES that matter for TLS (")
        .append(r.changes().size())
        .append(")\n");
    if (r.changes().isEmpty()) {
      out.append("  none\n");
    }
    int typeWidth = r.changes().stream().mapToInt(c -> c.type().label().length()).max().orElse(0);
    int objectWidth =
        Math.min(
            TableRenderer.MAX_OBJECT_WIDTH,
            r.changes().stream().mapToInt(c -> c.object().length()).max().orElse(0));
    for (Change c : r.changes()) {
      out.append("  ")
          .append(TableRenderer.pad(c.type().label(), typeWidth))
          .append("  ")
          .append(TableRenderer.pad(c.object(), objectWidth))
          .append("  ")
          .append(TableRenderer.oneLine(c.message()))
          .append('\n');
    }
    out.append('\n').append(summary(r)).append('\n');
    return out.toString();
  }

  private static void compact(StringBuilder out, String title, List<Finding> findings) {
    out.append('\n').append(title).append(" (").append(findings.size()).append(")\n");
    int codeWidth = findings.stream().mapToInt(f -> f.code().name().length()).max().orElse(0);
    for (Finding f : findings) {
      out.append("  ")
          .append(TableRenderer.pad(f.severity().label(), 8))
          .append("  ")
          .append(TableRenderer.pad(f.code().name(), codeWidth))
          .append("  ")
          .append(f.object().describe())
          .append('\n');
    }
  }

  /**
   * {@code 2 new (1 critical, 1 error, ...), 1 fixed, 0 unchanged; 3 changes; ...; --fail-on error
   * (new findings only): exit 1}.
   */
  static String summary(PreflightResult r) {
    return r.counts()
        + "; new: "
        + Renderers.counts(r.newOnly())
        + "; "
        + r.changes().size()
        + " change"
        + (r.changes().size() == 1 ? "" : "s")
        + "; predicted state of "
        + Renderers.objects(r.predicted().objects())
        + ", judged at "
        + CertView.rfc3339(r.at())
        + "; --fail-on "
        + r.failOn().label()
        + " (new findings only): exit "
        + r.exitCode();
  }

  static String markdown(PreflightResult r) {
    StringBuilder md = new StringBuilder("## certmedic preflight\n\n");
    int left = 0;
    List<Finding> fresh = r.with(FindingDiff.Status.NEW);
    md.append(
            fresh.isEmpty()
                ? "The upgrade causes no new finding"
                : "**The upgrade would cause "
                    + fresh.size()
                    + " new finding"
                    + (fresh.size() == 1 ? "" : "s")
                    + "** ("
                    + Renderers.counts(r.newOnly())
                    + ")")
        .append(": ")
        .append(r.counts())
        .append("; ")
        .append(r.changes().size())
        .append(" change(s); judged at ")
        .append(CertView.rfc3339(r.at()))
        .append("; `--fail-on ")
        .append(r.failOn().label())
        .append("` (new findings only): exit ")
        .append(r.exitCode())
        .append(".\n");
    if (!r.findings().isEmpty()) {
      md.append("\n| status | severity | code | object | message |\n|---|---|---|---|---|\n");
      for (FindingDiff.Marked m : r.findings()) {
        Finding f = m.finding();
        if (md.length() > BUDGET) {
          left++;
          continue;
        }
        md.append("| ")
            .append(m.status() == FindingDiff.Status.NEW ? "**new**" : m.status().label())
            .append(" | ")
            .append(f.severity().label())
            .append(" | `")
            .append(f.code().name())
            .append("` | ")
            .append(MarkdownRenderer.object(f.object()))
            .append(" | ")
            .append(MarkdownRenderer.cell(f.message()))
            .append(" |\n");
      }
    }
    if (!r.changes().isEmpty()) {
      md.append("\n### Changes that matter for TLS\n\n| change | object | what |\n|---|---|---|\n");
      for (Change c : r.changes()) {
        if (md.length() > BUDGET) {
          left++;
          continue;
        }
        md.append("| ")
            .append(c.type().label())
            .append(" | ")
            .append(MarkdownRenderer.code(c.object()))
            .append(" | ")
            .append(MarkdownRenderer.cell(c.message()))
            .append(" |\n");
      }
    }
    if (!fresh.isEmpty()) {
      md.append("\n<details>\n<summary>New findings: evidence and fixes</summary>\n");
      int n = 0;
      for (Finding f : fresh) {
        StringBuilder entry = new StringBuilder();
        entry
            .append("\n#### ")
            .append(n + 1)
            .append(". `")
            .append(f.code().name())
            .append("` ")
            .append(f.severity().label())
            .append(": ")
            .append(MarkdownRenderer.object(f.object()))
            .append("\n\n");
        for (String e : f.evidence()) {
          entry.append("- ").append(MarkdownRenderer.code(e)).append("\n");
        }
        if (!f.fix().isEmpty()) {
          entry.append("\nFix: ").append(MarkdownRenderer.escape(f.fix())).append("\n");
        }
        if (md.length() + entry.length() > MarkdownRenderer.MAX_CHARS - CLOSING) {
          left += fresh.size() - n;
          break;
        }
        md.append(entry);
        n++;
      }
      md.append("\n</details>\n");
    }
    if (left > 0) {
      md.append("\n---\n\n")
          .append(left)
          .append(" more rows or details are not listed here, to keep this comment under ")
          .append(String.format(java.util.Locale.ROOT, "%,d", MarkdownRenderer.MAX_CHARS))
          .append(" characters: `-o table --wide` or `-o json` lists them all.\n");
    }
    return md.toString();
  }

  /**
   * Past this many characters the markdown stops adding rows, so that it stays under GitHub's
   * comment limit: one more row, one details entry and the closing line fit in the rest.
   */
  static final int BUDGET = MarkdownRenderer.MAX_CHARS - 12_000;

  /** Room kept for the closing lines. */
  private static final int CLOSING = 600;
}
