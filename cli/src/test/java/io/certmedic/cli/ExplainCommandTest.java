package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExplainCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JSON.readTree(out);
    }

    JsonNode first() {
      return json().get("explanations").get(0);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void sparkOperatorRenamedServiceRanksServiceRenamedFirst() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "x509: certificate is valid for spark-operator-webhook.default.svc, not spark-operator-webhook-svc.default.svc");
    assertThat(r.code()).isEqualTo(ExitCode.PROBLEMS);
    JsonNode e = r.first();
    assertThat(e.get("family").asString()).isEqualTo("hostname_mismatch");
    assertThat(e.get("service").get("namespace").asString()).isEqualTo("default");
    assertThat(e.get("service").get("name").asString()).isEqualTo("spark-operator-webhook-svc");
    assertThat(e.get("validFor").get(0).asString()).isEqualTo("spark-operator-webhook.default.svc");
    assertThat(e.get("rootCauses").get(0).asString())
        .startsWith("The Service was renamed and the certificate kept");
    assertThat(e.get("codes").get(0).asString()).isEqualTo("SAN_MISMATCH");
    assertThat(e.get("fix").asString())
        .contains("delete the webhook's cert Secret")
        .contains("certmedic doctor");
  }

  @Test
  void kubeSphereExpiredWebhookSaysTenDaysAndTheThreeRepairSteps() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z");
    JsonNode e = r.first();
    assertThat(e.get("family").asString()).isEqualTo("expired");
    assertThat(e.get("expiredAgo").asString()).isEqualTo("10 days");
    assertThat(e.get("notAfter").asString()).isEqualTo("2024-02-14T06:08:48Z");
    assertThat(e.get("codes").get(0).asString()).isEqualTo("CERT_EXPIRED");
    assertThat(e.get("fix").asString())
        .contains("Replace the Secret")
        .contains("caBundle")
        .contains("rollout restart");
  }

  @Test
  void expiredWebhookFixReplacesSecretCaBundleAndRestarts() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "failed calling webhook \"validate.devops.kubesphere.io\": failed to call webhook: Post \"https://webhook-server-service.kubesphere-devops-system.svc:443/validate?timeout=10s\": "
                + "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z");
    JsonNode e = r.first();
    assertThat(e.get("service").get("namespace").asString()).isEqualTo("kubesphere-devops-system");
    assertThat(e.get("fix").asString())
        .contains("Replace the Secret")
        .contains("caBundle")
        .contains("rollout restart");
    assertThat(e.get("commands").toString())
        .contains("validatingwebhookconfigurations")
        .contains("validate.devops.kubesphere.io");
  }

  @Test
  void externalDnsUnknownAuthorityTowardsACloudApiPointsAtSslCertFileOverride() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "time=\"2024-03-01T10:00:00Z\" level=error msg=\"Post \\\"https://route53.us-gov-west-1.amazonaws.com/2013-04-01/hostedzone\\\": "
                + "tls: failed to verify certificate: x509: certificate signed by unknown authority\"");
    JsonNode e = r.first();
    assertThat(e.get("family").asString()).isEqualTo("unknown_authority");
    assertThat(e.get("host").asString()).isEqualTo("route53.us-gov-west-1.amazonaws.com");
    assertThat(e.get("rootCauses").get(0).asString())
        .contains("SSL_CERT_FILE")
        .contains("--tls-ca");
    assertThat(e.get("codes").get(0).asString()).isEqualTo("ENV_TRUST_OVERRIDE");
    assertThat(e.get("firstSeen").asString()).isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void okdKubeletTowardsApiIntPointsAtStaleTrustBundle() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "Mar 12 08:01:02 node-1 kubelet[2101]: E0312 08:01:02.123456    2101 kubelet_node_status.go:540] \"Error updating node status, will retry\" "
                + "err=\"error getting node \\\"node-1\\\": Get \\\"https://api-int.okd.example.com:6443/api/v1/nodes/node-1?timeout=10s\\\": "
                + "tls: failed to verify certificate: x509: certificate signed by unknown authority\"");
    JsonNode e = r.first();
    assertThat(e.get("caller").asString()).isEqualTo("kubelet");
    assertThat(e.get("codes").get(0).asString()).isEqualTo("TRUST_BUNDLE_STALE");
    assertThat(e.get("fix").asString()).contains("loadbalancer-serving-ca");
  }

  @Test
  void textOutputNamesCauseRootCausesCommandsAndFix() {
    Run r =
        run(
            "explain",
            "Internal error occurred: failed calling webhook \"webhook.cert-manager.io\": failed to call webhook: Post \"https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=30s\": "
                + "tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" while trying to verify candidate authority certificate \"cert-manager-webhook-ca\")");
    assertThat(r.out())
        .contains("unknown_authority  webhook webhook.cert-manager.io")
        .contains("Cause: ")
        .contains("\"cert-manager-webhook-ca\"")
        .contains("Likely root causes:")
        .contains("1. The caBundle does not hold")
        .contains("CABUNDLE_UNTRUSTED")
        .contains("$ kubectl get validatingwebhookconfigurations")
        .contains("Fix: ");
  }

  @Test
  void nonTlsTextExitsZeroAndSaysSo() {
    Run r =
        run(
            "explain",
            "I0624 17:38:50.028404    5012 kubelet.go:1790] Recording NodeReady event message for node 10.0.0.4");
    assertThat(r.code()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("No TLS failure recognised");
    Run j = run("explain", "-o", "json", "hello world");
    assertThat(j.json().get("explanations").size()).isZero();
  }

  @Test
  void missingLogFileIsAUsageErrorNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.log");
    Run r = run("explain", "--log", missing.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains(missing.toString())
        .contains("no such file")
        .doesNotContain("Exception");
  }

  @Test
  void textAndLogTogetherIsAUsageError(@TempDir Path dir) {
    Run r = run("explain", "--log", dir.resolve("x").toString(), "x509: oops");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("not both");
  }

  @Test
  void unknownOutputFormatIsAUsageError() {
    assertThat(run("explain", "-o", "xml", "x509: oops").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void printsTheJsonDocumentAsYamlAndTakesTableAsTheTextFormat() {
    String line = "x509: certificate is valid for a.ns.svc, not b.ns.svc";
    var yaml = run("explain", "-o", "yaml", line);
    assertThat(yaml.code()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(yaml.out())
        .contains("explanations:", "family: \"hostname_mismatch\"", "validFor:", "rootCauses:");
    assertThat(run("explain", "-o", "table", line).out())
        .isEqualTo(run("explain", "-o", "text", line).out())
        .startsWith("hostname_mismatch");
  }

  @Test
  void logModeGroupsByFamilyAndTargetWithCountsAndFirstAndLastSeen(@TempDir Path dir)
      throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(
          String.format(
              "I0225 04:%02d:%02d.000001       1 trace.go:236] Trace[%d]: \"List\" url:/api/v1/pods total time: 512ms",
              i / 60, i % 60, i));
      lines.add(
          String.format(
              "W0225 04:%02d:%02d.123456      17 dispatcher.go:217] Failed calling webhook, failing closed webhook.example.com: "
                  + "failed calling webhook \"webhook.example.com\": failed to call webhook: Post \"https://svc.ns.svc:443/validate?timeout=10s\": "
                  + "tls: failed to verify certificate: x509: certificate signed by unknown authority",
              i / 60, i % 60));
      if (i % 100 == 0) {
        lines.add(
            "E0225 05:00:00.000000      17 cacher.go:475] conversion webhook for external-secrets.io/v1beta1, Kind=ExternalSecret failed: "
                + "Post \"https://external-secrets-webhook.es.svc:443/convert?timeout=30s\": x509: certificate is valid for external-secrets-webhook.other.svc, not external-secrets-webhook.es.svc");
      }
    }
    Path log = dir.resolve("apiserver.log");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run r = run("explain", "--log", log.toString(), "-o", "json", "--year", "2024");
    assertThat(r.code()).isEqualTo(ExitCode.PROBLEMS);
    JsonNode root = r.json();
    JsonNode first = root.get("explanations").get(0);
    assertThat(first.get("family").asString()).isEqualTo("unknown_authority");
    assertThat(first.get("count").asLong()).isEqualTo(300);
    assertThat(first.get("webhook").asString()).isEqualTo("webhook.example.com");
    assertThat(first.get("firstSeen").asString()).isEqualTo("2024-02-25T04:00:00.123456Z");
    assertThat(first.get("lastSeen").asString()).isEqualTo("2024-02-25T04:04:59.123456Z");
    JsonNode second = root.get("explanations").get(1);
    assertThat(second.get("family").asString()).isEqualTo("hostname_mismatch");
    assertThat(second.get("count").asLong()).isEqualTo(3);
    assertThat(second.get("crd").get("kind").asString()).isEqualTo("ExternalSecret");
    assertThat(second.get("rootCauses").get(0).asString())
        .startsWith("The certificate was made for another namespace");
    JsonNode summary = root.get("summary");
    assertThat(summary.get("lines").asLong()).isEqualTo(lines.size());
    assertThat(summary.get("failures").asLong()).isEqualTo(303);
    assertThat(summary.get("dominant").get("target").asString())
        .isEqualTo("webhook webhook.example.com");
  }

  @Test
  void javaStackTraceInALogCountsOnce(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "2024-05-01T10:00:00Z ERROR io.fabric8.kubernetes.client.KubernetesClientException: Operation: [list]  for kind: [Pod]  with name: [null]  in namespace: [null]  failed.",
            "\tat io.fabric8.kubernetes.client.KubernetesClientException.launderThrowable(KubernetesClientException.java:130)",
            "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
            "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
            "Caused by: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
            "Caused by: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
            ""));
    JsonNode root = run("explain", "--log", log.toString(), "-o", "json").json();
    assertThat(root.get("summary").get("failures").asLong()).isEqualTo(1);
    assertThat(root.get("explanations").get(0).get("family").asString())
        .isEqualTo("unknown_authority");
    assertThat(root.get("explanations").get(0).get("stack").asString()).isEqualTo("jdk");
  }

  @Test
  void wrappedPastedLineIsJoinedBeforeReading() {
    Run r =
        run(
            "explain",
            "-o",
            "json",
            "Post \"https://kubeuser-webhook-service.kubeuser.svc:443/validate?timeout=10s\": tls: failed to verify certificate: x509: certificate signe\nd by unknown authority");
    JsonNode e = r.first();
    assertThat(e.get("family").asString()).isEqualTo("unknown_authority");
    assertThat(e.get("service").get("name").asString()).isEqualTo("kubeuser-webhook-service");
    assertThat(r.json().get("summary").get("failures").asLong()).isEqualTo(1);
  }

  @Test
  void logDashReadsStandardInput() {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "2020/11/25 12:17:16 http: TLS handshake error from 10.221.136.81:51822: remote error: tls: bad certificate\nnoise\n"
                  .getBytes(StandardCharsets.UTF_8)));
      Run r = run("explain", "--log", "-", "-o", "json");
      assertThat(r.code()).isEqualTo(ExitCode.PROBLEMS);
      assertThat(r.first().get("family").asString()).isEqualTo("remote_rejected");
      assertThat(r.first().get("peer").asString()).isEqualTo("10.221.136.81");
      assertThat(r.json().get("summary").get("lines").asLong()).isEqualTo(2);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void jsonOmitsAbsentFieldsAndKeepsTheContractOrder() {
    JsonNode e =
        run(
                "explain",
                "-o",
                "json",
                "x509: certificate relies on legacy Common Name field, use SANs instead")
            .first();
    List<String> names = new ArrayList<>();
    e.propertyNames().forEach(names::add);
    assertThat(names).doesNotContain("webhook", "url", "service", "firstSeen", "validFor");
    assertThat(names)
        .containsSubsequence("family", "count", "codes", "cause", "rootCauses", "commands", "fix");
  }
}
