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
 * of its YAML document (line 1 otherwise: code scanning needs a line). A stable partial fingerprint
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
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", c.name());
      rule.put("name", ruleName(c));
      rule.put("shortDescription", Map.of("text", c.summary()));
      rules.add(rule);
    }
    List<Object> results = new ArrayList<>();
    for (Finding f : r.report().findings()) {
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("ruleId", f.code().name());
      res.put("ruleIndex", codes.indexOf(f.code()));
      res.put("level", level(f.severity()));
      res.put("message", Map.of("text", f.message()));
      Map<String, Object> location = new LinkedHashMap<>();
      physical(r, f).ifPresent(p -> location.put("physicalLocation", p));
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

  private static Optional<Map<String, Object>> physical(DoctorResult r, Finding f) {
    return r.where(f)
        .flatMap(InputLocation::parse)
        .map(
            loc -> {
              Map<String, Object> p = new LinkedHashMap<>();
              p.put("artifactLocation", Map.of("uri", uri(loc.file())));
              p.put("region", Map.of("startLine", loc.line()));
              return p;
            });
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
