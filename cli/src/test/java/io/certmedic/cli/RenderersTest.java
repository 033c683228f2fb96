package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The output formats, from a hand-made report: shapes that scripts and CI depend on. */
class RenderersTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");
  private static final ObjectRef WEBHOOK =
      ObjectRef.cluster("ValidatingWebhookConfiguration", "policy-gate");
  private static final ObjectRef SERVICE =
      ObjectRef.of("Service", "gatekeeping", "policy-gate-svc");
  private static final ObjectRef SECRET = ObjectRef.of("Secret", "gatekeeping", "policy-gate-tls");

  private static final Finding SAN =
      new Finding(
          FindingCode.SAN_MISMATCH,
          Severity.CRITICAL,
          WEBHOOK,
          List.of(SERVICE, SECRET),
          "webhook \"gate.example.com\" in ValidatingWebhookConfiguration policy-gate is served a certificate for policy-gate, not policy-gate-svc.gatekeeping.svc",
          List.of(
              "webhook \"gate.example.com\" -> https://policy-gate-svc.gatekeeping.svc:443/validate",
              "Service gatekeeping/policy-gate-svc:443 -> targetPort 8443"),
          "certmedic fix --webhook policy-gate");
  private static final Finding UNREADABLE =
      new Finding(
          FindingCode.INPUT_UNREADABLE,
          Severity.ERROR,
          ObjectRef.cluster("Input", "dump.yaml: document 7 (line 40)"),
          List.of(),
          "dump.yaml: document 7 (line 40) is not valid YAML | a pipe; everything else was analysed",
          List.of("dump.yaml: document 7 (line 40)"),
          "Fix it.");
  private static final Finding EXPIRING =
      new Finding(
          FindingCode.CERT_EXPIRING_SOON,
          Severity.WARNING,
          SECRET,
          List.of(),
          "Secret gatekeeping/policy-gate-tls expires in 12 days",
          List.of("tls.crt CN=policy-gate"),
          "");
  private static final Finding UNKNOWN =
      new Finding(
          FindingCode.SERVING_CERT_UNKNOWN,
          Severity.INFO,
          ObjectRef.cluster("APIService", "v1beta1.metrics.k8s.io"),
          List.of(ObjectRef.of("Service", "kube-system", "metrics-server")),
          "no Secret found for <metrics-server>",
          List.of(),
          "");

  private static DoctorResult result(DoctorResult.FailOn failOn, Finding... findings) {
    Report report = new Report(List.of(findings), 42, Map.of("Role", 2, "ClusterRole", 3));
    return new DoctorResult(
        report,
        AT,
        failOn,
        Map.of(
            SECRET, "manifests/tls.yaml: document 2 (line 9)", WEBHOOK, "manifests/webhook.yaml"));
  }

  private static DoctorResult all() {
    return result(DoctorResult.FailOn.ERROR, SAN, UNREADABLE, EXPIRING, UNKNOWN);
  }

  @Test
  void jsonIsTheContract() {
    JsonNode root = Json.MAPPER.readTree(Renderers.json(all()));
    ((ObjectNode) root.path("summary")).remove("at");
    assertThat(root.path("findings").get(0).toString())
        .isEqualTo(
            "{\"code\":\"SAN_MISMATCH\",\"ruleId\":\"serving-names\","
                + "\"docsUrl\":\"https://github.com/certmedic/certmedic/blob/main/docs/findings.md#san_mismatch\","
                + "\"severity\":\"critical\","
                + "\"object\":{\"kind\":\"ValidatingWebhookConfiguration\",\"name\":\"policy-gate\"},"
                + "\"related\":[{\"kind\":\"Service\",\"namespace\":\"gatekeeping\",\"name\":\"policy-gate-svc\"},"
                + "{\"kind\":\"Secret\",\"namespace\":\"gatekeeping\",\"name\":\"policy-gate-tls\"}],"
                + "\"message\":\"webhook \\\"gate.example.com\\\" in ValidatingWebhookConfiguration policy-gate is served a certificate for policy-gate, not policy-gate-svc.gatekeeping.svc\","
                + "\"evidence\":[\"webhook \\\"gate.example.com\\\" -> https://policy-gate-svc.gatekeeping.svc:443/validate\",\"Service gatekeeping/policy-gate-svc:443 -> targetPort 8443\"],"
                + "\"fix\":\"certmedic fix --webhook policy-gate\","
                + "\"location\":{\"file\":\"manifests/webhook.yaml\",\"line\":1}}");
    assertThat(root.path("findings").get(2).path("location").toString())
        .as("the line its YAML document starts on")
        .isEqualTo("{\"file\":\"manifests/tls.yaml\",\"line\":9}");
    assertThat(root.path("findings").get(3).has("location"))
        .as("read from nowhere known")
        .isFalse();
    assertThat(root.path("findings").get(2).path("fix").asString())
        .as("no fix is an empty string, not null")
        .isEmpty();
    assertThat(root.path("summary").toString())
        .isEqualTo(
            "{\"critical\":1,\"error\":1,\"warning\":1,\"info\":1,\"objects\":42,\"ignoredKinds\":{\"ClusterRole\":3,\"Role\":2},"
                + "\"failOn\":\"error\",\"exitCode\":1}");
  }

  @Test
  void jsonSummaryCarriesTheInstantAndEveryCountEvenWhenEmpty() {
    JsonNode root = Json.MAPPER.readTree(Renderers.json(result(DoctorResult.FailOn.NEVER)));
    assertThat(root.path("findings").isArray()).isTrue();
    assertThat(root.path("findings").isEmpty()).isTrue();
    assertThat(root.path("summary").path("critical").isInt()).isTrue();
    assertThat(root.path("summary").path("at").asString()).isEqualTo("2026-06-01T12:00:00Z");
    assertThat(root.path("summary").path("exitCode").asInt()).isZero();
  }

  @Test
  void yamlParsesToTheSameTreeAsJson() {
    JsonNode json = Json.MAPPER.readTree(Renderers.json(all()));
    String yaml = Renderers.yaml(all());
    assertThat(yaml).startsWith("findings:\n");
    assertThat(yaml)
        .as("a YAML 1.1 reader would take an unquoted instant for a timestamp")
        .contains("  at: \"2026-06-01T12:00:00Z\"\n");
    assertThat(new YAMLMapper().readTree(yaml)).isEqualTo(json);
  }

  @Test
  void exitCodeFollowsTheThreshold() {
    assertThat(result(DoctorResult.FailOn.CRITICAL, UNREADABLE, EXPIRING).exitCode()).isZero();
    assertThat(result(DoctorResult.FailOn.ERROR, UNREADABLE).exitCode()).isOne();
    assertThat(result(DoctorResult.FailOn.ERROR, EXPIRING, UNKNOWN).exitCode()).isZero();
    assertThat(result(DoctorResult.FailOn.WARNING, EXPIRING).exitCode()).isOne();
    assertThat(result(DoctorResult.FailOn.WARNING, UNKNOWN).exitCode()).isZero();
    assertThat(result(DoctorResult.FailOn.NEVER, SAN).exitCode()).isZero();
    assertThat(result(DoctorResult.FailOn.CRITICAL, SAN).exitCode()).isOne();
  }

  @Test
  void tableGroupsBySeverityOneLineEach() {
    String table = Renderers.table(all(), false, false);
    int w = "ValidatingWebhookConfiguration policy-gate".length();
    assertThat(table)
        .isEqualTo(
            String.join(
                "\n",
                "  CODE                  " + pad("OBJECT", w) + "  MESSAGE",
                "CRITICAL (1)",
                "  SAN_MISMATCH          "
                    + pad("ValidatingWebhookConfiguration policy-gate", w)
                    + "  "
                    + SAN.message(),
                "",
                "ERROR (1)",
                "  INPUT_UNREADABLE      "
                    + pad("Input dump.yaml: document 7 (line 40)", w)
                    + "  "
                    + UNREADABLE.message(),
                "",
                "WARNING (1)",
                "  CERT_EXPIRING_SOON    "
                    + pad("Secret gatekeeping/policy-gate-tls", w)
                    + "  "
                    + EXPIRING.message(),
                "",
                "INFO (1)",
                "  SERVING_CERT_UNKNOWN  "
                    + pad("APIService v1beta1.metrics.k8s.io", w)
                    + "  "
                    + UNKNOWN.message(),
                "",
                "1 critical, 1 error, 1 warning, 1 info in 42 objects (ignored: ClusterRole 3, Role 2); judged at 2026-06-01T12:00:00Z; --fail-on error: exit 1",
                ""));
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  @Test
  void tableSkipsEmptySeveritiesAndWideAddsEvidenceAndFix() {
    String table = Renderers.table(result(DoctorResult.FailOn.ERROR, SAN, UNKNOWN), false, true);
    assertThat(table).doesNotContain("ERROR (", "WARNING (");
    assertThat(table)
        .contains(
            "  SAN_MISMATCH          ValidatingWebhookConfiguration policy-gate  webhook",
            "\n      evidence: webhook \"gate.example.com\" -> https://policy-gate-svc.gatekeeping.svc:443/validate\n"
                + "      evidence: Service gatekeeping/policy-gate-svc:443 -> targetPort 8443\n"
                + "      fix:      certmedic fix --webhook policy-gate\n");
    assertThat(table).as("no fix line when there is no fix").doesNotContain("fix:      \n");
  }

  @Test
  void tableColoursOnlyWhenAsked() {
    assertThat(Renderers.table(all(), false, false)).doesNotContain("\u001B[");
    String coloured = Renderers.table(all(), true, false);
    assertThat(coloured)
        .contains("\u001B[35m\u001B[1mCRITICAL (1)\u001B[0m", "\u001B[31mINPUT_UNREADABLE");
  }

  @Test
  void tableForNoFindingsIsOneLineAndTheSummary() {
    assertThat(Renderers.table(result(DoctorResult.FailOn.ERROR), false, true))
        .isEqualTo(
            "no problems found\n"
                + "0 critical, 0 errors, 0 warnings, 0 info in 42 objects (ignored: ClusterRole 3, Role 2); judged at 2026-06-01T12:00:00Z; --fail-on error: exit 0\n");
  }

  @Test
  void markdownGroupsByCodeMostSevereFirstThenDetails() {
    String md = Renderers.markdown(all());
    assertThat(md)
        .startsWith(
            "## certmedic doctor\n\n**1 critical, 1 error, 1 warning, 1 info**: in 42 objects (ignored: ClusterRole 3, Role 2), "
                + "judged at 2026-06-01T12:00:00Z; `--fail-on error`: exit 1.\n");
    assertThat(md)
        .contains(
            "### `SAN_MISMATCH` (1)\n\n"
                + MarkdownRenderer.escape(FindingCode.SAN_MISMATCH.summary())
                + ".\n\n| # | severity | object | message |\n|---|---|---|---|\n"
                + "| 1 | critical | ValidatingWebhookConfiguration `policy-gate` | webhook \"gate.example.com\" in ValidatingWebhookConfiguration policy-gate is served",
            "### `INPUT_UNREADABLE` (1)",
            "| 2 | error | Input `dump.yaml: document 7 (line 40)` | dump.yaml: document 7 (line 40) is not valid YAML \\| a pipe; everything else was analysed |\n",
            "### `CERT_EXPIRING_SOON` (1)",
            "| 3 | warning | Secret `gatekeeping/policy-gate-tls` |",
            "### `SERVING_CERT_UNKNOWN` (1)",
            "| 4 | info | APIService `v1beta1.metrics.k8s.io` | no Secret found for &lt;metrics-server&gt; |");
    assertThat(md.indexOf("`SAN_MISMATCH` (1)")).isLessThan(md.indexOf("`INPUT_UNREADABLE` (1)"));
    assertThat(md.indexOf("`CERT_EXPIRING_SOON` (1)"))
        .isLessThan(md.indexOf("`SERVING_CERT_UNKNOWN` (1)"));
    assertThat(md)
        .contains(
            "<details>\n<summary>Details: evidence and fixes</summary>\n",
            "#### 1. `SAN_MISMATCH` critical: ValidatingWebhookConfiguration `policy-gate`\n",
            "Related: Service `gatekeeping/policy-gate-svc`, Secret `gatekeeping/policy-gate-tls`\n",
            "Evidence:\n\n- `webhook \"gate.example.com\" -> https://policy-gate-svc.gatekeeping.svc:443/validate`\n",
            "Fix:\n\n```sh\ncertmedic fix --webhook policy-gate\n```\n",
            "#### 2. `INPUT_UNREADABLE` error:",
            "Fix: Fix it.\n");
    assertThat(md).as("nothing left out: no closing count").endsWith("</details>\n");
  }

  @Test
  void markdownForNoFindingsIsAHeadingAndALine() {
    assertThat(Renderers.markdown(result(DoctorResult.FailOn.ERROR)))
        .isEqualTo(
            "## certmedic doctor\n\n"
                + "No problems found: 0 critical, 0 errors, 0 warnings, 0 info in 42 objects (ignored: ClusterRole 3, Role 2), "
                + "judged at 2026-06-01T12:00:00Z; `--fail-on error`: exit 0.\n");
  }

  @Test
  void markdownEscapesWhatWouldRenderAsMarkup() {
    assertThat(MarkdownRenderer.escape("a|b <x> *y* _z_ [l](u) `c` #h \\"))
        .isEqualTo("a\\|b &lt;x&gt; \\*y\\* \\_z\\_ \\[l\\](u) \\`c\\` \\#h \\\\");
    assertThat(MarkdownRenderer.code("has `tick`")).isEqualTo("`` has `tick` ``");
    assertThat(MarkdownRenderer.cell("two\nlines")).isEqualTo("two<br>lines");
  }

  @Test
  void sarifHasOneRulePerCodeUsedAndALevelPerSeverity() {
    JsonNode root = Json.MAPPER.readTree(Renderers.sarif(all()));
    assertThat(root.path("version").asString()).isEqualTo("2.1.0");
    assertThat(root.path("$schema").asString()).endsWith("sarif-schema-2.1.0.json");
    assertThat(root.path("runs").size()).isOne();
    JsonNode driver = root.path("runs").get(0).path("tool").path("driver");
    assertThat(driver.path("name").asString()).isEqualTo("certmedic");
    assertThat(driver.path("version").isString()).isTrue();
    List<String> ids = new ArrayList<>();
    for (JsonNode rule : driver.path("rules")) {
      ids.add(rule.path("id").asString());
      assertThat(rule.path("shortDescription").path("text").asString())
          .isEqualTo(FindingCode.valueOf(rule.path("id").asString()).summary());
    }
    assertThat(ids)
        .containsExactly(
            "CERT_EXPIRING_SOON", "SAN_MISMATCH", "SERVING_CERT_UNKNOWN", "INPUT_UNREADABLE");
    JsonNode results = root.path("runs").get(0).path("results");
    assertThat(results.size()).isEqualTo(4);
    List<String> levels = new ArrayList<>();
    for (JsonNode r : results) {
      levels.add(r.path("level").asString());
      assertThat(ids.get(r.path("ruleIndex").asInt())).isEqualTo(r.path("ruleId").asString());
      assertThat(r.path("message").path("text").isString()).isTrue();
      assertThat(
              r.path("locations")
                  .get(0)
                  .path("logicalLocations")
                  .get(0)
                  .path("fullyQualifiedName")
                  .isString())
          .isTrue();
      assertThat(r.path("partialFingerprints").path(SarifRenderer.FINGERPRINT).isString()).isTrue();
    }
    assertThat(levels).containsExactly("error", "error", "warning", "note");
    JsonNode san = results.get(0);
    assertThat(san.path("ruleId").asString()).isEqualTo("SAN_MISMATCH");
    assertThat(san.path("message").path("text").asString()).isEqualTo(SAN.message());
    assertThat(san.path("properties").path("severity").asString()).isEqualTo("critical");
  }

  @Test
  void sarifLocatesObjectsLogicallyAndInTheirFileWhenKnown() {
    JsonNode results =
        Json.MAPPER.readTree(Renderers.sarif(all())).path("runs").get(0).path("results");
    JsonNode san = results.get(0).path("locations").get(0);
    assertThat(san.path("logicalLocations").get(0).path("fullyQualifiedName").asString())
        .isEqualTo("ValidatingWebhookConfiguration/policy-gate");
    assertThat(san.path("physicalLocation").path("artifactLocation").path("uri").asString())
        .isEqualTo("manifests/webhook.yaml");
    assertThat(san.path("physicalLocation").path("region").path("startLine").asInt()).isOne();
    JsonNode unreadable = results.get(1).path("locations").get(0);
    assertThat(unreadable.path("physicalLocation").path("artifactLocation").path("uri").asString())
        .isEqualTo("dump.yaml");
    assertThat(unreadable.path("physicalLocation").path("region").path("startLine").asInt())
        .isEqualTo(40);
    JsonNode expiring = results.get(2).path("locations").get(0);
    assertThat(expiring.path("logicalLocations").get(0).path("fullyQualifiedName").asString())
        .isEqualTo("Secret/gatekeeping/policy-gate-tls");
    assertThat(expiring.path("physicalLocation").path("region").path("startLine").asInt())
        .isEqualTo(9);
    JsonNode unknown = results.get(3).path("locations").get(0);
    assertThat(unknown.path("physicalLocation").path("artifactLocation").path("uri").asString())
        .as("read from no file: a stable logical artifact, as code scanning needs one")
        .isEqualTo("cluster/APIService/v1beta1.metrics.k8s.io");
  }

  @Test
  void sarifForNoFindingsIsStillAValidRun() {
    JsonNode run =
        Json.MAPPER
            .readTree(Renderers.sarif(result(DoctorResult.FailOn.ERROR)))
            .path("runs")
            .get(0);
    assertThat(run.path("tool").path("driver").path("rules").isArray()).isTrue();
    assertThat(run.path("results").isArray()).isTrue();
    assertThat(run.path("results").isEmpty()).isTrue();
  }

  @Test
  void sarifRuleNamesAndUris() {
    assertThat(SarifRenderer.ruleName(FindingCode.CABUNDLE_UNTRUSTED))
        .isEqualTo("CabundleUntrusted");
    assertThat(SarifRenderer.uri("dir with space/a.yaml")).isEqualTo("dir%20with%20space/a.yaml");
    assertThat(SarifRenderer.uri("/abs/a.yaml")).isEqualTo("file:///abs/a.yaml");
  }

  @Test
  void everyFormatRendersFromTheSameResult() {
    for (Renderers.Format f : Renderers.Format.values()) {
      assertThat(Renderers.render(f, all(), false, false)).as(f.name()).isNotBlank().endsWith("\n");
    }
  }
}
