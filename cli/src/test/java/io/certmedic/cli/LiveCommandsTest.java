package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code doctor} without -f and {@code snapshot}, through {@code Main.run}, against fabric8's CRUD
 * mock API server reached through a kubeconfig file, as a user would.
 */
@EnableKubernetesMockClient(crud = true)
class LiveCommandsTest {

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  static Path kubeconfig(Path dir, String url) throws Exception {
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: tester, user: {token: not-a-secret}}]
        contexts: [{name: mock, context: {cluster: mock, user: tester}}]
        current-context: mock
        """
            .formatted(url));
  }

  private Path kubeconfig() throws Exception {
    return kubeconfig(dir, client.getConfiguration().getMasterUrl());
  }

  private final List<String> privateKeyBodies = new ArrayList<>();

  /** Creates every API object of a YAML stream (a kubeconfig document is not one: skipped). */
  private void apply(String yaml) {
    for (String doc : yaml.split("(?m)^---$")) {
      if (doc.isBlank() || doc.contains("kind: \"Config\"") || doc.contains("kind: Config\n")) {
        continue;
      }
      for (HasMetadata o :
          client.load(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).items()) {
        if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource g) {
          client
              .genericKubernetesResources(
                  new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
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

  /** The incidents with real private keys, plus the things a snapshot must not leak. */
  private void seed() throws Exception {
    Incidents incidents = new Incidents(true);
    // the five incidents; example 6 (the CA rotation) is told at its own instant, holds a node's
    // kubelet.conf and managedFields a snapshot keeps by design: CaRotationStoryTest covers it
    incidents
        .all()
        .forEach(
            (name, yaml) -> {
              if (!name.startsWith("6-")) {
                apply(yaml);
              }
            });
    var ec = io.certmedic.core.issue.KeyType.ECDSA_P256.generate(new java.security.SecureRandom());
    String pem = io.certmedic.core.pem.PemWriter.privateKey(ec.getPrivate());
    privateKeyBodies.add(pem.split("\n")[1]);
    String enc =
        TestPki.keyBlock(
            "ENCRYPTED",
            "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIc2VjcmV0c2VjcmV0"); // an encrypted-key
    // header only, no
    // key
    privateKeyBodies.add("MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIc2VjcmV0c2VjcmV0");
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: app-config
          namespace: default
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"data":{"db-password":"TEFTVC1BUFBMSUVELVNFQ1JFVA=="}}'
        type: Opaque
        data: {signing: %s, vault.key: %s}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sh.helm.release.v1.web.v1, namespace: default}
        type: helm.sh/release.v1
        data: {release: SDRzSUFBQUFBQUFBLzZ4VVRXL2FRQkM5OUhFTElNLUhFTE0tVkFMVUVT}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: notes, namespace: default}
        data: {readme.txt: "%s"}
        """
            .formatted(b64(pem), b64(enc), pem.replace("\n", "\\n")));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void theSnapshotHoldsNoPrivateKeyAndTheOfflineDoctorSaysWhatTheLiveOneSays() throws Exception {
    // Given a cluster with the incidents, real private keys, a Helm release and last-applied data
    seed();
    Path kc = kubeconfig();

    // When the doctor reads it live, and a snapshot of it is read offline
    CliRun live =
        CliRun.of(
            "doctor", "--kubeconfig", kc.toString(), "-o", "json", "--at", "2026-06-01T00:00:00Z");
    CliRun snap = CliRun.of("snapshot", "--kubeconfig", kc.toString());
    assertThat(snap.exit()).as(snap.err()).isZero();
    Path file = Files.writeString(dir.resolve("snapshot.yaml"), snap.out());
    CliRun offline =
        CliRun.of("doctor", "-f", file.toString(), "-o", "json", "--at", "2026-06-01T00:00:00Z");

    // Then both find the same, which is the incidents' findings
    TreeSet<String> liveFindings = IncidentsTest.lines(live.out());
    assertThat(liveFindings)
        .contains(
            "critical SAN_MISMATCH ValidatingWebhookConfiguration spark-operator-webhook",
            "critical CERT_EXPIRED ValidatingWebhookConfiguration validating-webhook-configuration",
            "critical CABUNDLE_UNTRUSTED ValidatingWebhookConfiguration externalsecret-validate",
            "error ENV_TRUST_OVERRIDE Deployment external-dns/external-dns");
    assertThat(IncidentsTest.lines(offline.out())).isEqualTo(liveFindings);
    assertThat(offline.exit()).isEqualTo(live.exit()).isEqualTo(1);
    assertThat(snap.err())
        .contains(
            "private keys replaced by their public keys",
            "1 Helm release Secret emptied",
            "1 last-applied-configuration annotation dropped");

    // And nothing secret is in it: every value decoded, no private key, no last-applied data
    String all = snap.out() + "\n" + decodedValues(file);
    assertThat(all)
        .doesNotContain(
            "PRIVATE KEY",
            "last-applied",
            "managedFields",
            "TEFTVC1BUFBMSUVELVNFQ1JFVA",
            "LAST-APPLIED-SECRET",
            "SDRzSUFBQUFBQUFBLzZ4VVRXL2FRQkM5OUhFTE");
    for (String body : privateKeyBodies) {
      assertThat(all).doesNotContain(body);
    }
    assertThat(snap.out())
        .contains("certmedic.io/redacted-keys", "certmedic.io/redacted-helm-release");
    assertThat(all).contains("-----BEGIN PUBLIC KEY-----");
  }

  /**
   * Every string of every object, base64-decoded where it decodes (twice, for kubeconfigs in
   * Secrets).
   */
  private static String decodedValues(Path file) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (var in = Files.newInputStream(file)) {
      io.certmedic.kube.manifest.ManifestReader.read(
          in,
          file.toString(),
          new io.certmedic.kube.manifest.ManifestSink() {
            @Override
            public void document(io.certmedic.kube.manifest.Document d) {
              collect(d.node(), sb);
            }

            @Override
            public void unreadable(String where, String problem) {
              throw new AssertionError(where + " " + problem);
            }
          });
    }
    return sb.toString();
  }

  private static void collect(JsonNode n, StringBuilder sb) {
    if (n.isString()) {
      String s = n.asString();
      sb.append(s).append('\n');
      for (int depth = 0; depth < 2; depth++) {
        try {
          s = new String(Base64.getMimeDecoder().decode(s.strip()), StandardCharsets.ISO_8859_1);
          sb.append(s).append('\n');
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    n.forEach(c -> collect(c, sb));
  }

  @Test
  void aJsonSnapshotIsAListTheDoctorReads() throws Exception {
    seed();
    CliRun snap = CliRun.of("snapshot", "--kubeconfig", kubeconfig().toString(), "-o", "json");
    JsonNode list = Json.MAPPER.readTree(snap.out());
    assertThat(list.path("kind").asString()).isEqualTo("List");
    assertThat(list.path("items").size()).isGreaterThan(20);
    assertThat(list.path("items").get(0).path("kind").asString()).isEqualTo("Secret");
    Path file = Files.writeString(dir.resolve("snapshot.json"), snap.out());
    assertThat(CliRun.of("doctor", "-f", file.toString(), "-o", "json").exit()).isEqualTo(1);
  }

  @Test
  void aMissingContextIsOneLineAndExitTwo() throws Exception {
    CliRun r = CliRun.of("doctor", "--kubeconfig", kubeconfig().toString(), "--context", "prod");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("certmedic: context \"prod\" does not exist in the kubeconfig")
        .hasLineCount(1);
  }

  @Test
  void aRefusedConnectionIsOneLineAndExitTwo() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path kc = kubeconfig(dir, "https://127.0.0.1:" + port);
    CliRun r = CliRun.of("doctor", "--kubeconfig", kc.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "certmedic: cannot list Secrets from the API server at https://127.0.0.1:"
                + port
                + ": connection refused; check 'kubectl cluster-info'\n");
  }

  @Test
  void snapshotHelpHasExamples() {
    CliRun r = CliRun.of("snapshot", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "certmedic snapshot > snapshot.yaml && certmedic doctor -f snapshot.yaml",
            "--kubeconfig",
            "--context",
            "-A");
  }
}
