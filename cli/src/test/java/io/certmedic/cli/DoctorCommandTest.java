package io.certmedic.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.DumpReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class DoctorCommandTest {

  private static final String AT = "--at=" + TestPki.NOW;
  private static final String SERVICE =
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  ports: [{port: 443, targetPort: 8443}]\n";
  private static final String CLUSTER_ROLE =
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: viewer}\nrules: []\n";
  private static final String BROKEN = "kind: Secret\nmetadata: {name: [oops\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  /** A readable Service, an ignored ClusterRole, and a document that is not YAML (line 12). */
  private Path brokenDump() throws Exception {
    return write("dump.yaml", SERVICE + "---\n" + CLUSTER_ROLE + "---\n" + BROKEN);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asString()));
    return out;
  }

  private static JsonNode json(CliRun r) {
    return Json.MAPPER.readTree(r.out());
  }

  @Test
  void aBrokenDocumentIsAnInputUnreadableErrorAndExitsOneByDefault() throws Exception {
    Path dump = brokenDump();
    CliRun r = CliRun.of("doctor", "-f", dump.toString(), AT);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("  CODE              OBJECT ")
        .contains("\nERROR (1)\n  INPUT_UNREADABLE  Input " + dump + ": document 3 (line 12)  ")
        .contains("is not valid YAML", "everything else was analysed")
        .contains(
            "0 critical, 1 error, 0 warnings, 0 info in 1 object (ignored: ClusterRole 1); judged at 2026-06-01T12:00:00Z; --fail-on error: exit 1");
  }

  @Test
  void failOnDecidesTheExitCode() throws Exception {
    String dump = brokenDump().toString();
    assertThat(CliRun.of("doctor", "-f", dump, AT, "--fail-on", "never").exit())
        .isEqualTo(ExitCode.OK);
    assertThat(CliRun.of("doctor", "-f", dump, AT, "--fail-on", "critical").exit())
        .isEqualTo(ExitCode.OK);
    assertThat(CliRun.of("doctor", "-f", dump, AT, "--fail-on", "error").exit())
        .isEqualTo(ExitCode.PROBLEMS);
    assertThat(CliRun.of("doctor", "-f", dump, AT, "--fail-on", "WARNING").exit())
        .isEqualTo(ExitCode.PROBLEMS);
    CliRun never = CliRun.of("doctor", "-f", dump, AT, "--fail-on", "never", "-o", "json");
    assertThat(json(never).path("summary").path("failOn").asString()).isEqualTo("never");
    assertThat(json(never).path("summary").path("exitCode").asInt()).isZero();
    assertThat(json(never).path("findings").size()).isEqualTo(1);
  }

  @Test
  void anUnknownFailOnLevelIsAUsageError() throws Exception {
    CliRun r = CliRun.of("doctor", "-f", brokenDump().toString(), "--fail-on", "info");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: --fail-on: unknown level 'info', expected critical, error, warning or never");
  }

  @Test
  void aHealthyInputSaysNoProblemsFoundWithTheSummary() throws Exception {
    Path dump = write("ok/dump.yaml", SERVICE + "---\n" + CLUSTER_ROLE);
    CliRun r = CliRun.of("doctor", "-f", dir.resolve("ok").toString(), AT);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .isEqualTo(
            "no problems found\n"
                + "0 critical, 0 errors, 0 warnings, 0 info in 1 object (ignored: ClusterRole 1); judged at 2026-06-01T12:00:00Z; --fail-on error: exit 0\n");
    assertThat(r.err()).isEmpty();
    assertThat(Files.exists(dump)).isTrue();
  }

  /** Inputs that cannot be read at all: exit 2 and one line naming them, never a stack trace. */
  @Test
  void anUnreadablePathIsExitTwoAndOneLine() throws Exception {
    Path[] inputs = {
      dir.resolve("missing.yaml"),
      write("empty.yaml", ""),
      write("notes.yaml", "just some words, no objects\n"),
    };
    for (Path p : inputs) {
      CliRun r = CliRun.of("doctor", "-f", p.toString());
      assertThat(r.exit()).as(p + ": " + r.err()).isEqualTo(ExitCode.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip())
          .as(p.toString())
          .startsWith("certmedic: " + p)
          .doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }

  @Test
  void withoutFItReadsAClusterAndSaysInOneLineWhenItCannot() {
    CliRun r = CliRun.of("doctor", "--kubeconfig", dir.resolve("missing-kubeconfig").toString());
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo("certmedic: " + dir.resolve("missing-kubeconfig") + ": no such kubeconfig file");
  }

  @Test
  void readsSeveralPathsAndStdin() throws Exception {
    Path dump = brokenDump();
    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              ("apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: other}\n")
                  .getBytes(UTF_8)));
      CliRun r = CliRun.of("doctor", "-f", dump.toString(), "-f", "-", AT, "-o", "json");
      assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
      assertThat(json(r).path("summary").path("objects").asInt()).isEqualTo(2);
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void jsonHasTheContractsFieldsAndTypes() throws Exception {
    Path dump = brokenDump();
    CliRun r = CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "json");
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    JsonNode root = json(r);
    assertThat(root.propertyNames()).containsExactly("findings", "summary");
    JsonNode f = root.path("findings").get(0);
    assertThat(f.propertyNames())
        .containsExactly(
            "code",
            "ruleId",
            "docsUrl",
            "severity",
            "object",
            "related",
            "message",
            "evidence",
            "fix",
            "location");
    assertThat(f.path("location").toString())
        .isEqualTo(
            "{\"file\":" + Json.MAPPER.writeValueAsString(dump.toString()) + ",\"line\":12}");
    assertThat(f.path("code").asString()).isEqualTo("INPUT_UNREADABLE");
    assertThat(f.path("severity").asString()).isEqualTo("error");
    assertThat(f.path("object").propertyNames())
        .as("no namespace for a cluster-scoped object")
        .containsExactly("kind", "name");
    assertThat(f.path("object").path("name").asString()).isEqualTo(dump + ": document 3 (line 12)");
    assertThat(f.path("related").isArray()).isTrue();
    assertThat(f.path("evidence").isArray()).isTrue();
    assertThat(f.path("fix").isString()).isTrue();
    JsonNode s = root.path("summary");
    assertThat(s.propertyNames())
        .containsExactly(
            "critical",
            "error",
            "warning",
            "info",
            "objects",
            "ignoredKinds",
            "at",
            "failOn",
            "exitCode");
    assertThat(s.path("error").isInt()).isTrue();
    assertThat(s.path("error").asInt()).isEqualTo(1);
    assertThat(s.path("objects").asInt()).isEqualTo(1);
    assertThat(s.path("ignoredKinds").path("ClusterRole").asInt()).isEqualTo(1);
    assertThat(s.path("at").asString()).isEqualTo("2026-06-01T12:00:00Z");
    assertThat(s.path("failOn").asString()).isEqualTo("error");
    assertThat(s.path("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void yamlIsTheSameDocumentAsJson() throws Exception {
    String dump = brokenDump().toString();
    JsonNode fromJson = json(CliRun.of("doctor", "-f", dump, AT, "-o", "json"));
    CliRun yaml = CliRun.of("doctor", "-f", dump, AT, "-o", "yaml");
    assertThat(yaml.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(fromJson);
  }

  @Test
  void sarifPointsAtTheFileAndLineOfTheBrokenDocument() throws Exception {
    Path dump = brokenDump();
    CliRun r = CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "sarif");
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    JsonNode run = json(r).path("runs").get(0);
    assertThat(json(r).path("version").asString()).isEqualTo("2.1.0");
    assertThat(run.path("tool").path("driver").path("rules").get(0).path("id").asString())
        .isEqualTo("INPUT_UNREADABLE");
    JsonNode physical =
        run.path("results").get(0).path("locations").get(0).path("physicalLocation");
    assertThat(physical.path("artifactLocation").path("uri").asString())
        .isEqualTo(dump.toUri().toString());
    assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(12);
  }

  /** A {@code kubectl get -o json} List: pretty-printed, the bad Secret third, on line 21. */
  private static final String PRETTY_LIST =
      """
      {
          "apiVersion": "v1",
          "items": [
              {
                  "apiVersion": "v1",
                  "kind": "Service",
                  "metadata": {
                      "name": "api",
                      "namespace": "web"
                  }
              },
              {
                  "apiVersion": "v1",
                  "kind": "ConfigMap",
                  "metadata": {
                      "name": "settings",
                      "namespace": "web"
                  },
                  "data": {"a": "b"}
              },
              {
                  "apiVersion": "v1",
                  "kind": "Secret",
                  "type": "kubernetes.io/tls",
                  "metadata": {
                      "name": "api-tls",
                      "namespace": "web"
                  },
                  "data": {"tls.crt": "bm90IGEgY2VydGlmaWNhdGU=", "tls.key": ""}
              }
          ],
          "kind": "List",
          "metadata": {"resourceVersion": ""}
      }
      """;

  private static JsonNode secretFinding(JsonNode findings) {
    for (JsonNode f : findings) {
      if (f.path("object").path("name").asString().equals("api-tls")) {
        return f;
      }
    }
    throw new AssertionError("no finding on Secret web/api-tls in " + findings);
  }

  @Test
  void aPrettyPrintedJsonListItemsFindingPointsAtTheLineTheItemStartsOn() throws Exception {
    Path dump = write("dump.json", PRETTY_LIST);
    assertThat(Files.readAllLines(dump).get(20).strip())
        .as("the third item opens here")
        .isEqualTo("{");
    JsonNode f =
        secretFinding(
            json(CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "json")).path("findings"));
    assertThat(f.path("location").toString())
        .isEqualTo(
            "{\"file\":" + Json.MAPPER.writeValueAsString(dump.toString()) + ",\"line\":21}");
    JsonNode run =
        json(CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "sarif")).path("runs").get(0);
    JsonNode result = null;
    for (JsonNode r : run.path("results")) {
      if (r.path("ruleId").asString().equals(f.path("code").asString())) {
        result = r;
      }
    }
    assertThat(result).as("a SARIF result for %s", f.path("code")).isNotNull();
    assertThat(
            result
                .path("locations")
                .get(0)
                .path("physicalLocation")
                .path("region")
                .path("startLine")
                .asInt())
        .isEqualTo(21);
  }

  @Test
  void aOneLineJsonListsItemsKeepLineOne() throws Exception {
    Path dump = write("dump.json", PRETTY_LIST.replace("\n", "") + "\n");
    assertThat(Files.readAllLines(dump)).hasSize(1);
    JsonNode f =
        secretFinding(
            json(CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "json")).path("findings"));
    assertThat(f.path("location").path("line").asInt()).isOne();
  }

  @Test
  void markdownAndWideTableRunFromTheCommand() throws Exception {
    String dump = brokenDump().toString();
    CliRun md = CliRun.of("doctor", "-f", dump, AT, "-o", "markdown");
    assertThat(md.out())
        .startsWith("## certmedic doctor\n")
        .contains("### `INPUT_UNREADABLE` (1)", "| # | severity | object | message |");
    CliRun wide = CliRun.of("doctor", "-f", dump, AT, "--wide");
    assertThat(wide.out())
        .contains(
            "      evidence: " + dump + ": document 3 (line 12)",
            "      fix:      Fix or remove the object");
    assertThat(CliRun.of("doctor", "-f", dump, AT).out()).doesNotContain("evidence:");
  }

  @Test
  void namespaceKeepsOnlyFindingsAboutIt() throws Exception {
    CliRun r = CliRun.of("doctor", "-f", brokenDump().toString(), AT, "-n", "demo");
    assertThat(r.exit()).as("the unreadable document names no namespace").isEqualTo(ExitCode.OK);
    assertThat(r.out()).startsWith("no problems found\n");
  }

  @Test
  void inNamespaceKeepsObjectsInItAndCallersOfItsServices() {
    Finding webhook =
        finding(
            ObjectRef.cluster("ValidatingWebhookConfiguration", "gate"),
            List.of(ObjectRef.of("Service", "demo", "gate-svc")));
    Finding secret = finding(ObjectRef.of("Secret", "demo", "tls"), List.of());
    Finding other = finding(ObjectRef.of("Secret", "other", "tls"), List.of());
    Finding cluster =
        finding(
            ObjectRef.cluster("APIService", "v1.metrics"),
            List.of(ObjectRef.of("Service", "other", "m")));
    Report r = new Report(List.of(webhook, secret, other, cluster), 10, Map.of("Role", 2));
    Report kept = DoctorCommand.inNamespace(r, "demo");
    assertThat(kept.findings()).containsExactly(webhook, secret);
    assertThat(kept.objects()).isEqualTo(10);
    assertThat(kept.ignoredKinds()).containsEntry("Role", 2);
  }

  private static Finding finding(ObjectRef o, List<ObjectRef> related) {
    return new Finding(FindingCode.SAN_MISMATCH, Severity.CRITICAL, o, related, "m", List.of(), "");
  }

  @Test
  void expiryWarningAcceptsDaysHoursMinutesAndIso() throws Exception {
    String dump = brokenDump().toString();
    for (String d : List.of("30d", "72h", "90m", "P30D", "PT72H", "1d12h")) {
      CliRun r = CliRun.of("doctor", "-f", dump, AT, "--expiry-warning", d);
      assertThat(r.exit()).as(d + ": " + r.err()).isEqualTo(ExitCode.PROBLEMS);
    }
    CliRun bad = CliRun.of("doctor", "-f", dump, AT, "--expiry-warning", "a month");
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err().strip())
        .isEqualTo(
            "certmedic: --expiry-warning: 'a month' is not a duration; use e.g. 30d, 72h, 90m or P30D");
  }

  @Test
  void atMustBeRfc3339() throws Exception {
    String dump = brokenDump().toString();
    CliRun bad = CliRun.of("doctor", "-f", dump, "--at", "2026-12-24");
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err().strip())
        .isEqualTo(
            "certmedic: --at: '2026-12-24' is not an RFC 3339 time; use e.g. 2026-12-24T00:00:00Z");
    CliRun offset =
        CliRun.of("doctor", "-f", dump, "--at", "2026-12-24T02:00:00+02:00", "-o", "json");
    assertThat(json(offset).path("summary").path("at").asString())
        .isEqualTo("2026-12-24T00:00:00Z");
  }

  @Test
  void anUnknownOutputFormatIsAUsageError() throws Exception {
    CliRun r = CliRun.of("doctor", "-f", brokenDump().toString(), "-o", "xml");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: --output: unknown format 'xml', expected one of table, json, yaml, markdown, sarif, junit, html");
  }

  @Test
  void neverPrintsPrivateKeyMaterialInAnyFormat() throws Exception {
    TestPki.Cert leaf = TestPki.leaf("web.demo.svc").build();
    String key = PemWriter.privateKey(leaf.key());
    String keyB64 = Base64.getEncoder().encodeToString(key.getBytes(US_ASCII));
    Path dump =
        write(
            "secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: demo}\ntype: kubernetes.io/tls\ndata:\n"
                + "  tls.crt: "
                + Base64.getEncoder()
                    .encodeToString(PemWriter.certificate(leaf.cert()).getBytes(US_ASCII))
                + "\n"
                + "  tls.key: "
                + keyB64
                + "\n---\n"
                + BROKEN);
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    for (String format : List.of("table", "json", "yaml", "markdown", "sarif", "junit", "html")) {
      CliRun r = CliRun.of("doctor", "-f", dump.toString(), AT, "-o", format, "--wide");
      assertThat(r.out())
          .as(format)
          .isNotEmpty()
          .doesNotContain("PRIVATE KEY")
          .doesNotContain(keyB64.substring(0, 40))
          .doesNotContain(body);
    }
  }

  @Test
  void helpShowsTheExamples() {
    CliRun r = CliRun.of("doctor", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "certmedic doctor -f examples/",
            "| certmedic doctor -f -",
            "-o sarif > certmedic.sarif",
            "--at 2026-12-24T00:00:00Z");
    assertThat(CliRun.of("--help").out()).contains("doctor");
  }

  @Test
  void progressIsReportedOnlyForBigInputs() throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < DoctorCommand.PROGRESS_MIN_OBJECTS; i++) {
      big.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: s")
          .append(i)
          .append(", namespace: demo}\n");
    }
    Path bigDump = write("big.yaml", big.toString());
    Snapshot s = DumpReader.read(List.of(bigDump.toString()), InputStream.nullInputStream());
    assertThat(DoctorCommand.progress(s, List.of(bigDump.toString())))
        .hasValue("read 1,000 objects from " + bigDump);
    assertThat(DoctorCommand.progress(s, List.of("-", "x")))
        .hasValue("read 1,000 objects from 2 inputs");
    Snapshot small =
        DumpReader.read(List.of(brokenDump().toString()), InputStream.nullInputStream());
    assertThat(DoctorCommand.progress(small, List.of("dump.yaml"))).isEmpty();
    assertThat(CliRun.of("doctor", "-f", bigDump.toString(), AT).err())
        .as("stderr is not a terminal in tests")
        .isEmpty();
  }

  @Test
  void sourcesNameWhereEachObjectWasRead() throws Exception {
    Path dump = brokenDump();
    Snapshot s = DumpReader.read(List.of(dump.toString()), InputStream.nullInputStream());
    assertThat(DoctorCommand.sources(s))
        .containsEntry(ObjectRef.of("Service", "demo", "web"), dump + ": document 1 (line 1)");
  }

  @Test
  void aMissingServiceOfAConfigurationAnOperatorRegistersAtRunTimeSaysItDeletesItOnACleanStop()
      throws Exception {
    String ns = "spark-operator";
    Path dump = Files.createTempFile("registered", ".yaml");
    Files.writeString(
        dump,
        Upgrades.live(
            Incidents.yaml(
                List.of(
                    Incidents.service(ns, "unrelated", Map.of("app", "x"), 443, "https", Map.of()),
                    Incidents.deployment(
                        ns,
                        "spark-operator",
                        Map.of("app", "spark"),
                        List.of("-webhook-config-name=spark-operator-webhook-config"),
                        "webhook",
                        8080,
                        List.of(),
                        Map.of()),
                    Incidents.webhookConfig(
                        "MutatingWebhookConfiguration",
                        "spark-operator-webhook-config",
                        Map.of(),
                        Incidents.webhook(
                            "webhook.sparkoperator.k8s.io",
                            ns,
                            "spark-operator-webhook",
                            443,
                            "/webhook",
                            TestPki.ca("ca").build().cert(),
                            "Ignore",
                            List.of("CREATE"),
                            "",
                            "pods")))),
            null,
            null));
    CliRun r = CliRun.of("doctor", "-f", dump.toString(), AT, "-o", "json");
    Files.delete(dump);
    assertThat(r.out())
        .contains(
            "SERVICE_NOT_FOUND",
            "Spark Operator 1.x registers this configuration at run time (Deployment"
                + " spark-operator/spark-operator, -webhook-config-name=spark-operator-webhook-config)"
                + " and deletes it itself on a clean stop unless its failurePolicy is Fail: it"
                + " stays, with this severity, only when that pod stopped uncleanly");
  }

  @Test
  void doctorOnAnEtcKubernetesShowsKubeadmsExpiryTableBeforeTheFindings() throws Exception {
    io.certmedic.core.testing.NodeTree tree =
        io.certmedic.core.testing.NodeTree.kubeadm()
            .expiring("apiserver", TestPki.NOW.minus(java.time.Duration.ofDays(2)));
    Path root = tree.writeTo(dir.resolve("etc-kubernetes"));

    CliRun r = CliRun.of("doctor", "-f", root.toString(), AT);

    assertThat(r.err()).isEmpty();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("NODE PKI " + root + " (kubeadm layout, judged at 2026-06-01T12:00:00Z)");
    assertThat(lines)
        .containsSubsequence(
            "CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED",
            "admin.conf                 "
                + NodePkiTable.EXPIRES.format(
                    tree.cert("admin.conf").cert().getNotAfter().toInstant())
                + "   300d            ca                      no",
            "apiserver                  "
                + NodePkiTable.EXPIRES.format(
                    tree.cert("apiserver").cert().getNotAfter().toInstant())
                + "   <invalid>       ca                      no",
            "apiserver-etcd-client      "
                + NodePkiTable.EXPIRES.format(
                    tree.cert("apiserver-etcd-client").cert().getNotAfter().toInstant())
                + "   300d            etcd-ca                 no",
            "!UNREADABLE! kubelet.conf: cannot read /var/lib/kubelet/pki/kubelet-client-current.pem: no such file",
            "CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED",
            "ca                      "
                + NodePkiTable.EXPIRES.format(tree.cert("ca").cert().getNotAfter().toInstant())
                + "   10y             no");
    int table = r.out().indexOf("CERTIFICATE AUTHORITY   EXPIRES");
    int findings = r.out().indexOf("CERT_EXPIRED");
    assertThat(findings).as("the expired apiserver.crt is still a finding").isGreaterThan(table);
    assertThat(r.out()).contains("File " + root.resolve("pki/apiserver.crt"));
  }

  @Test
  void jsonCarriesTheNodePkiAndTheSkippedFilesWithTheirReasons() throws Exception {
    Path root = io.certmedic.core.testing.NodeTree.kubeadm().writeTo(dir.resolve("k"));
    Files.writeString(root.resolve("README.md"), "# node\n");

    CliRun r = CliRun.of("doctor", "-f", root.toString(), AT, "-o", "json");

    JsonNode doc = json(r);
    assertThat(doc.propertyNames()).containsExactly("findings", "nodePki", "summary");
    JsonNode pki = doc.path("nodePki").get(0);
    assertThat(pki.path("root").asString()).isEqualTo(root.toString());
    assertThat(pki.path("layout").asString()).isEqualTo("kubeadm");
    assertThat(names(pki.path("certificates")))
        .contains("apiserver", "etcd-server", "admin.conf", "kubelet.conf");
    assertThat(names(pki.path("authorities"))).containsExactly("ca", "etcd-ca", "front-proxy-ca");
    assertThat(doc.path("summary").path("skipped").toString())
        .isEqualTo(
            "[{\"path\":\""
                + root.resolve("README.md")
                + "\",\"reason\":\"not YAML, JSON, PEM or a kubeconfig (by its name)\"}]");
    assertThat(r.out()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void theSummaryLineNamesEverySkippedFile() throws Exception {
    write("dump.yaml", SERVICE);
    write("notes.txt", "x\n");
    write("resolv.conf", "nameserver 10.0.0.1\n");

    CliRun r = CliRun.of("doctor", "-f", dir.toString(), AT);

    assertThat(r.out())
        .contains(
            " in 1 object (skipped: "
                + dir.resolve("notes.txt")
                + ", "
                + dir.resolve("resolv.conf")
                + "); judged at ");
  }

  @Test
  void aPathWithNothingToJudgeExitsTwoNamingIt() throws Exception {
    write("notes.txt", "x\n");
    Path list = write("empty/list.yaml", "apiVersion: v1\nkind: List\nitems: []\n");

    CliRun dirRun = CliRun.of("doctor", "-f", dir.resolve("empty").getParent().toString(), AT);
    CliRun listRun = CliRun.of("doctor", "-f", list.toString(), AT);

    assertThat(listRun.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(listRun.out()).isEmpty();
    assertThat(listRun.err().strip())
        .isEqualTo(
            "certmedic: nothing to judge in "
                + list
                + ": it holds no Kubernetes object, kubeconfig or certificate");
    assertThat(dirRun.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(dirRun.err()).contains("nothing to judge in " + dir, "notes.txt");
  }

  @Test
  void aNamespaceWithNoObjectsIsSaidOnStderr() throws Exception {
    Path dump = write("dump.yaml", SERVICE);

    CliRun missing = CliRun.of("doctor", "-f", dump.toString(), AT, "-n", "paymnets");
    CliRun present = CliRun.of("doctor", "-f", dump.toString(), AT, "-n", "demo");

    assertThat(missing.exit()).isEqualTo(ExitCode.OK);
    assertThat(missing.err())
        .contains("-n paymnets: the input holds no object certmedic reads in namespace paymnets");
    assertThat(present.err()).isEmpty();
  }
}
