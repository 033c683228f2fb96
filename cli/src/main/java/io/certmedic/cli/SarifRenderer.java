package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SARIF 2.1.0 for CI code scanning: one rule per finding code used (its summary as the short
 * description), one result per finding with a level from its severity, a logical location ({@code
 * kind/namespace/name}) and, when the object was read from a file, a physical location at the line
 * of its YAML document (line 1 otherwise: code scanning needs a line); from stdin the artifact
 * {@code stdin} at the document's line, and live a stable logical artifact {@code
 * cluster/Kind/namespace/name}. Every rule carries a full description, help with what to do, a
 * {@code helpUri} to docs/findings.md and a {@code security-severity}. A stable partial fingerprint
 * (code and object) keeps one alert per problem across runs.
 */
final class SarifRenderer {

  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String FINGERPRINT = "certmedicFinding/v1";

  private SarifRenderer() {}

  static String render(DoctorResult r) {
    return Json.MAPPER.writeValueAsString(document(r)) + "\n";
  }

  static Map<String, Object> document(DoctorResult r) {
    Set<FindingCode> used = EnumSet.noneOf(FindingCode.class);
    r.report().findings().forEach(f -> used.add(f.code()));
    List<FindingCode> codes = List.copyOf(used);
    List<Object> rules = new ArrayList<>();
    for (FindingCode c : codes) {
      rules.add(rule(c, worst(r, c)));
    }
    List<Object> results = new ArrayList<>();
    for (Finding f : r.report().findings()) {
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("ruleId", f.code().name());
      res.put("ruleIndex", codes.indexOf(f.code()));
      res.put("level", level(f.severity()));
      res.put("message", Map.of("text", f.message()));
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("physicalLocation", physical(r, f));
      Map<String, Object> logical = new LinkedHashMap<>();
      logical.put("name", f.object().name());
      logical.put("fullyQualifiedName", qualifiedName(f.object()));
      logical.put("kind", "resource");
      location.put("logicalLocations", List.of(logical));
      res.put("locations", List.of(location));
      res.put(
          "partialFingerprints",
          Map.of(FINGERPRINT, f.code().name() + ":" + qualifiedName(f.object())));
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("severity", f.severity().label());
      props.put("related", f.related().stream().map(SarifRenderer::qualifiedName).toList());
      props.put("evidence", f.evidence());
      props.put("fix", f.fix());
      res.put("properties", props);
      results.add(res);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "certmedic");
    driver.put("version", Main.Version.number());
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    root.put("runs", List.of(run));
    return root;
  }

  /**
   * One rule: the code's summary as short description, what to do about it as full description and
   * help (each result's own fix is in its {@code properties.fix}), its section of docs/findings.md,
   * and GitHub's {@code security-severity} from the most severe finding of that code.
   */
  static Map<String, Object> rule(FindingCode c, Severity worst) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", c.name());
    rule.put("name", ruleName(c));
    rule.put("shortDescription", Map.of("text", c.summary()));
    rule.put(
        "fullDescription", Map.of("text", sentence(c.summary()) + " " + FindingHelp.whatToDo(c)));
    Map<String, Object> help = new LinkedHashMap<>();
    help.put(
        "text",
        sentence(c.summary())
            + "\n\nWhat to do: "
            + FindingHelp.whatToDo(c)
            + " Each result's properties.fix holds the exact command.\n\nSee "
            + FindingHelp.uri(c));
    help.put(
        "markdown",
        "**"
            + c.name()
            + "**: "
            + MarkdownRenderer.escape(c.summary())
            + ".\n\n**What to do:** "
            + MarkdownRenderer.escape(FindingHelp.whatToDo(c))
            + " Each result's `fix` property holds the exact command.\n\n[docs/findings.md]("
            + FindingHelp.uri(c)
            + ")");
    rule.put("help", help);
    rule.put("helpUri", FindingHelp.uri(c));
    rule.put("defaultConfiguration", Map.of("level", level(worst)));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("security-severity", FindingHelp.securitySeverity(worst));
    props.put("tags", List.of("security", "tls"));
    rule.put("properties", props);
    return rule;
  }

  /** The most severe finding of {@code c} in {@code r}. */
  private static Severity worst(DoctorResult r, FindingCode c) {
    return r.report().findings().stream()
        .filter(f -> f.code() == c)
        .map(Finding::severity)
        .min(Enum::compareTo)
        .orElse(Severity.INFO);
  }

  private static String sentence(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
  }

  /** critical and error -> error, warning -> warning, info -> note. */
  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped. */
  static String qualifiedName(ObjectRef o) {
    return o.kind() + "/" + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.name();
  }

  /** {@code SAN_MISMATCH} -> {@code SanMismatch}. */
  static String ruleName(FindingCode c) {
    StringBuilder b = new StringBuilder();
    for (String part : c.name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return b.toString();
  }

  /** Where stdin's documents are said to be: code scanning needs an artifact for every result. */
  static final String STDIN_URI = "stdin";

  /** The artifact prefix of an object read live: {@code cluster/Kind/namespace/name}. */
  static final String LIVE_PREFIX = "cluster/";

  /**
   * The file and line the object was read from; from stdin, {@link #STDIN_URI} at the line in the
   * stream; read live, a stable logical artifact {@code cluster/Kind/namespace/name} at line 1.
   */
  static Map<String, Object> physical(DoctorResult r, Finding f) {
    Optional<String> where = r.where(f);
    Optional<InputLocation> file = where.flatMap(InputLocation::parse);
    Map<String, Object> artifact = new LinkedHashMap<>();
    int line = 1;
    if (file.isPresent()) {
      artifact.put("uri", uri(file.get().file()));
      line = file.get().line();
    } else if (where.isPresent() && where.get().startsWith("stdin")) {
      artifact.put("uri", STDIN_URI);
      artifact.put("description", Map.of("text", "standard input (" + where.get() + ")"));
      line = InputLocation.stdin(where.get()).map(InputLocation::line).orElse(1);
    } else {
      artifact.put("uri", uri(LIVE_PREFIX + qualifiedName(f.object())));
      artifact.put("description", Map.of("text", "read live from the cluster, not from a file"));
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("artifactLocation", artifact);
    p.put("region", Map.of("startLine", line));
    return p;
  }

  /**
   * A relative path stays relative (code scanning resolves it against the checkout); else a file
   * URI.
   */
  static String uri(String file) {
    Path p = Path.of(file);
    if (p.isAbsolute()) {
      return p.toUri().toString();
    }
    try {
      return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      return file;
    }
  }
}
