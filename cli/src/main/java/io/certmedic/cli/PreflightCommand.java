package io.certmedic.cli;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingDiff;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.kube.live.ClusterConnection;
import io.certmedic.kube.live.ClusterOptions;
import io.certmedic.kube.live.LiveException;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.preflight.ChartRenderer;
import io.certmedic.kube.preflight.Overlay;
import io.certmedic.kube.preflight.Preflight;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certmedic preflight}: the TLS breakage an upgrade would cause, before it is applied. */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    header = "Predicts the TLS breakage an upgrade would cause.",
    description = {
      "Predict the TLS breakage an upgrade would cause, before applying it.",
      "The current state (--before: a dump or manifests, or --cluster) gets the new",
      "manifests (--after, or a Helm chart rendered in-process with --chart) applied",
      "as kubectl apply / helm upgrade would; the doctor's checks run on both states.",
      "Each finding is marked new, fixed or unchanged; the changes that matter for",
      "TLS (a Service renamed or removed, a webhook re-pointed, a Secret no longer",
      "mounted, a caBundle left empty) are listed. --fail-on judges new findings only."
    },
    footer = {
      "",
      "Overlay rules: same kind+namespace+name is replaced (a caBundle the new manifest",
      "leaves empty keeps the live one: an injector fills it); objects of the same Helm",
      "release the render no longer holds are removed, except Secrets (an operator may",
      "have made them); everything else is kept.",
      "",
      "Examples:",
      "  certmedic preflight --before dump.yaml --chart ./spark-operator \\",
      "      --release spark-operator -n spark --set webhook.enable=true",
      "  certmedic preflight --cluster --chart spark-operator-2.1.0.tgz \\",
      "      --release spark-operator -n spark --values prod.yaml",
      "  helm template eso external-secrets/external-secrets > after.yaml",
      "  certmedic preflight --before dump/ --after after.yaml -o markdown",
      "  certmedic preflight --before dump.yaml --after new/ -o sarif \\",
      "      --fail-on critical > preflight.sarif",
      "",
      "Exit codes: 0 no new finding at or above --fail-on, 1 such a new finding,",
      "2 a usage error, an unreadable input or a chart Helm cannot render."
    })
final class PreflightCommand implements Callable<Integer> {

  @Option(
      names = "--before",
      paramLabel = "PATH",
      description =
          "The current state: a dump file, a directory (read recursively) or '-' for stdin, as for doctor -f; repeatable.")
  List<String> before;

  @Option(
      names = "--cluster",
      description =
          "Read the current state from the cluster of the current (or --context) kubeconfig context instead of --before.")
  boolean live;

  @Mixin ClusterFlags cluster = new ClusterFlags();

  @Option(
      names = "--after",
      paramLabel = "PATH",
      description =
          "What the upgrade applies: rendered manifests (file, directory or '-'); repeatable.")
  List<String> after;

  @Option(
      names = "--chart",
      paramLabel = "DIR|TGZ",
      description = "What the upgrade applies: a Helm chart, rendered in-process (no helm binary).")
  Path chart;

  @Option(
      names = "--release",
      paramLabel = "NAME",
      description =
          "The Helm release: its objects the render no longer holds are removed (default: the chart's name with --chart; with --after, the one release the render's labels name, if any).")
  String release;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "default",
      description =
          "The release namespace: where namespaced objects without a namespace go (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--values",
      paramLabel = "FILE",
      description = "A values file for --chart; repeatable, later ones win.")
  List<Path> values = List.of();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A value for --chart, as helm --set; repeatable.")
  List<String> sets = List.of();

  @Mixin FormatFlag output = new FormatFlag();

  @Option(
      names = "--wide",
      description = "Table output: show the evidence and the fix under each new finding.")
  boolean wide;

  @Mixin FailOnFlag failOn = new FailOnFlag();

  @Option(
      names = "--show-rendered",
      description =
          "Print the predicted objects the render replaces, adds or removes, as YAML, each under a comment saying how it was overlaid (private keys replaced by their public keys), instead of the findings; exit 0.")
  boolean showRendered;

  @picocli.CommandLine.Mixin JudgeFlags judge = new JudgeFlags();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Renderers.Format format = output.format();
    DoctorResult.FailOn threshold = failOn.level();
    DoctorOptions options = judge.options();
    Instant when = options.at();
    boolean hasBefore = before != null && !before.isEmpty();
    if (hasBefore == live) {
      throw new UserException(
          "give the current state with --before PATH or --cluster (one of them)");
    }
    boolean hasAfter = after != null && !after.isEmpty();
    if (hasAfter == (chart != null)) {
      throw new UserException(
          "give what the upgrade applies with --after PATH or --chart DIR|TGZ (one of them)");
    }
    if (chart == null && (!values.isEmpty() || !sets.isEmpty())) {
      throw new UserException("--values and --set need --chart");
    }
    if (namespace.isBlank()) {
      throw new UserException("--namespace: give a namespace name");
    }

    Preflight.Render render = render();
    String rel =
        release != null
            ? release
            : chart != null ? chartName(chart) : inferRelease(render.documents());
    Overlay overlay = Overlay.of(render.documents(), rel, namespace);
    Preflight.Prediction p;
    try {
      p = Preflight.predict(this::readCurrent, overlay, render);
    } catch (ManifestException e) {
      throw new UserException(e.getMessage(), e);
    }

    if (showRendered) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(rendered(p.overlay()));
      out.flush();
      return 0;
    }
    Report current = Doctor.run(p.current(), options);
    Report predicted = Doctor.run(p.predicted(), options);
    Map<ObjectRef, String> sources = new HashMap<>(DoctorCommand.sources(p.predicted()));
    DoctorCommand.sources(p.current()).forEach(sources::putIfAbsent);
    PreflightResult result =
        new PreflightResult(
            FindingDiff.compare(
                asRenamed(current.findings(), p.overlay().renames()), predicted.findings()),
            p.changes(),
            predicted,
            when,
            threshold,
            sources,
            p.predicted());
    PrintWriter out = spec.commandLine().getOut();
    out.print(PreflightRenderers.render(format, result, Terminal.colour(), wide, Terminal.width()));
    out.flush();
    return result.exitCode();
  }

  private static final tools.jackson.dataformat.yaml.YAMLMapper YAML =
      new tools.jackson.dataformat.yaml.YAMLMapper();

  /**
   * The overlay as YAML: every predicted object the upgrade touches under a {@code # Kind ns/name:
   * how} comment, then the removed ones as comments. Private keys become their public keys.
   */
  static String rendered(Overlay.Result r) {
    StringBuilder out = new StringBuilder();
    io.certmedic.kube.snapshot.Redactor redactor = new io.certmedic.kube.snapshot.Redactor();
    for (Document d : r.predicted()) {
      Overlay.Key k = Overlay.Key.of(d);
      out.append("---\n# ")
          .append(k.describe())
          .append(": ")
          .append(r.how().getOrDefault(k, "kept"))
          .append('\n');
      tools.jackson.databind.JsonNode n =
          d.node() instanceof tools.jackson.databind.node.ObjectNode o
              ? redactor.redact(o.deepCopy())
              : d.node();
      out.append(YAML.writeValueAsString(n).replaceFirst("^---\n", ""));
    }
    for (Overlay.Key k : r.removed()) {
      out.append("---\n# ")
          .append(k.describe())
          .append(": ")
          .append(r.how().getOrDefault(k, "removed"))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The current findings with the objects they relate to under the names the upgrade gives them, so
   * a finding about a kept Secret whose caller was renamed is unchanged, not fixed and new.
   */
  static List<Finding> asRenamed(List<Finding> findings, List<Overlay.Rename> renames) {
    Map<ObjectRef, ObjectRef> to = new HashMap<>();
    for (Overlay.Rename r : renames) {
      to.put(
          ObjectRef.of(r.from().kind(), r.from().namespace(), r.from().name()),
          ObjectRef.of(r.to().kind(), r.to().namespace(), r.to().name()));
    }
    if (to.isEmpty()) {
      return findings;
    }
    return findings.stream()
        .map(
            f ->
                new Finding(
                    f.code(),
                    f.severity(),
                    f.object(),
                    f.related().stream().map(o -> to.getOrDefault(o, o)).toList(),
                    f.message(),
                    f.evidence(),
                    f.fix()))
        .toList();
  }

  private Preflight.Render render() {
    try {
      if (chart == null) {
        return Preflight.readRender(after, System.in);
      }
      String name = release != null ? release : chartName(chart);
      String yaml = ChartRenderer.render(chart, name, namespace, values, sets);
      return Preflight.readRender(yaml, "chart " + chart);
    } catch (ManifestException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private io.certmedic.core.snapshot.Snapshot readCurrent(
      java.util.function.UnaryOperator<io.certmedic.kube.manifest.ManifestSink> tap)
      throws ManifestException {
    if (!live) {
      return io.certmedic.kube.snapshot.DumpReader.read(before, System.in, tap);
    }
    ClusterOptions o = cluster.options(null);
    try (KubernetesClient client = ClusterConnection.open(o)) {
      return LiveReader.read(client, o.namespace(), tap);
    } catch (LiveException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /**
   * {@code charts/spark-operator} -> spark-operator; {@code spark-operator-2.1.0.tgz} ->
   * spark-operator.
   */
  static String chartName(Path chart) {
    String n = chart.toAbsolutePath().normalize().getFileName().toString();
    if (n.endsWith(".tgz")) {
      n = n.substring(0, n.length() - 4).replaceFirst("-v?\\d+\\.\\d+\\.\\d+.*$", "");
    }
    return n;
  }

  /**
   * The one release the render's objects name by label or annotation; null when none or several.
   */
  static String inferRelease(List<Document> render) {
    Set<String> names = new LinkedHashSet<>();
    for (Document d : render) {
      String a =
          d.node()
              .path("metadata")
              .path("annotations")
              .path("meta.helm.sh/release-name")
              .asString("");
      String l =
          d.node().path("metadata").path("labels").path("app.kubernetes.io/instance").asString("");
      if (!a.isEmpty()) {
        names.add(a);
      } else if (!l.isEmpty()) {
        names.add(l);
      }
    }
    return names.size() == 1 ? names.iterator().next() : null;
  }
}
