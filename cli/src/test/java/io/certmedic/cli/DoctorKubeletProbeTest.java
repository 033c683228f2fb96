package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import io.certmedic.core.testing.TestTlsServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code doctor --probe} dials each Node's kubelet port (real TLS on 127.0.0.1) and judges the
 * names it serves, from a dump and live (fabric8's CRUD mock API server).
 */
@EnableKubernetesMockClient(crud = true)
class DoctorKubeletProbeTest {

  private static final String AT = "--at=" + TestPki.NOW;
  private static final Cert CA = TestPki.ca("kubernetes").build();
  // what a kubelet serves without serverTLSBootstrap: its own, for its host name only
  private static final Cert SELF_SIGNED = TestPki.leaf("worker-1").build();
  private static final Cert WITH_IP = TestPki.leaf("worker-1", "127.0.0.1").signedBy(CA).build();

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  private Path nodeDump(int port) throws Exception {
    return Files.writeString(
        dir.resolve("nodes.yaml"),
        """
        apiVersion: v1
        kind: Node
        metadata: {name: worker-1, uid: 6f0c}
        status:
          addresses:
          - {type: Hostname, address: worker-1}
          - {type: InternalIP, address: 127.0.0.1}
          daemonEndpoints:
            kubeletEndpoint: {Port: %d}
        """
            .formatted(port));
  }

  private static List<JsonNode> findings(CliRun r, String code) {
    List<JsonNode> out = new ArrayList<>();
    Json.MAPPER
        .readTree(r.out())
        .path("findings")
        .forEach(
            f -> {
              if (f.path("code").asString().equals(code)) {
                out.add(f);
              }
            });
    return out;
  }

  private static void assertNoIpSans(CliRun r) {
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(findings(r, "SAN_MISMATCH"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("severity").asString()).isEqualTo("error");
              assertThat(f.path("object").path("kind").asString()).isEqualTo("Node");
              assertThat(f.path("object").path("name").asString()).isEqualTo("worker-1");
              assertThat(f.path("message").asString())
                  .contains(
                      "\"x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs\"")
                  .contains("kubectl logs, exec and port-forward");
              assertThat(f.path("fix").asString()).contains("serverTLSBootstrap");
            });
  }

  @Test
  void withProbeAKubeletFromADumpServingNoIpSansIsASanMismatchOnItsNode() throws Exception {
    try (TestTlsServer kubelet = TestTlsServer.serving(SELF_SIGNED.key(), SELF_SIGNED.cert())) {
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              nodeDump(kubelet.port()).toString(),
              "--probe",
              "--probe-timeout",
              "2s",
              AT,
              "-o",
              "json");
      assertNoIpSans(r);
    }
  }

  @Test
  void withProbeAKubeletServingItsInternalIpRaisesNothing() throws Exception {
    try (TestTlsServer kubelet = TestTlsServer.serving(WITH_IP.key(), WITH_IP.cert())) {
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              nodeDump(kubelet.port()).toString(),
              "--probe",
              "--probe-timeout",
              "2s",
              AT,
              "-o",
              "json");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
      assertThat(Json.MAPPER.readTree(r.out()).path("findings").size()).isZero();
    }
  }

  @Test
  void withoutProbeANodeIsReadButNotDialled() throws Exception {
    try (TestTlsServer kubelet = TestTlsServer.serving(SELF_SIGNED.key(), SELF_SIGNED.cert())) {
      CliRun r = CliRun.of("doctor", "-f", nodeDump(kubelet.port()).toString(), AT, "-o", "json");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
      assertThat(findings(r, "SAN_MISMATCH")).isEmpty();
    }
  }

  @Test
  void withProbeAKubeletThatDoesNotAnswerIsOneInfoFinding() throws Exception {
    try (TestTlsServer kubelet = TestTlsServer.silent()) {
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              nodeDump(kubelet.port()).toString(),
              "--probe",
              "--probe-timeout",
              "1s",
              AT,
              "-o",
              "json");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
      assertThat(findings(r, "PROBE_FAILED"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("severity").asString()).isEqualTo("info");
                assertThat(f.path("message").asString())
                    .startsWith(
                        "certmedic could not get a certificate from the kubelet of node worker-1: ");
              });
    }
  }

  @Test
  void withProbeALiveNodesKubeletServingNoIpSansIsASanMismatchOnItsNode() throws Exception {
    try (TestTlsServer kubelet = TestTlsServer.serving(SELF_SIGNED.key(), SELF_SIGNED.cert())) {
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName("worker-1")
              .endMetadata()
              .withNewStatus()
              .addNewAddress("worker-1", "Hostname")
              .addNewAddress("127.0.0.1", "InternalIP")
              .withNewDaemonEndpoints()
              .withNewKubeletEndpoint(kubelet.port())
              .endDaemonEndpoints()
              .endStatus()
              .build();
      client.nodes().resource(node).create();
      Path kc = LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl());

      CliRun r =
          CliRun.of(
              "doctor",
              "--kubeconfig",
              kc.toString(),
              "--probe",
              "--probe-timeout",
              "2s",
              AT,
              "-o",
              "json");
      assertNoIpSans(r);

      // and snapshot keeps the Node, so that a dump probes the same kubelet later
      CliRun snap = CliRun.of("snapshot", "--kubeconfig", kc.toString());
      assertThat(snap.exit()).as(snap.err()).isEqualTo(ExitCode.OK);
      Path dump = Files.writeString(dir.resolve("snapshot.json"), snap.out());
      assertNoIpSans(
          CliRun.of(
              "doctor",
              "-f",
              dump.toString(),
              "--probe",
              "--probe-timeout",
              "2s",
              AT,
              "-o",
              "json"));
    }
  }
}
