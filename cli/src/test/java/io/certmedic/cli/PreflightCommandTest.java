package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code certmedic preflight} end to end on the three upgrade incidents: the current state is
 * healthy (or not), the upgrade is applied in prediction, and the incident comes out as {@code
 * new}, with its fix.
 */
class PreflightCommandTest {

  /** The PEM label of a private key, built so no key-looking text sits in this source. */
  private static final String KEY_LABEL = "PRIVATE" + " KEY";

  private static final String PEM_KEY = "BEGIN " + KEY_LABEL;

  @TempDir Path dir;

  private final Upgrades upgrades = new Upgrades();

  /** {@code status severity CODE Kind ns/name} per finding. */
  static List<String> lines(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : doc.path("findings")) {
      JsonNode o = f.path("object");
      out.add(
          f.path("status").asString()
              + " "
              + f.path("severity").asString()
              + " "
              + f.path("code").asString()
              + " "
              + o.path("kind").asString()
              + " "
              + (o.has("namespace") ? o.path("namespace").asString() + "/" : "")
              + o.path("name").asString());
    }
    return out;
  }

  private static JsonNode json(CliRun r) {
    return Json.MAPPER.readTree(r.out());
  }

  private static JsonNode first(JsonNode doc, String status, String code) {
    for (JsonNode f : doc.path("findings")) {
      if (f.path("status").asString().equals(status) && f.path("code").asString().equals(code)) {
        return f;
      }
    }
    throw new AssertionError("no " + status + " " + code + " in " + doc);
  }

  private Path sparkBefore() throws Exception {
    Path before = dir.resolve("spark-before.yaml");
    upgrades.sparkBefore(dir, before);
    return before;
  }

  @Test
  void sparkChartThatRenamesTheWebhookServiceIsANewSanMismatchWithItsFix() throws Exception {
    Path before = sparkBefore();
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            before.toString(),
            "--chart",
            Upgrades.SPARK_CHART.toString(),
            "--release",
            Upgrades.SPARK_RELEASE,
            "--namespace",
            "default",
            "-o",
            "json");
    assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(1);
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .contains(
            "new critical SAN_MISMATCH MutatingWebhookConfiguration spark-operator-webhook",
            "new critical SAN_MISMATCH ValidatingWebhookConfiguration spark-operator-webhook");
    JsonNode f = first(doc, "new", "SAN_MISMATCH");
    assertThat(f.path("message").asString())
        .contains(
            "not spark-operator-webhook-svc.default.svc",
            "was the Service renamed and the certificate kept?");
    assertThat(f.path("fix").asString())
        .contains(
            "kubectl -n default delete secret spark-operator-webhook-certs",
            "pin the old Service name");
    assertThat(f.path("evidence").toString())
        .contains("--webhook-secret-name=spark-operator-webhook-certs", "lower-confidence link");
    assertThat(doc.path("changes").toString())
        .contains(
            "service-renamed",
            "renamed from spark-operator-webhook to spark-operator-webhook-svc (same selector)",
            "caller-repointed",
            "cabundle-emptied");
    assertThat(doc.path("summary").path("exitCode").asInt()).isEqualTo(1);
  }

  private CliRun sparkReal(Path chart, String... more) throws Exception {
    Path before = dir.resolve("spark-1.2.15.yaml");
    upgrades.sparkRealBefore(before);
    List<String> args =
        new ArrayList<>(
            List.of(
                "preflight",
                "--before",
                before.toString(),
                "--chart",
                chart.toString(),
                "--release",
                Upgrades.SPARK_RELEASE,
                "-n",
                Upgrades.SPARK_NS,
                "--at",
                "2026-11-23T00:00:00Z"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void realSparkUpgradeShowsOneRenamePerServiceAndFiveSanMismatchesWithNoMisleadingNote()
      throws Exception {
    CliRun r = sparkReal(Upgrades.SPARK_2_1_0, "-o", "json");
    assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(1);
    JsonNode doc = json(r);
    List<String> fresh = lines(doc).stream().filter(l -> l.startsWith("new ")).toList();
    assertThat(fresh.stream().filter(l -> l.contains(" SAN_MISMATCH ")))
        .containsExactly(
            "new critical SAN_MISMATCH MutatingWebhookConfiguration spark-operator-webhook",
            "new critical SAN_MISMATCH MutatingWebhookConfiguration spark-operator-webhook",
            "new critical SAN_MISMATCH MutatingWebhookConfiguration spark-operator-webhook",
            "new critical SAN_MISMATCH ValidatingWebhookConfiguration spark-operator-webhook",
            "new critical SAN_MISMATCH ValidatingWebhookConfiguration spark-operator-webhook");
    assertThat(fresh)
        .noneMatch(l -> l.contains("CABUNDLE_MISSING") || l.contains("SERVICE_NOT_FOUND"));
    assertThat(lines(doc)).noneMatch(l -> l.startsWith("fixed ") && l.contains("CERT_NOT_MANAGED"));
    assertThat(first(doc, "new", "SAN_MISMATCH").path("message").asString())
        .contains(
            "x509: certificate is valid for spark-operator-webhook.spark-operator.svc, not"
                + " spark-operator-webhook-svc.spark-operator.svc");
    assertThat(first(doc, "new", "SAN_MISMATCH").path("fix").asString())
        .contains(
            "Deployment spark-operator/spark-operator-webhook (--webhook-secret-name) keeps this Secret",
            "delete it so a certificate for the current names is made (kubectl -n spark-operator"
                + " delete secret spark-operator-webhook-certs)");
    List<String> changes = new ArrayList<>();
    doc.path("changes")
        .forEach(
            c ->
                changes.add(
                    c.path("type").asString()
                        + " "
                        + c.path("object").asString()
                        + ": "
                        + c.path("message").asString()));
    assertThat(changes)
        .noneMatch(c -> c.startsWith("service-removed") || c.startsWith("service-added"));
    assertThat(changes)
        .anyMatch(
            c ->
                c.startsWith(
                    "service-renamed Service spark-operator/spark-operator-webhook: renamed from"
                        + " spark-operator-webhook to spark-operator-webhook-svc (its selector gains"
                        + " app.kubernetes.io/component=webhook)"))
        .anyMatch(
            c ->
                c.startsWith(
                    "webhook-configuration-renamed MutatingWebhookConfiguration spark-operator-webhook:"
                        + " renamed from spark-operator-webhook-config to spark-operator-webhook (this"
                        + " release did not render the old one"))
        .anyMatch(
            c ->
                c.startsWith(
                        "removed-by-operator MutatingWebhookConfiguration spark-operator-webhook-config:"
                            + " Spark Operator 1.x (Deployment spark-operator/spark-operator:"
                            + " -webhook-config-name=spark-operator-webhook-config) registered it at run"
                            + " time and deletes it itself on a clean stop")
                    && c.contains("an error SERVICE_NOT_FOUND"))
        .anyMatch(
            c ->
                c.startsWith(
                        "secret-kept-as-is Secret spark-operator/spark-operator-webhook-certs: kept as"
                            + " is: Spark Operator 2.x")
                    && c.contains("ca-key.pem, ca-cert.pem, server-key.pem, server-cert.pem"));
    assertThat(doc.path("findings").toString())
        .as("what the 2.1.0 webhook fills at start is said so")
        .contains("filled at start by Deployment spark-operator/spark-operator-webhook")
        .doesNotContain(PEM_KEY, "BEGIN EC " + KEY_LABEL);
  }

  @Test
  void showRenderedPrintsWhatTheChartRenderedAndHowEachObjectWasOverlaid() throws Exception {
    CliRun r = sparkReal(Upgrades.SPARK_2_1_0, "--show-rendered");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "# Service spark-operator/spark-operator-webhook-svc: added",
            "# MutatingWebhookConfiguration spark-operator-webhook: added",
            "# Service spark-operator/spark-operator-webhook: removed: the release no longer renders it",
            "# Deployment spark-operator/spark-operator: removed",
            "app.kubernetes.io/component: \"webhook\"",
            "--mutating-webhook-name=spark-operator-webhook")
        .doesNotContain("NEW: the upgrade would cause", KEY_LABEL);
  }

  @Test
  void realSparkChartOverItsOwnInstallStaysQuiet() throws Exception {
    CliRun r = sparkReal(Upgrades.SPARK_1_2_15, "-o", "json");
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .noneMatch(l -> l.startsWith("new "))
        .noneMatch(l -> l.startsWith("fixed "));
    assertThat(doc.path("changes").size()).isZero();
  }

  @Test
  void sameChartWithTheSameValuesReportsNothingNew() throws Exception {
    Path before = sparkBefore();
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            before.toString(),
            "--chart",
            Upgrades.SPARK_CHART.toString(),
            "--release",
            Upgrades.SPARK_RELEASE,
            "--values",
            Upgrades.SPARK_CHART.resolve("values-1.2.15.yaml").toString(),
            "-o",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .noneMatch(l -> l.startsWith("new "))
        .noneMatch(l -> l.startsWith("fixed "));
    assertThat(doc.path("summary").path("new").asInt()).isZero();
    assertThat(doc.path("changes").toString())
        .doesNotContain("service-renamed", "caller-repointed");
  }

  @Test
  void pinningTheOldServiceNameWithSetIsTheSameNoOp() throws Exception {
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            sparkBefore().toString(),
            "--chart",
            Upgrades.SPARK_CHART.toString(),
            "--release",
            Upgrades.SPARK_RELEASE,
            "--set",
            "webhook.service.name=spark-operator-webhook",
            "-o",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(lines(json(r))).noneMatch(l -> l.startsWith("new "));
  }

  @Test
  void externalSecretsMovedFromOlmToHelmLeavesTheApiServicesOrphaned() throws Exception {
    Path before = dir.resolve("eso-before.yaml");
    Path after = dir.resolve("eso-after.yaml");
    upgrades.externalSecretsBefore(before);
    upgrades.externalSecretsAfter(after);
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            before.toString(),
            "--after",
            after.toString(),
            "--namespace",
            "external-secrets-operator",
            "-o",
            "json");
    assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(1);
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .contains(
            "new error APISERVICE_ORPHANED APIService v1alpha1.external-secrets.io",
            "new error APISERVICE_ORPHANED APIService v1alpha1.generators.external-secrets.io",
            "new error APISERVICE_ORPHANED APIService v1alpha1.operator.external-secrets.io",
            "new error APISERVICE_ORPHANED APIService v1beta1.external-secrets.io");
    // the chart leaves the cert controller out (certController.create=false): the Secret it renewed
    // is no longer managed
    assertThat(lines(doc))
        .filteredOn(l -> l.startsWith("new ") && !l.contains("APISERVICE_ORPHANED"))
        .containsExactly(
            "new info CERT_NOT_MANAGED Secret external-secrets-operator/external-secrets-operator-webhook");
    assertThat(first(doc, "new", "APISERVICE_ORPHANED").path("fix").asString())
        .startsWith("kubectl delete apiservice ");
    assertThat(doc.path("changes").toString())
        .contains(
            "service-removed",
            "external-secrets-operator-controller-manager-service",
            "caller-left-dangling");
  }

  @Test
  void okdUpgradeThatAddsANewServingCaBeforeTheNodesTrustItIsNewStaleTrust() throws Exception {
    CertificateAuthority oldCa =
        upgrades.ca("kube-apiserver-lb-signer", Instant.parse("2020-06-01T00:00:00Z"));
    CertificateAuthority newCa =
        upgrades.ca("kube-apiserver-lb-signer", Instant.parse("2024-03-01T00:00:00Z"));
    Path before = Files.writeString(dir.resolve("okd-before.yaml"), upgrades.okdBefore(oldCa));
    Path after =
        Files.writeString(dir.resolve("okd-upgrade.yaml"), upgrades.okdAfter(oldCa, newCa));
    CliRun r =
        CliRun.of(
            "preflight", "--before", before.toString(), "--after", after.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("new critical TRUST_BUNDLE_STALE Kubeconfig " + before + ": document 4");
    assertThat(first(doc, "new", "TRUST_BUNDLE_STALE").path("fix").asString())
        .contains(
            "Write the current bundle into certificate-authority-data on every node, before any serving certificate signed by the new CA is used");
    assertThat(doc.path("changes").toString())
        .contains("cert-data-changed", "loadbalancer-serving-ca");
  }

  @Test
  void failOnJudgesOnlyNewFindings() throws Exception {
    // the current state already has the External-Secrets webhook findings; an upgrade that keeps
    // them exits 0
    Path before = dir.resolve("eso-before.yaml");
    upgrades.externalSecretsBefore(before);
    CliRun r =
        CliRun.of(
            "preflight", "--before", before.toString(), "--after", before.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = json(r);
    assertThat(lines(doc))
        .anyMatch(l -> l.startsWith("unchanged critical CABUNDLE_UNTRUSTED"))
        .noneMatch(l -> l.startsWith("new "));
  }

  @Test
  void aBrokenChartExitsTwoWithHelmsMessageOnOneLine() throws Exception {
    Path chart = Files.createDirectories(dir.resolve("broken/templates"));
    Files.writeString(
        dir.resolve("broken/Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(
        chart.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name | nosuchfunction }}\n");
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            sparkBefore().toString(),
            "--chart",
            dir.resolve("broken").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("certmedic: helm could not render")
        .contains("nosuchfunction")
        .doesNotContain("\n");
  }

  @Test
  void aMissingRequiredValueExitsTwoWithHelmsMessage() throws Exception {
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            sparkBefore().toString(),
            "--chart",
            Upgrades.SPARK_CHART.toString(),
            "--set",
            "webhook.port=null");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("webhook.port is required").doesNotContain("\n");
  }

  @Test
  void aMissingChartOrValuesFileExitsTwo() throws Exception {
    Path before = sparkBefore();
    assertThat(
            CliRun.of(
                    "preflight",
                    "--before",
                    before.toString(),
                    "--chart",
                    dir.resolve("nope").toString())
                .err())
        .contains("no such chart");
    CliRun r =
        CliRun.of(
            "preflight",
            "--before",
            before.toString(),
            "--chart",
            Upgrades.SPARK_CHART.toString(),
            "--values",
            dir.resolve("v.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no such values file");
  }

  @Test
  void needsOneCurrentStateAndOneUpgrade() {
    assertThat(CliRun.of("preflight", "--chart", "x").err()).contains("--before PATH or --cluster");
    assertThat(CliRun.of("preflight", "--before", "x").err()).contains("--after PATH or --chart");
    assertThat(CliRun.of("preflight", "--before", "x", "--after", "y", "--set", "a=b").err())
        .contains("--values and --set need --chart");
  }

  @Test
  void tableMarkdownAndSarifShowTheNewFindings() throws Exception {
    Path before = sparkBefore();
    String[] base = {
      "preflight",
      "--before",
      before.toString(),
      "--chart",
      Upgrades.SPARK_CHART.toString(),
      "--release",
      Upgrades.SPARK_RELEASE
    };
    CliRun table = CliRun.of(concat(base, "--wide"));
    assertThat(table.out())
        .contains(
            "NEW: the upgrade would cause 2 findings",
            "SAN_MISMATCH",
            "CHANGES that matter for TLS",
            "service-renamed",
            "(new findings only): exit 1");
    CliRun md = CliRun.of(concat(base, "-o", "markdown"));
    assertThat(md.out())
        .startsWith("## certmedic preflight")
        .contains("| **new** | critical | `SAN_MISMATCH`", "### Changes that matter for TLS");
    JsonNode sarif = Json.MAPPER.readTree(CliRun.of(concat(base, "-o", "sarif")).out());
    assertThat(sarif.path("runs").get(0).path("results")).hasSize(2);
  }

  @Test
  void helpShowsExamples() {
    assertThat(CliRun.of("preflight", "--help").out())
        .contains(
            "--chart",
            "Examples:",
            "certmedic preflight --before dump.yaml --chart ./spark-operator");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
