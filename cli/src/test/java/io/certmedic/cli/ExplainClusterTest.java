package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code explain --log} linked to a dump ({@code -f}) and to a live cluster (fabric8's CRUD mock
 * server): the External-Secrets incident's webhook, whose caBundle does not trust its cert now, a
 * Service that does not exist, and the healthy policy-gate webhook (not explained now).
 */
@EnableKubernetesMockClient(crud = true)
class ExplainClusterTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String ESO_HOOK = "validate.externalsecret.external-secrets.io";
  private static final String HEALTHY_HOOK = "validate.policy-gate.example.com";
  private static final String AT = "2026-06-01T00:00:00Z";

  KubernetesClient client;
  @TempDir Path dir;

  private static String hookLine(String time, String hook, String host) {
    return "E1204 "
        + time
        + ".123456       1 dispatcher.go:158] failed calling webhook \""
        + hook
        + "\": failed to call webhook: Post \"https://"
        + host
        + ":443/validate?timeout=10s\": tls: failed to verify certificate: x509: certificate"
        + " signed by unknown authority";
  }

  /** Three failures of the ESO webhook in 59 minutes, one of a missing Service, two healthy. */
  private Path log() throws Exception {
    String eso = "external-secrets-operator-webhook.external-secrets-operator.svc";
    String gate = "policy-gate.gatekeeping.svc";
    return Files.write(
        dir.resolve("apiserver.log"),
        List.of(
            hookLine("19:01:02", ESO_HOOK, eso),
            "I1204 19:01:03.000000       1 trace.go:236] nothing to see",
            hookLine("19:30:00", ESO_HOOK, eso),
            hookLine("19:40:00", HEALTHY_HOOK, gate),
            "E1204 19:45:00.000000       1 controller.go:1] Post"
                + " \"https://old-webhook.external-secrets-operator.svc:443/convert\": x509:"
                + " certificate signed by unknown authority",
            hookLine("19:50:00", HEALTHY_HOOK, gate),
            hookLine("20:00:02", ESO_HOOK, eso)));
  }

  private static Map<String, String> dumps() {
    Incidents incidents = new Incidents();
    return Map.of("healthy.yaml", incidents.healthy(), "eso.yaml", incidents.externalSecrets());
  }

  private static Map<String, JsonNode> byTarget(CliRun run) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode e : JSON.readTree(run.out()).get("explanations")) {
      String key =
          e.has("webhook") ? e.get("webhook").asString() : e.get("service").get("name").asString();
      m.put(key, e);
    }
    return m;
  }

  private static void assertLinked(CliRun run, String input) {
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.PROBLEMS);
    Map<String, JsonNode> groups = byTarget(run);

    JsonNode eso = groups.get(ESO_HOOK).get("cluster");
    assertThat(eso.get("status").asString()).isEqualTo("explained");
    assertThat(eso.get("object").get("kind").asString())
        .isEqualTo("ValidatingWebhookConfiguration");
    assertThat(eso.get("object").get("name").asString()).isEqualTo("externalsecret-validate");
    assertThat(eso.get("findings").get(0).get("code").asString()).isEqualTo("CABUNDLE_UNTRUSTED");
    assertThat(eso.get("spanSeconds").asLong()).isEqualTo(59 * 60);
    assertThat(eso.get("sentence").asString())
        .startsWith("3 failures in 59 minutes (1204 19:01:02.123456 to 1204 20:00:02.123456):")
        .contains(
            "webhook "
                + ESO_HOOK
                + " calls external-secrets-operator-webhook.external-secrets-operator.svc")
        .endsWith("(CABUNDLE_UNTRUSTED on ValidatingWebhookConfiguration externalsecret-validate)");

    JsonNode gate = groups.get(HEALTHY_HOOK).get("cluster");
    assertThat(gate.get("status").asString()).isEqualTo("not_explained");
    assertThat(gate.get("findings")).isEmpty();
    assertThat(gate.get("sentence").asString())
        .endsWith(": not explained by the current state: fixed since, or transient");

    JsonNode missing = groups.get("old-webhook").get("cluster");
    assertThat(missing.get("status").asString()).isEqualTo("not_found");
    assertThat(missing.get("sentence").asString())
        .isEqualTo(
            "1 failure at 1204 19:45:00.000000: the Service old-webhook in"
                + " external-secrets-operator is not in "
                + input);

    JsonNode summary = JSON.readTree(run.out()).get("summary").get("cluster");
    assertThat(summary.get("input").asString()).isEqualTo(input);
    assertThat(summary.get("explained").asInt()).isEqualTo(1);
    assertThat(summary.get("notExplained").asInt()).isEqualTo(1);
    assertThat(summary.get("notFound").asInt()).isEqualTo(1);
  }

  @Test
  void aLogLinkedToADumpNamesTheFindingTheMissingServiceAndTheGroupNothingExplains()
      throws Exception {
    Path log = log();
    for (Map.Entry<String, String> d : dumps().entrySet()) {
      Files.writeString(dir.resolve(d.getKey()), d.getValue());
    }

    CliRun run =
        CliRun.of(
            "explain",
            "--log",
            log.toString(),
            "-f",
            dir.resolve("healthy.yaml").toString(),
            "-f",
            dir.resolve("eso.yaml").toString(),
            "--at",
            AT,
            "-o",
            "json");

    assertLinked(run, "the dump");
  }

  @Test
  void theTableSaysItUnderEachGroupAndCountsTheLinks() throws Exception {
    Path log = log();
    Path dump = Files.writeString(dir.resolve("eso.yaml"), dumps().get("eso.yaml"));

    CliRun run = CliRun.of("explain", "--log", log.toString(), "-f", dump.toString(), "--at", AT);

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.out())
        .contains("  Cluster: 3 failures in 59 minutes")
        .contains("    CABUNDLE_UNTRUSTED (")
        .contains("Against the dump: 1 explained, 2 not found."); // policy-gate is not in this dump
  }

  @Test
  void theSameLogAgainstTheLiveClusterSaysTheSame() throws Exception {
    // Given the two setups in a live (mock) cluster, reached through a kubeconfig
    for (String yaml : dumps().values()) {
      apply(yaml);
    }
    Path kubeconfig = LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl());

    // When explain reads the log against it
    CliRun run =
        CliRun.of(
            "explain",
            "--log",
            log().toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--at",
            AT,
            "-o",
            "json");

    // Then each group is linked as against the dump
    assertLinked(run, "the cluster");
  }

  @Test
  void aDumpAndTheLiveClusterTogetherAreRefusedInOneLine() throws Exception {
    CliRun run =
        CliRun.of("explain", "--log", log().toString(), "-f", "x.yaml", "--context", "prod");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("give -f PATH or the live cluster's flags, not both");
  }

  @Test
  void aDumpThatCannotBeReadIsOneLineNamingIt() throws Exception {
    CliRun run =
        CliRun.of("explain", "--log", log().toString(), "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("nope.yaml").doesNotContain("\tat ");
  }

  /** Creates every API object of a YAML stream; cert-manager Certificates as generic resources. */
  private void apply(String yaml) {
    for (String doc : yaml.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        applyOne(doc);
      }
    }
  }

  private void applyOne(String doc) {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).items()) {
      if (o instanceof GenericKubernetesResource g) {
        client
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("cert-manager.io")
                    .withVersion("v1")
                    .withKind("Certificate")
                    .withPlural("certificates")
                    .withNamespaced(true)
                    .build())
            .inNamespace(g.getMetadata().getNamespace())
            .resource(g)
            .create();
      } else {
        client.resource(o).create();
      }
    }
  }
}
