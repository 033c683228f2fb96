package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documented in docs/json.md, as real runs print it, validated against the schemas in
 * docs/schema/ so the two cannot drift apart.
 */
class JsonSchemasTest {

  private static final Path SCHEMAS = Path.of("..", "docs", "schema");
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String AT = "--at=2026-12-24T00:00:00Z";

  @TempDir Path dir;

  private static Schema schema(String name) throws Exception {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(SCHEMAS.resolve(name)), InputFormat.JSON);
  }

  private static List<Error> errors(String schemaName, String json) throws Exception {
    return schema(schemaName).validate(json, InputFormat.JSON);
  }

  @Test
  void everyExamplesDoctorJsonMatchesTheDocumentedSchema() throws Exception {
    int findings = 0;
    try (var files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        CliRun r = CliRun.of("doctor", "-f", f.toString(), "-o", "json", AT, "--fail-on=never");
        assertThat(r.err()).as("doctor -f %s", f).isEmpty();
        assertThat(errors("doctor.schema.json", r.out())).as("doctor -f %s -o json", f).isEmpty();
        findings += Json.MAPPER.readTree(r.out()).path("findings").size();
      }
    }
    assertThat(findings).as("the examples yield findings to check").isGreaterThan(10);
  }

  @Test
  void aFindingWithoutItsRuleIdOrDocsLinkFailsTheSchema() throws Exception {
    CliRun r =
        CliRun.of(
            "doctor",
            "-f",
            EXAMPLES.resolve("3-kubesphere-expired-webhook.yaml").toString(),
            "-o",
            "json",
            AT);
    ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(r.out());
    ObjectNode first = (ObjectNode) doc.path("findings").get(0);
    assertThat(first.path("ruleId").asString()).isNotEmpty();
    assertThat(first.path("docsUrl").asString())
        .endsWith("docs/findings.md#" + first.path("code").asString().toLowerCase());
    first.remove("ruleId");
    first.put("rule_id", "validity-window");
    assertThat(errors("doctor.schema.json", Json.MAPPER.writeValueAsString(doc))).isNotEmpty();
  }

  @Test
  void explainJsonMatchesTheDocumentedSchemaForALineAndALog() throws Exception {
    CliRun line =
        CliRun.of(
            "explain",
            "-o",
            "json",
            "Internal error occurred: failed calling webhook \"s2i.kubesphere.io\": failed to call"
                + " webhook: Post \"https://webhook-server-service.kubesphere-devops-system.svc:443"
                + "/mutate?timeout=10s\": x509: certificate has expired or is not yet valid:"
                + " current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z");
    assertThat(line.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(errors("explain.schema.json", line.out())).isEmpty();
    assertThat(line.out()).contains("\"expiredAgo\"", "\"rootCauses\"").doesNotContain("_ago");

    Path log =
        Files.writeString(
            dir.resolve("api.log"),
            "E0301 10:00:00.000000 1 dispatcher.go:1] failed calling webhook \"a.example.com\":"
                + " x509: certificate signed by unknown authority\n"
                + "E0301 10:00:01.000000 1 dispatcher.go:1] failed calling webhook \"a.example.com\":"
                + " x509: certificate signed by unknown authority\n");
    CliRun fromLog = CliRun.of("explain", "--log", log.toString(), "--year", "2024", "-o", "json");
    assertThat(errors("explain.schema.json", fromLog.out())).isEmpty();
    assertThat(fromLog.out()).contains("\"firstSeen\"", "\"lines\"");
  }

  @Test
  void explainJsonLinkedToADumpMatchesTheDocumentedSchema() throws Exception {
    Path dump = Files.writeString(dir.resolve("eso.yaml"), new Incidents().externalSecrets());
    Path log =
        Files.writeString(
            dir.resolve("api.log"),
            "E0301 10:00:00.000000 1 dispatcher.go:1] failed calling webhook"
                + " \"validate.externalsecret.external-secrets.io\": x509: certificate signed by"
                + " unknown authority\n"
                + "E0301 10:00:01.000000 1 dispatcher.go:1] failed calling webhook \"a.example.com\":"
                + " x509: certificate signed by unknown authority\n");
    CliRun linked =
        CliRun.of(
            "explain",
            "--log",
            log.toString(),
            "-f",
            dump.toString(),
            "--year",
            "2024",
            "-o",
            "json");
    assertThat(errors("explain.schema.json", linked.out())).isEmpty();
    assertThat(linked.out()).contains("\"cluster\"", "\"explained\"", "\"not_found\"");
  }

  @Test
  void inspectJsonMatchesTheDocumentedSchemaForPemAndPkcs12() throws Exception {
    TestPki.Cert ca = TestPki.ca("schema-ca").build();
    TestPki.Cert leaf = TestPki.leaf("web.demo.svc").signedBy(ca).build();
    Path crt =
        Files.writeString(
            dir.resolve("tls.crt"),
            PemWriter.certificate(leaf.cert()) + PemWriter.certificate(ca.cert()));
    Path key = Files.writeString(dir.resolve("tls.key"), PemWriter.privateKey(leaf.key()));
    CliRun pem = CliRun.of("inspect", crt.toString(), key.toString(), "-o", "json", AT);
    assertThat(errors("inspect.schema.json", pem.out())).isEmpty();

    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    p12.setKeyEntry(
        "web", leaf.key(), "s3cret".toCharArray(), new Certificate[] {leaf.cert(), ca.cert()});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    p12.store(bytes, "s3cret".toCharArray());
    Path store = Files.write(dir.resolve("web.p12"), bytes.toByteArray());
    CliRun fromP12 =
        CliRun.of("inspect", store.toString(), "--password", "s3cret", "-o", "json", AT);
    assertThat(errors("inspect.schema.json", fromP12.out())).isEmpty();
    assertThat(fromP12.out()).contains("\"PKCS#12\"");
  }
}
