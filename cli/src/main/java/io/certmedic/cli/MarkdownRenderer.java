package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Markdown for a pull-request comment (GitHub-flavoured): a heading, the summary line, then one
 * section per finding code (most severe first) with its count, what it means and a table of its
 * first {@link #FIRST_PER_CODE} findings (severity | object | message), then a collapsed details
 * section with the evidence and fix of each finding listed, numbered as in the tables. The whole
 * stays under {@link #MAX_CHARS} (GitHub's comment limit) however many findings there are, and
 * ends, when anything was left out, with how many and the command that prints them all.
 */
final class MarkdownRenderer {

  /** A fix that starts with a command is shown as a code block, ready to copy. */
  private static final Pattern COMMAND =
      Pattern.compile("^(kubectl|certmedic|helm|openssl|oc) .*", Pattern.DOTALL);

  private MarkdownRenderer() {}

  /** GitHub's limit on a pull-request comment. */
  static final int MAX_CHARS = 65_536;

  /** Findings listed per code; the rest of the group is counted. */
  static final int FIRST_PER_CODE = 5;

  /** Room kept for the closing lines (how many more, the command for all). */
  static final int CLOSING_RESERVE = 1_500;

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
    int budget = MAX_CHARS - CLOSING_RESERVE;
    List<Finding> shown = new ArrayList<>();
    for (Map.Entry<FindingCode, List<Finding>> g : groups(findings).entrySet()) {
      List<Finding> group = g.getValue();
      String head =
          "\n### `"
              + g.getKey().name()
              + "` ("
              + group.size()
              + ")\n\n"
              + escape(g.getKey().summary())
              + ".\n\n| # | severity | object | message |\n|---|---|---|---|\n";
      if (md.length() + head.length() > budget) {
        break;
      }
      md.append(head);
      int listed = 0;
      for (Finding f : group) {
        String row =
            "| "
                + (shown.size() + 1)
                + " | "
                + f.severity().label()
                + " | "
                + object(f.object())
                + " | "
                + cell(f.message())
                + " |\n";
        if (listed == FIRST_PER_CODE || md.length() + row.length() > budget) {
          break;
        }
        md.append(row);
        listed++;
        shown.add(f);
      }
      if (listed < group.size()) {
        md.append("\n_and ")
            .append(group.size() - listed)
            .append(" more `")
            .append(g.getKey().name())
            .append("`_\n");
      }
    }
    String close = "\n</details>\n";
    StringBuilder details =
        new StringBuilder("\n<details>\n<summary>Details: evidence and fixes</summary>\n");
    int detailed = 0;
    for (Finding f : shown) {
      String one = details(detailed + 1, f);
      if (md.length() + details.length() + one.length() + close.length() > budget) {
        break;
      }
      details.append(one);
      detailed++;
    }
    if (detailed > 0) {
      md.append(details).append(close);
    }
    int more = findings.size() - shown.size();
    if (more > 0 || detailed < shown.size()) {
      md.append("\n---\n\n")
          .append(more)
          .append(more == 1 ? " more finding is" : " more findings are")
          .append(" not listed here");
      if (detailed < shown.size()) {
        md.append(" (and ").append(shown.size() - detailed).append(" are listed without details)");
      }
      md.append(", to keep this comment under ")
          .append(String.format(java.util.Locale.ROOT, "%,d", MAX_CHARS))
          .append(" characters. All of them:\n\n```sh\n")
          .append(allCommand(r).replace("```", "'''"))
          .append("\n```\n");
    }
    return md.toString();
  }

  /** The findings by code: most severe code first, then the largest group, then by name. */
  static Map<FindingCode, List<Finding>> groups(List<Finding> findings) {
    Map<FindingCode, List<Finding>> byCode = new EnumMap<>(FindingCode.class);
    for (Finding f : findings) {
      byCode.computeIfAbsent(f.code(), k -> new ArrayList<>()).add(f);
    }
    List<Map.Entry<FindingCode, List<Finding>>> entries = new ArrayList<>(byCode.entrySet());
    entries.sort(
        Comparator.<Map.Entry<FindingCode, List<Finding>>, Severity>comparing(
                e -> e.getValue().stream().map(Finding::severity).min(Enum::compareTo).get())
            .thenComparing(e -> -e.getValue().size())
            .thenComparing(e -> e.getKey().name()));
    Map<FindingCode, List<Finding>> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * The doctor command that prints every finding of the same input: its files ({@code -f}), or
   * {@code -f -} for stdin, or the cluster; quoted for a shell.
   */
  static String allCommand(DoctorResult r) {
    Set<String> files = new TreeSet<>();
    boolean stdin = false;
    for (String where : r.sources().values()) {
      InputLocation.parse(where).ifPresent(x -> files.add(x.file()));
      stdin |= InputLocation.stdin(where).isPresent();
    }
    List<String> args = new ArrayList<>(List.of("certmedic", "doctor"));
    for (String f : files) {
      args.add("-f");
      args.add(f);
    }
    if (stdin) {
      args.add("-f");
      args.add("-");
    }
    args.addAll(List.of("--at", CertView.rfc3339(r.at()), "-o", "table", "--wide"));
    return Shell.command(args);
  }

  private static String details(int n, Finding f) {
    StringBuilder md = new StringBuilder();
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
    return md.toString();
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
