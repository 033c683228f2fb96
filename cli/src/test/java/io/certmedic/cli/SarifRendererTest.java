package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code -o sarif} against the OASIS SARIF 2.1.0 schema (src/test/resources/sarif), and what GitHub
 * code scanning needs beyond it: a location on every result, help and a security-severity on every
 * rule.
 */
class SarifRendererTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private static final Schema SCHEMA = schema();

  private static Schema schema() {
    try (InputStream in =
        SarifRendererTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(in, InputFormat.JSON);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertValid(String sarif) {
    List<Error> errors = SCHEMA.validate(sarif, InputFormat.JSON);
    assertThat(errors).as("SARIF schema errors").isEmpty();
  }

  private static Finding finding(FindingCode code, Severity s, ObjectRef o) {
    return new Finding(code, s, o, List.of(), "message about " + o.name(), List.of("e"), "do it");
  }

  private static final ObjectRef FROM_FILE = ObjectRef.of("Secret", "demo", "from-file");
  private static final ObjectRef FROM_STDIN = ObjectRef.of("Secret", "demo", "from-stdin");
  private static final ObjectRef LIVE = ObjectRef.of("Secret", "demo", "live");

  private static DoctorResult result() {
    return new DoctorResult(
        new Report(
            List.of(
                finding(FindingCode.CERT_EXPIRED, Severity.ERROR, FROM_FILE),
                finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, FROM_STDIN),
                finding(FindingCode.CERT_EXPIRING_SOON, Severity.WARNING, LIVE)),
            3,
            Map.of()),
        AT,
        DoctorResult.FailOn.ERROR,
        Map.of(
            FROM_FILE, "dump.yaml: document 4 (line 31)",
            FROM_STDIN, "stdin: document 2 (line 17)"));
  }

  @Test
  void theOutputIsValidSarif210() {
    assertValid(SarifRenderer.render(result()));
    assertValid(
        SarifRenderer.render(
            DoctorResult.of(new Report(List.of(), 0, Map.of()), AT, DoctorResult.FailOn.ERROR)));
  }

  @Test
  void theSchemaCatchesWhatIsNotSarif() {
    assertThat(SCHEMA.validate("{\"version\":\"2.0.0\",\"runs\":[]}", InputFormat.JSON))
        .as("the validator really validates")
        .isNotEmpty();
  }

  @Test
  void everyResultHasAFileAndLineOrAStableArtifact() {
    JsonNode results =
        Json.MAPPER.readTree(SarifRenderer.render(result())).path("runs").get(0).path("results");
    List<String> where =
        List.of(0, 1, 2).stream()
            .map(
                i -> {
                  JsonNode p = results.get(i).path("locations").get(0).path("physicalLocation");
                  return p.path("artifactLocation").path("uri").asString()
                      + ":"
                      + p.path("region").path("startLine").asInt();
                })
            .toList();
    assertThat(where).containsExactly("dump.yaml:31", "stdin:17", "cluster/Secret/demo/live:1");
  }

  @Test
  void everyRuleHasDescriptionsHelpADocsLinkAndASecuritySeverity() {
    JsonNode rules =
        Json.MAPPER
            .readTree(SarifRenderer.render(result()))
            .path("runs")
            .get(0)
            .path("tool")
            .path("driver")
            .path("rules");
    assertThat(rules.size()).isEqualTo(2);
    for (JsonNode rule : rules) {
      FindingCode c = FindingCode.valueOf(rule.path("id").asString());
      assertThat(rule.path("shortDescription").path("text").asString()).isEqualTo(c.summary());
      assertThat(rule.path("fullDescription").path("text").asString())
          .contains(FindingHelp.whatToDo(c));
      assertThat(rule.path("help").path("text").asString()).contains(FindingHelp.whatToDo(c));
      assertThat(rule.path("help").path("markdown").asString()).contains(FindingHelp.uri(c));
      assertThat(rule.path("helpUri").asString())
          .isEqualTo(FindingHelp.DOCS_BASE + "#" + c.name().toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(rules.get(0).path("id").asString()).isEqualTo("CERT_EXPIRED");
    assertThat(rules.get(0).path("properties").path("security-severity").asString())
        .as("the most severe CERT_EXPIRED is critical")
        .isEqualTo("9.5");
    assertThat(rules.get(1).path("properties").path("security-severity").asString())
        .isEqualTo("5.0");
  }

  @Test
  void theExamplesFromAFileAndFromStdinAreValidAndLocated() throws Exception {
    CliRun file =
        CliRun.of("doctor", "-f", "../examples/3-kubesphere-expired-webhook.yaml", "-o", "sarif");
    assertValid(file.out());
    JsonNode results = Json.MAPPER.readTree(file.out()).path("runs").get(0).path("results");
    assertThat(results.size()).isPositive();
    for (JsonNode r : results) {
      JsonNode p = r.path("locations").get(0).path("physicalLocation");
      assertThat(p.path("artifactLocation").path("uri").asString())
          .isEqualTo("../examples/3-kubesphere-expired-webhook.yaml");
      assertThat(p.path("region").path("startLine").asInt()).isPositive();
    }
  }
}
