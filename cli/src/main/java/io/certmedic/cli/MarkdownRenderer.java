package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Markdown for a pull-request comment (GitHub-flavoured): a heading, the summary line, one table
 * per severity (code | object | message), then a collapsed details section with the evidence and
 * the fix of every finding, numbered as in the tables.
 */
final class MarkdownRenderer {

  /** A fix that starts with a command is shown as a code block, ready to copy. */
  private static final Pattern COMMAND =
      Pattern.compile("^(kubectl|certmedic|helm|openssl|oc) .*", Pattern.DOTALL);

  private MarkdownRenderer() {}

  static String render(DoctorResult r) {
    StringBuilder md = new StringBuilder();
    List<Finding> findings = r.report().findings();
    md.append("## certmedic doctor\n\n");
    String ignored = Renderers.ignored(r);
    md.append(findings.isEmpty() ? "No problems found: " : "**" + Renderers.counts(r) + "**: ")
        .append(findings.isEmpty() ? Renderers.counts(r) + " " : "")
        .append("in ")
        .append(Renderers.objects(r.report().objects()))
        .append(ignored.isEmpty() ? "" : " (ignored: " + escape(ignored) + ")")
        .append(", judged at ")
        .append(CertView.rfc3339(r.at()))
        .append("; `--fail-on ")
        .append(r.failOn().label())
        .append("`: exit ")
        .append(r.exitCode())
        .append(".\n");
    if (findings.isEmpty()) {
      return md.toString();
    }
    int n = 0;
    for (Severity s : Severity.values()) {
      List<Finding> group = findings.stream().filter(f -> f.severity() == s).toList();
      if (group.isEmpty()) {
        continue;
      }
      md.append("\n### ").append(title(s)).append(" (").append(group.size()).append(")\n\n");
      md.append("| # | code | object | message |\n|---|---|---|---|\n");
      for (Finding f : group) {
        n++;
        md.append("| ")
            .append(n)
            .append(" | `")
            .append(f.code().name())
            .append("` | ")
            .append(object(f.object()))
            .append(" | ")
            .append(cell(f.message()))
            .append(" |\n");
      }
    }
    md.append("\n<details>\n<summary>Details: evidence and fixes</summary>\n");
    n = 0;
    for (Finding f : findings) {
      n++;
      md.append("\n#### ")
          .append(n)
          .append(". `")
          .append(f.code().name())
          .append("` ")
          .append(f.severity().label())
          .append(": ")
          .append(object(f.object()))
          .append("\n\n");
      md.append(escape(f.message())).append("\n");
      if (!f.related().isEmpty()) {
        md.append("\nRelated: ")
            .append(String.join(", ", f.related().stream().map(MarkdownRenderer::object).toList()))
            .append("\n");
      }
      if (!f.evidence().isEmpty()) {
        md.append("\nEvidence:\n\n");
        for (String e : f.evidence()) {
          md.append("- ").append(code(e)).append("\n");
        }
      }
      if (!f.fix().isEmpty()) {
        if (COMMAND.matcher(f.fix()).matches()) {
          md.append("\nFix:\n\n```sh\n").append(f.fix().replace("```", "'''")).append("\n```\n");
        } else {
          md.append("\nFix: ").append(escape(f.fix())).append("\n");
        }
      }
    }
    md.append("\n</details>\n");
    return md.toString();
  }

  private static String title(Severity s) {
    return Character.toUpperCase(s.label().charAt(0)) + s.label().substring(1);
  }

  /** {@code Kind `ns/name`}. */
  static String object(ObjectRef o) {
    return escape(o.kind())
        + " "
        + code(o.namespace().isEmpty() ? o.name() : o.namespace() + "/" + o.name());
  }

  /** Inline code that survives backticks in the text and pipes in a table. */
  static String code(String s) {
    String t = s.replace("\r", "").replace('\n', ' ').replace("|", "\\|");
    return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
  }

  /** A table cell: escaped text on one line. */
  static String cell(String s) {
    return escape(s).replace("\r", "").replace("\n", "<br>");
  }

  /** Text with Markdown and HTML specials escaped, so a message renders as written. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '\\', '`', '*', '_', '|', '[', ']', '#' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
