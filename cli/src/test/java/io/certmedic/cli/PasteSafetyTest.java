package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.text.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14 item 7: every command certmedic prints for a person to paste stays safe when the names
 * in the input are hostile. A dump whose webhook, Service, Secret, namespace and annotation values
 * carry a shell payload goes through doctor, fix, preflight and explain (JSON where the command has
 * it, the text plan for fix); each printed command that holds the payload is cut out, its command
 * word replaced by {@code printf '%s\n'}, and run by a real {@code sh} in an empty directory: no
 * file may appear and the payload must come back verbatim inside one argument.
 */
class PasteSafetyTest {

  /** The words a printed command starts with; the segment checked runs from the last one. */
  private static final List<String> COMMAND_WORDS =
      List.of("kubectl ", "certmedic ", "openssl ", "cmctl ", "oc ", "grep ", "base64 ", "awk ");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Payload(String sentence, String text) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Payload> payloads() {
    return Stream.of(
        new Payload("a name that closes a double quote runs nothing", "x\"; touch P; echo \""),
        new Payload("a name that closes a single quote runs nothing", "x'; touch P; echo '"),
        new Payload("a command substitution in a name runs nothing", "$(touch P)"),
        new Payload("a backquoted command in a name runs nothing", "`touch P`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void everyPrintedCommandKeepsAHostileNameInert(Payload p, @TempDir Path dir) throws Exception {
    Path dump = Files.writeString(dir.resolve("hostile.yaml"), hostileDump(p.text()));
    Path healthy =
        Files.writeString(
            dir.resolve("before.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before, namespace: default}\n");
    List<String> texts = new ArrayList<>();
    String at = "--at=" + TestPki.NOW;

    CliRun doctorJson = CliRun.of("doctor", "-f", dump.toString(), at, "-o", "json");
    assertThat(doctorJson.exit()).as(doctorJson.err()).isEqualTo(1);
    strings(JSON.readTree(doctorJson.out()), texts);
    CliRun doctorText = CliRun.of("doctor", "-f", dump.toString(), at, "--wide");
    texts.addAll(doctorText.out().lines().toList());
    CliRun fixText = CliRun.of("fix", "-f", dump.toString());
    assertThat(fixText.exit()).as(fixText.err()).isIn(0, 1);
    texts.addAll(fixText.out().lines().toList());
    CliRun preflight =
        CliRun.of(
            "preflight",
            "--before",
            healthy.toString(),
            "--after",
            dump.toString(),
            at,
            "-o",
            "json");
    assertThat(preflight.exit()).as(preflight.err()).isIn(0, 1);
    strings(JSON.readTree(preflight.out()), texts);
    CliRun explain = CliRun.of("explain", "-o", "json", explainLine(p.text()));
    assertThat(explain.exit()).as(explain.err()).isIn(0, 1);
    strings(JSON.readTree(explain.out()), texts);

    Path sandbox = Files.createDirectory(dir.resolve("sandbox"));
    List<String> checked = new ArrayList<>();
    for (String t : texts) {
      List<String> found = new ArrayList<>(segments(t, p.text()));
      if (!Shell.insideSingleQuotes(p.text()).equals(p.text())) {
        found.addAll(segments(t, Shell.insideSingleQuotes(p.text())));
      }
      for (String segment : found) {
        runInert(segment, p.text(), sandbox);
        checked.add(segment);
      }
    }
    assertThat(checked)
        .as("the commands that carry the name")
        .anyMatch(s -> s.startsWith("kubectl delete apiservice"))
        .anyMatch(s -> s.startsWith("kubectl annotate --overwrite service"))
        .anyMatch(s -> s.contains(" port-forward "))
        .anyMatch(s -> s.startsWith("certmedic probe"))
        .hasSizeGreaterThan(10);
  }

  /**
   * Each command in {@code text} that holds {@code name}, cut at the end of the word holding it.
   */
  static List<String> segments(String text, String name) {
    List<String> out = new ArrayList<>();
    for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      int start = -1;
      for (String w : COMMAND_WORDS) {
        int s = text.lastIndexOf(w, i);
        if (s >= 0 && (s == 0 || !Character.isLetterOrDigit(text.charAt(s - 1)))) {
          start = Math.max(start, s);
        }
      }
      if (start < 0) {
        continue; // prose, not a command
      }
      int end = wordEnd(text, start, i, i + name.length());
      if (end >= 0) {
        out.add(text.substring(start, end));
      }
    }
    return out;
  }

  /**
   * Where the shell word holding {@code [from, to)} ends, reading as {@code sh} does from {@code
   * start}; -1 when an operator or a sentence's punctuation stands between {@code start} and {@code
   * from} outside quotes (the name is then in prose, or in a command not printed as one).
   */
  private static int wordEnd(String text, int start, int from, int to) {
    char quote = 0;
    for (int k = start; k < text.length(); k++) {
      char c = text.charAt(k);
      if (quote == '\'') {
        quote = c == '\'' ? 0 : quote;
      } else if (quote == '"') {
        if (c == '\\') {
          k++;
        } else if (c == '"') {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\') {
        k++;
      } else if (k < from && ";|&()".indexOf(c) >= 0) {
        return -1;
      } else if (k < from && c == ',' && k + 1 < text.length() && text.charAt(k + 1) == ' ') {
        return -1;
      } else if (k >= to && (Character.isWhitespace(c) || ";|&()<>".indexOf(c) >= 0)) {
        return k;
      }
    }
    return quote == 0 ? text.length() : -1;
  }

  /** Runs {@code segment} with its command word replaced by printf, in the empty {@code dir}. */
  private static void runInert(String segment, String name, Path dir)
      throws IOException, InterruptedException {
    String args = segment.substring(segment.indexOf(' ') + 1).replaceAll("<[a-z][a-z -]*>", "X");
    Process sh =
        new ProcessBuilder("sh", "-c", "printf '%s\\n' " + args)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> made = Files.list(dir)) {
      assertThat(made).as("files made by pasting: " + segment).isEmpty();
    }
    assertThat(sh.exitValue()).as(segment + "\n" + out).isZero();
    assertThat(out).as("the name comes back as it is from: " + segment).contains(name);
  }

  private static void strings(JsonNode n, List<String> out) {
    if (n.isString()) {
      out.add(n.asString());
    }
    n.forEach(c -> strings(c, out));
  }

  private static String explainLine(String name) {
    return "Internal error occurred: failed calling webhook \""
        + name
        + "\": failed to call webhook: Post \"https://hooks.gate.svc:443/validate?timeout=10s\":"
        + " tls: failed to verify certificate: x509: certificate signed by unknown authority";
  }

  /**
   * One namespace, Service, Secret, workload and webhook, all named after {@code name}: the Secret
   * holds a certificate the webhook's caBundle does not trust, for a name the Service does not
   * have; a second webhook calls a missing Service, an APIService calls another, a Service's
   * serving-cert annotation names no valid Secret and a webhook injects from a missing Certificate.
   */
  static String hostileDump(String name) throws Exception {
    TestPki.Cert ca = TestPki.ca("hostile-ca").build();
    TestPki.Cert other = TestPki.ca("other-ca").build();
    TestPki.Cert leaf = TestPki.leaf("elsewhere.example").signedBy(ca).build();
    String crt = b64(PemWriter.certificate(leaf.cert()) + PemWriter.certificate(ca.cert()));
    String caCrt = b64(PemWriter.certificate(ca.cert()));
    String otherCa = b64(PemWriter.certificate(other.cert()));
    String n = JSON.writeValueAsString(name);
    String tls = JSON.writeValueAsString(name + "-tls");
    String missing = JSON.writeValueAsString(name + "-gone");
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: " + tls + ", namespace: " + n + "}",
        "type: kubernetes.io/tls",
        "data: {ca.crt: " + caCrt + ", tls.crt: " + crt + "}",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  name: " + n,
        "  namespace: " + n,
        "  annotations: {service.beta.openshift.io/serving-cert-secret-name: " + n + "}",
        "spec: {selector: {app: hook}, ports: [{port: 443, targetPort: 8443}]}",
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: " + n + ", namespace: " + n + "}",
        "spec:",
        "  selector: {matchLabels: {app: hook}}",
        "  template:",
        "    metadata: {labels: {app: hook}}",
        "    spec:",
        "      containers: [{name: hook, image: hook:1}]",
        "      volumes: [{name: certs, secret: {secretName: " + tls + "}}]",
        "---",
        "apiVersion: admissionregistration.k8s.io/v1",
        "kind: ValidatingWebhookConfiguration",
        "metadata:",
        "  name: " + n,
        "  annotations: {cert-manager.io/inject-ca-from: "
            + JSON.writeValueAsString(name + "/" + name)
            + "}",
        "webhooks:",
        "- name: " + n,
        "  failurePolicy: Fail",
        "  clientConfig:",
        "    service: {name: " + n + ", namespace: " + n + ", path: /validate}",
        "    caBundle: " + otherCa,
        "---",
        "apiVersion: admissionregistration.k8s.io/v1",
        "kind: MutatingWebhookConfiguration",
        "metadata: {name: " + n + "}",
        "webhooks:",
        "- name: " + n,
        "  failurePolicy: Fail",
        "  clientConfig:",
        "    service: {name: " + missing + ", namespace: " + n + "}",
        "    caBundle: " + caCrt,
        "---",
        "apiVersion: apiregistration.k8s.io/v1",
        "kind: APIService",
        "metadata: {name: " + JSON.writeValueAsString("v1." + name) + "}",
        "spec:",
        "  group: " + n,
        "  version: v1",
        "  service: {name: " + missing + ", namespace: " + n + "}",
        "  caBundle: " + caCrt,
        "");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
