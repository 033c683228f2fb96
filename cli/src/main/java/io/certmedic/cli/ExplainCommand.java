package io.certmedic.cli;

import io.certmedic.core.explain.ErrorFacts;
import io.certmedic.core.explain.ExplainAggregator;
import io.certmedic.core.explain.ExplainOptions;
import io.certmedic.core.explain.Explanation;
import io.certmedic.core.explain.LogScanner;
import io.certmedic.core.explain.cluster.ClusterLink;
import io.certmedic.core.explain.cluster.ClusterLinker;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code certmedic explain}: from an x509 error line, or a whole log, to the cause, the objects to
 * look at and the fix.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    header = "Explains a TLS error or a log: cause and fix.",
    description = {
      "Explains TLS verification failures from pasted error text or a whole log, with",
      "no cluster access: which verifier failed on which connection, why, the objects",
      "to look at, what to run to confirm it, and the fix. Reads the wording of Go",
      "(API server, kubelet, operators), the JDK, OpenSSL, curl, Python and Node.js.",
      "",
      "With --log, failures are grouped by (family, target) with a count and the first",
      "and last timestamps; the log is streamed in constant memory and lines longer",
      "than 64 KiB are cut. With neither TEXT nor --log, a piped standard input is",
      "read.",
      "",
      "With -f PATH (a dump, as doctor reads it) or the live cluster's flags",
      "(--context, --kubeconfig, -n), each group is linked to the object its lines",
      "name (webhook, APIService, conversion webhook, svc.ns.svc Service, kubeconfig",
      "server, Ingress host) and to the doctor's finding on it; a group that no",
      "current finding explains, or whose object is missing, says so.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  certmedic explain 'x509: certificate is valid for a.ns.svc, not b.ns.svc'",
      "  certmedic explain --log /var/log/kube-apiserver.log",
      "  kubectl -n kube-system logs kube-apiserver-node1 \\",
      "    | certmedic explain --log - -o json",
      "  certmedic explain --log apiserver.log -f dump.yaml",
      "  certmedic explain --log apiserver.log --context prod",
      "",
      "Exit codes: 0 no TLS failure found, 1 at least one explained, 2 usage or",
      "unreadable input."
    })
public final class ExplainCommand implements Callable<Integer> {

  /** Logs at least this big get a progress line on a terminal. */
  static final long PROGRESS_MIN_BYTES = 64L << 20;

  /**
   * Most bytes of one log: 64 GiB, sixty times the 1 GB benchmark log, so an endless text pipe
   * still ends (a device such as {@code /dev/zero} is refused at once as binary); {@code
   * --max-input-size} sets it.
   */
  static final long DEFAULT_MAX_LOG_BYTES = 64L << 30;

  /** Bytes of a log looked at for a NUL byte: a log is text, a device or binary file is not. */
  static final int SNIFF_BYTES = 64 * 1024;

  /** Set by {@code --max-input-size}, reset for every run. */
  static volatile long maxLogBytes = DEFAULT_MAX_LOG_BYTES;

  @Parameters(
      arity = "0..*",
      paramLabel = "TEXT",
      description = "Error text as pasted: one line or several.")
  List<String> text;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "A log file to read, or '-' for standard input.")
  String log;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: " + OutputFormat.NAMES + " (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--year",
      paramLabel = "YEAR",
      description =
          "Year of klog/syslog timestamps, which carry none; they then print as RFC 3339 (UTC).")
  Integer year;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description =
          "A dump to link each failure group to: the object its lines name and the doctor's finding on it (as doctor -f reads it; repeatable).")
  List<String> paths;

  @CommandLine.Mixin ClusterFlags cluster = new ClusterFlags();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "With the live cluster: read only this namespace.")
  String namespace;

  @CommandLine.Mixin JudgeFlags judge = new JudgeFlags();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** True when a cluster flag asks for the live cluster. */
  private boolean live() {
    return cluster.kubeconfig != null
        || cluster.context != null
        || namespace != null
        || cluster.allNamespaces;
  }

  @Override
  public Integer call() throws IOException {
    OutputFormat format = OutputFormat.parse(output);
    boolean hasText = text != null && !text.isEmpty();
    if (hasText && log != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give TEXT or --log, not both");
    }
    boolean dump = paths != null && !paths.isEmpty();
    if (dump && live()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give -f PATH or the live cluster's flags, not both");
    }
    if (dump && paths.contains("-") && !hasText && (log == null || log.equals("-"))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-f - and the log cannot both be standard input: give --log FILE");
    }
    // The snapshot first: a dump or cluster that cannot be read fails before a long log is read.
    String input = dump ? "the dump" : "the cluster";
    Snapshot snapshot =
        dump
            ? SnapshotInput.dump(paths)
            : live()
                ? SnapshotInput.cluster(
                    cluster, namespace, spec.commandLine().getErr(), (client, s) -> s)
                : null;
    ExplainOptions options = ExplainOptions.DEFAULTS.withYear(year);
    ExplainAggregator agg = new ExplainAggregator(options);
    LogScanner.Stats stats = null;
    if (hasText) {
      for (String t : text) {
        agg.acceptText(t);
      }
    } else if (log != null && !log.equals("-")) {
      stats = scanFile(Path.of(log), agg, options);
    } else if (log != null || System.console() == null) {
      stats = scan(System.in, "stdin", agg, options, null);
    } else {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give error TEXT, --log FILE, or pipe a log into standard input");
    }
    List<Explanation> explanations = agg.explanations();
    ClusterLinks links =
        snapshot == null
            ? null
            : new ClusterLinks(
                ClusterLinker.link(explanations, snapshot, judge.options(), input), input);
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      out.println(ExplainJson.render(explanations, agg.summary(), stats, links));
    } else if (format == OutputFormat.YAML) {
      out.print(Renderers.yamlOf(ExplainJson.document(explanations, agg.summary(), stats, links)));
    } else {
      ExplainText.render(out, explanations, agg.summary(), stats, Terminal.colour(), links);
    }
    out.flush();
    return explanations.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  private LogScanner.Stats scanFile(Path file, ExplainAggregator agg, ExplainOptions options)
      throws IOException {
    String problem = io.certmedic.kube.snapshot.InputPaths.problem(file);
    if (problem != null) {
      throw new UserException("cannot read log " + file + ": it " + problem);
    }
    if (Files.isDirectory(file)) {
      throw new UserException(
          "cannot read log " + file + ": it is a directory; give a file or '-'");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new UserException("cannot read log " + file + ": no such file");
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = System.console() != null && size >= PROGRESS_MIN_BYTES;
    try (InputStream in = Files.newInputStream(file)) {
      LogScanner.Stats stats =
          scan(
              in,
              file.toString(),
              agg,
              options,
              progress
                  ? read -> {
                    err.printf("\rexplain: read %d of %d MiB", read >> 20, size >> 20);
                    err.flush();
                  }
                  : null);
      if (progress) {
        err.println();
      }
      return stats;
    } catch (java.nio.file.AccessDeniedException e) {
      throw new UserException("cannot read log " + file + ": permission denied");
    }
  }

  /**
   * Scans a log after looking at its start: a NUL byte marks a binary file or a device, not a log;
   * past {@link #maxLogBytes} the scan stops. Either ends in one line and exit 2.
   */
  private static LogScanner.Stats scan(
      InputStream raw,
      String name,
      ExplainAggregator agg,
      ExplainOptions options,
      java.util.function.LongConsumer progress)
      throws IOException {
    java.io.BufferedInputStream in =
        new java.io.BufferedInputStream(
            new io.certmedic.core.pem.BoundedInputStream(raw, name, maxLogBytes), SNIFF_BYTES);
    try {
      in.mark(SNIFF_BYTES);
      byte[] head = in.readNBytes(SNIFF_BYTES);
      in.reset();
      for (byte b : head) {
        if (b == 0) {
          throw new UserException(
              "cannot read log " + name + ": it holds NUL bytes, so it is binary, not a log");
        }
      }
      return LogScanner.scan(in, agg, options, progress);
    } catch (io.certmedic.core.pem.BoundedInputStream.TooLargeException e) {
      throw new UserException("cannot read log " + e.getMessage());
    }
  }

  /** Each group's link to the cluster, in the order of the explanations, and what was read. */
  record ClusterLinks(List<ClusterLink> links, String input) {}

  /** JSON rendering: stable field order, absent fields omitted. */
  static final class ExplainJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ExplainJson() {}

    static String render(
        List<Explanation> explanations, ExplainAggregator.Summary summary, LogScanner.Stats stats) {
      return render(explanations, summary, stats, null);
    }

    static String render(
        List<Explanation> explanations,
        ExplainAggregator.Summary summary,
        LogScanner.Stats stats,
        ClusterLinks links) {
      return MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(document(explanations, summary, stats, links));
    }

    /** The JSON document, also written as YAML by {@code -o yaml}. */
    static ObjectNode document(
        List<Explanation> explanations, ExplainAggregator.Summary summary, LogScanner.Stats stats) {
      return document(explanations, summary, stats, null);
    }

    /** As above; with {@code links} (nullable), each explanation carries its {@code cluster}. */
    static ObjectNode document(
        List<Explanation> explanations,
        ExplainAggregator.Summary summary,
        LogScanner.Stats stats,
        ClusterLinks links) {
      ObjectNode root = MAPPER.createObjectNode();
      ArrayNode arr = root.putArray("explanations");
      for (int i = 0; i < explanations.size(); i++) {
        ObjectNode e = explanation(explanations.get(i));
        if (links != null) {
          e.set("cluster", ExplainCluster.json(links.links().get(i)));
        }
        arr.add(e);
      }
      ObjectNode s = root.putObject("summary");
      if (stats != null) {
        s.put("bytes", stats.bytes());
        s.put("lines", stats.lines());
        if (stats.truncated() > 0) {
          s.put("truncatedLines", stats.truncated());
        }
      }
      s.put("failures", summary.failures());
      s.put("groups", summary.groups());
      if (summary.overflow() > 0) {
        s.put("ungroupedFailures", summary.overflow());
      }
      if (summary.dominantFamily() != null) {
        ObjectNode d = s.putObject("dominant");
        d.put("family", summary.dominantFamily().json());
        d.put("target", summary.dominantTarget());
        d.put("count", summary.dominantCount());
        d.put("share", Math.round(summary.dominantShare() * 1000) / 1000.0);
      }
      if (links != null) {
        s.set("cluster", ExplainCluster.jsonSummary(links.links(), links.input()));
      }
      return root;
    }

    static ObjectNode explanation(Explanation e) {
      ErrorFacts f = e.facts();
      ObjectNode o = MAPPER.createObjectNode();
      o.put("family", f.family().json());
      o.put("count", e.count());
      putIf(o, "stack", f.stack() == null ? null : f.stack().json());
      putIf(o, "caller", f.caller());
      putIf(o, "webhook", f.webhook());
      if (f.crd() != null) {
        ObjectNode c = o.putObject("crd");
        c.put("group", f.crd().group());
        c.put("version", f.crd().version());
        c.put("kind", f.crd().kind());
      }
      putIf(o, "apiService", f.apiService());
      putIf(o, "url", f.url());
      putIf(o, "host", f.host());
      if (f.port() != null) {
        o.put("port", f.port());
      }
      putIf(o, "path", f.path());
      if (f.service() != null) {
        ObjectNode svc = o.putObject("service");
        svc.put("namespace", f.service().namespace());
        svc.put("name", f.service().name());
      }
      putIf(o, "peer", f.peer());
      putIf(o, "wanted", f.wanted());
      if (!f.validFor().isEmpty()) {
        ArrayNode v = o.putArray("validFor");
        f.validFor().forEach(v::add);
      }
      putIf(o, "currentTime", f.currentTime());
      putIf(o, "notAfter", f.notAfter());
      putIf(o, "notBefore", f.notBefore());
      putIf(
          o,
          f.family() == io.certmedic.core.explain.Family.EXPIRED ? "expiredAgo" : "validIn",
          e.expiredAgo());
      putIf(o, "authority", f.authority());
      putIf(o, "reason", f.reason());
      putIf(o, "alert", f.alert());
      ArrayNode codes = o.putArray("codes");
      for (FindingCode c : e.codes()) {
        codes.add(c.name());
      }
      o.put("cause", e.cause());
      ArrayNode roots = o.putArray("rootCauses");
      e.rootCauses().forEach(roots::add);
      ArrayNode cmds = o.putArray("commands");
      e.commands().forEach(cmds::add);
      o.put("fix", e.fix());
      putIf(o, "firstSeen", e.firstSeen());
      putIf(o, "lastSeen", e.lastSeen());
      putIf(o, "sample", e.sample());
      return o;
    }

    private static void putIf(ObjectNode o, String name, String value) {
      if (value != null && !value.isEmpty()) {
        o.put(name, value);
      }
    }
  }

  /** Plain-text rendering for people. */
  static final class ExplainText {
    private ExplainText() {}

    static void render(
        PrintWriter out,
        List<Explanation> explanations,
        ExplainAggregator.Summary summary,
        LogScanner.Stats stats,
        boolean colour,
        ClusterLinks links) {
      if (explanations.isEmpty()) {
        out.println(
            stats == null
                ? "No TLS failure recognised in the text."
                : "No TLS failure found in " + stats.lines() + " lines.");
        return;
      }
      for (int i = 0; i < explanations.size(); i++) {
        Explanation e = explanations.get(i);
        if (i > 0) {
          out.println();
        }
        ErrorFacts f = e.facts();
        String target = f.target().equals("-") ? "(the line names no target)" : f.target();
        String head = f.family().json() + (e.count() > 1 ? " x" + e.count() : "") + "  " + target;
        out.println(
            colour
                ? CommandLine.Help.Ansi.ON.string("@|bold " + head.replace("|@", "") + "|@")
                : head);
        facts(out, e);
        out.println("  Cause: " + e.cause());
        out.println("  Likely root causes:");
        int n = 1;
        for (String r : e.rootCauses()) {
          out.println("    " + n++ + ". " + r);
        }
        out.println(
            "  Confirm with certmedic doctor codes: "
                + String.join(", ", e.codes().stream().map(Enum::name).toList()));
        out.println("  Run:");
        for (String c : e.commands()) {
          out.println("    $ " + c);
        }
        out.println("  Fix: " + e.fix());
        if (links != null) {
          ExplainCluster.text(out, links.links().get(i));
        }
      }
      out.println();
      StringBuilder s = new StringBuilder();
      if (stats != null) {
        s.append("Read ")
            .append(stats.lines())
            .append(" lines (")
            .append(stats.bytes())
            .append(" bytes): ");
      }
      s.append(summary.failures())
          .append(summary.failures() == 1 ? " TLS failure" : " TLS failures")
          .append(" in ")
          .append(summary.groups())
          .append(summary.groups() == 1 ? " group" : " groups");
      if (summary.groups() > 1 && summary.dominantFamily() != null) {
        s.append("; ")
            .append(Math.round(summary.dominantShare() * 100))
            .append("% are ")
            .append(summary.dominantFamily().json())
            .append(" for ")
            .append(summary.dominantTarget());
      }
      if (summary.overflow() > 0) {
        s.append("; ")
            .append(summary.overflow())
            .append(" more failures beyond the group cap were not grouped");
      }
      if (stats != null && stats.truncated() > 0) {
        s.append("; ").append(stats.truncated()).append(" lines longer than 64 KiB were cut");
      }
      out.println(s.append('.'));
      if (links != null) {
        out.println(ExplainCluster.textSummary(links.links(), links.input()));
      }
    }

    private static void facts(PrintWriter out, Explanation e) {
      ErrorFacts f = e.facts();
      StringBuilder sb = new StringBuilder();
      add(sb, "stack", f.stack() == null ? null : f.stack().json());
      add(sb, "webhook", f.webhook());
      add(sb, "crd", f.crd() == null ? null : f.crd().toString());
      add(sb, "apiservice", f.apiService());
      add(sb, "url", f.url());
      add(sb, "service", f.service() == null ? null : f.service().toString());
      add(sb, "peer", f.peer());
      add(sb, "wanted", f.wanted());
      add(sb, "valid for", f.validFor().isEmpty() ? null : String.join(", ", f.validFor()));
      add(sb, "current time", f.currentTime());
      add(sb, "not after", f.notAfter());
      add(sb, "not before", f.notBefore());
      add(
          sb,
          f.family() == io.certmedic.core.explain.Family.EXPIRED ? "expired ago" : "valid in",
          e.expiredAgo());
      add(sb, "authority", f.authority());
      add(sb, "alert", f.alert());
      if (e.firstSeen() != null) {
        add(
            sb,
            "seen",
            e.firstSeen().equals(e.lastSeen())
                ? e.firstSeen()
                : e.firstSeen() + " .. " + e.lastSeen());
      }
      if (sb.length() > 0) {
        out.println("  " + sb);
      }
    }

    private static void add(StringBuilder sb, String k, String v) {
      if (v != null && !v.isEmpty()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(k).append(": ").append(v);
      }
    }
  }
}
