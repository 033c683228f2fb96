package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The doctor's output formats, each a pure function of a {@link DoctorResult} to text, so they can
 * be tested without running the command. {@link #document} is the JSON contract (field names are
 * public API); {@code yaml} is the same document as YAML.
 *
 * <pre>{@code
 * String out = Renderers.render(Renderers.Format.SARIF, result, false, false);
 * }</pre>
 *
 * None of them prints key material: findings carry none, and renderers add only the summary.
 */
final class Renderers {

  /** The {@code -o} values. */
  enum Format {
    TABLE,
    JSON,
    YAML,
    MARKDOWN,
    SARIF,
    JUNIT,
    HTML;

    static final String NAMES = "table, json, yaml, markdown, sarif, junit, html";

    static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s.trim())) {
          return f;
        }
      }
      throw new UserException("--output: unknown format '" + s + "', expected one of " + NAMES);
    }
  }

  /**
   * Every string value double-quoted: an unquoted {@code 2026-12-24T00:00:00Z} is a timestamp to
   * YAML 1.1 readers (PyYAML, Ruby), and {@code at} must stay a string as it is in the JSON.
   */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .build();

  private Renderers() {}

  /** Renders {@code r} in {@code format}; colour and wide apply to the table only. */
  static String render(Format format, DoctorResult r, boolean colour, boolean wide) {
    return render(format, r, colour, wide, TableRenderer.NO_WRAP);
  }

  /** As above, the table fitted to {@code width} columns ({@link TableRenderer#NO_WRAP}: not). */
  static String render(Format format, DoctorResult r, boolean colour, boolean wide, int width) {
    return switch (format) {
      case TABLE -> TableRenderer.render(r, colour, wide, width);
      case JSON -> json(r);
      case YAML -> yaml(r);
      case MARKDOWN -> markdown(r);
      case SARIF -> sarif(r);
      case JUNIT -> JunitRenderer.render(r, "certmedic doctor");
      case HTML -> HtmlRenderer.render(HtmlModel.of(r, "certmedic doctor", Instant.now()));
    };
  }

  static String table(DoctorResult r, boolean colour, boolean wide) {
    return TableRenderer.render(r, colour, wide);
  }

  static String json(DoctorResult r) {
    return Json.MAPPER.writeValueAsString(document(r)) + "\n";
  }

  static String yaml(DoctorResult r) {
    return yamlOf(document(r));
  }

  /** Any output document as YAML, written as the doctor writes its own (strings quoted). */
  static String yamlOf(Object document) {
    return YAML.writeValueAsString(document);
  }

  static String markdown(DoctorResult r) {
    return MarkdownRenderer.render(r);
  }

  static String sarif(DoctorResult r) {
    return SarifRenderer.render(r);
  }

  /**
   * The JSON contract: {@code {"findings":[...],"summary":{...}}}, fields in this order; {@code
   * nodePki} (before {@code summary}) when a node's PKI was read, {@code summary.skipped} when a
   * directory walk skipped files; a finding read from a file carries {@code location}.
   */
  static Map<String, Object> document(DoctorResult r) {
    List<Object> findings = new ArrayList<>();
    for (Finding f : r.report().findings()) {
      findings.add(located(finding(f), r, f));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    r.report().counts().forEach((s, n) -> summary.put(s.label(), n));
    summary.put("objects", r.report().objects());
    summary.put("ignoredKinds", r.ignoredKinds());
    summary.put("at", CertView.rfc3339(r.at()));
    summary.put("failOn", r.failOn().label());
    summary.put("exitCode", r.exitCode());
    if (!r.skipped().isEmpty()) {
      summary.put("skipped", r.skipped().stream().map(Renderers::skipped).toList());
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("findings", findings);
    if (!r.nodePki().isEmpty()) {
      root.put("nodePki", NodePkiTable.json(r.nodePki(), r.at()));
    }
    root.put("summary", summary);
    return root;
  }

  /**
   * One finding of the JSON contract: code, ruleId, docsUrl, severity, object, related, message,
   * evidence, fix.
   */
  static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", f.code().name());
    m.put("ruleId", io.certmedic.core.doctor.RuleIds.of(f.code()));
    m.put("docsUrl", f.code().docsUrl());
    m.put("severity", f.severity().label());
    m.put("object", object(f.object()));
    m.put("related", f.related().stream().map(Renderers::object).toList());
    m.put("message", f.message());
    m.put("evidence", f.evidence());
    m.put("fix", f.fix());
    return m;
  }

  /**
   * {@code m} with {@code "location": {"file", "line"}} added when the finding's object was read
   * from a file (the line its YAML document starts on; 1 for JSON input and PEM files).
   */
  static Map<String, Object> located(Map<String, Object> m, DoctorResult r, Finding f) {
    r.where(f)
        .flatMap(InputLocation::parse)
        .ifPresent(
            loc -> {
              Map<String, Object> l = new LinkedHashMap<>();
              l.put("file", loc.file());
              l.put("line", loc.line());
              m.put("location", l);
            });
    return m;
  }

  /** Any document as YAML, written as {@link #yaml(DoctorResult)} writes the doctor's. */
  static String yaml(Object document) {
    return YAML.writeValueAsString(document);
  }

  /** {@code {"kind","namespace","name"}}, without namespace for a cluster-scoped object. */
  static Map<String, Object> object(ObjectRef o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", o.kind());
    if (!o.namespace().isEmpty()) {
      m.put("namespace", o.namespace());
    }
    m.put("name", o.name());
    return m;
  }

  /** {@code 1 critical, 2 errors, 0 warnings, 3 info}. */
  static String counts(DoctorResult r) {
    Map<Severity, Integer> c = r.report().counts();
    List<String> parts = new ArrayList<>();
    for (Severity s : Severity.values()) {
      int n = c.get(s);
      boolean plural = n != 1 && (s == Severity.ERROR || s == Severity.WARNING);
      parts.add(n + " " + s.label() + (plural ? "s" : ""));
    }
    return String.join(", ", parts);
  }

  /** {@code ClusterRole 3, Role 1}; "" when nothing was ignored. */
  static String ignored(DoctorResult r) {
    List<String> parts = new ArrayList<>();
    r.ignoredKinds().forEach((k, n) -> parts.add(k + " " + n));
    return String.join(", ", parts);
  }

  /** {@code {"path": ..., "reason": ...}}. */
  static Map<String, Object> skipped(io.certmedic.core.snapshot.SkippedFile s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", s.path());
    m.put("reason", s.reason());
    return m;
  }

  /** Most skipped files the summary line names; JSON lists them all. */
  static final int MAX_SKIPPED_NAMED = 10;

  /** {@code a.txt, README.md}, at most {@link #MAX_SKIPPED_NAMED}; "" when nothing was skipped. */
  static String skipped(DoctorResult r) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_SKIPPED_NAMED, r.skipped().size()); i++) {
      names.add(r.skipped().get(i).path());
    }
    int more = r.skipped().size() - names.size();
    return String.join(", ", names)
        + (more > 0 ? " and " + more + " more (-o json lists every one with its reason)" : "");
  }

  /** {@code 1 object} or {@code 12,345 objects}. */
  static String objects(int n) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "object" : "objects");
  }
}
