package io.certmedic.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import io.certmedic.core.testing.TestTlsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code doctor --kubeconfig-file} and {@code --probe} against kubeconfig servers (real TLS on
 * 127.0.0.1).
 */
class DoctorProbeTest {

  private static final String AT = "--at=" + TestPki.NOW;
  // the OKD incident: a rotated CA with the same name; the old one is all the node's kubeconfig
  // trusts
  private static final Cert OLD_CA =
      TestPki.ca("kube-apiserver-lb-signer")
          .validity(
              TestPki.NOW.minus(Duration.ofDays(1400)), TestPki.NOW.plus(Duration.ofDays(2000)))
          .build();
  private static final Cert NEW_CA = TestPki.ca("kube-apiserver-lb-signer").build();
  private static final Cert SERVED = TestPki.leaf("127.0.0.1").signedBy(NEW_CA).build();

  @TempDir Path dir;

  private static String b64(Cert... cas) {
    List<java.security.cert.X509Certificate> certs = new ArrayList<>();
    for (Cert c : cas) {
      certs.add(c.cert());
    }
    return Base64.getEncoder().encodeToString(PemWriter.certificates(certs).getBytes(US_ASCII));
  }

  private Path kubeconfig(String name, String server, Cert... trusted) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "%s", certificate-authority-data: %s}
        contexts: [{name: kubelet, context: {cluster: local, user: kubelet}}]
        current-context: kubelet
        users: [{name: kubelet, user: {client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem}}]
        """
            .formatted(server, b64(trusted)));
  }

  /** A dump holding the cluster's current CA bundle (old and new CA), as OpenShift keeps it. */
  private Path okdDump() throws Exception {
    String both = new String(Base64.getDecoder().decode(b64(OLD_CA, NEW_CA)), US_ASCII).indent(4);
    return Files.writeString(
        dir.resolve("dump.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: loadbalancer-serving-ca, namespace: openshift-kube-apiserver-operator}
        data:
          ca-bundle.crt: |
        %s"""
            .formatted(both));
  }

  private static JsonNode json(CliRun r) {
    return Json.MAPPER.readTree(r.out());
  }

  private static List<JsonNode> findings(CliRun r, String code) {
    List<JsonNode> out = new ArrayList<>();
    json(r)
        .path("findings")
        .forEach(
            f -> {
              if (f.path("code").asString().equals(code)) {
                out.add(f);
              }
            });
    return out;
  }

  @Test
  void aNodeKubeconfigLackingTheRotatedCaIsStaleAgainstADump() throws Exception {
    // Given the cluster's current bundle in a dump, and a node kubeconfig with only the old CA
    Path kc = kubeconfig("node.kubeconfig", "https://api-int.okd.example.com:6443", OLD_CA);

    // When the doctor reads both
    CliRun r =
        CliRun.of(
            "doctor",
            "-f",
            okdDump().toString(),
            "--kubeconfig-file",
            kc.toString(),
            AT,
            "-o",
            "json");

    // Then the kubeconfig file itself is named as stale
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(findings(r, "TRUST_BUNDLE_STALE"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("severity").asString()).isEqualTo("critical");
              assertThat(f.path("object").path("name").asString()).isEqualTo(kc.toString());
              assertThat(f.path("message").asString())
                  .startsWith(
                      "kubeconfig "
                          + kc
                          + " cluster local (https://api-int.okd.example.com:6443) trusts 1 CA(s) but lacks CA CN=kube-apiserver-lb-signer");
            });
  }

  @Test
  void withProbeAServerPresentingAChainTheKubeconfigDoesNotTrustIsStale() throws Exception {
    // Given an API server already serving a certificate from the new CA, and a kubeconfig that
    // trusts only the old one
    try (TestTlsServer api = TestTlsServer.serving(SERVED.key(), SERVED.cert())) {
      String server = "https://127.0.0.1:" + api.port();
      Path kc = kubeconfig("node.kubeconfig", server, OLD_CA);
      Path empty =
          Files.writeString(
              dir.resolve("empty.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");

      // When the doctor probes the kubeconfig's server
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              empty.toString(),
              "--kubeconfig-file",
              kc.toString(),
              "--probe",
              "--probe-timeout",
              "2s",
              AT,
              "-o",
              "json");

      // Then it says what the server presents and that this kubeconfig does not trust it
      assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
      assertThat(findings(r, "TRUST_BUNDLE_STALE"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("severity").asString()).isEqualTo("critical");
                assertThat(f.path("message").asString())
                    .startsWith(
                        "kubeconfig "
                            + kc
                            + " cluster local: the API server at "
                            + server
                            + " presents a certificate signed by CA CN=kube-apiserver-lb-signer, which this kubeconfig does not trust: \"x509: certificate signed by unknown authority");
              });
    }
  }

  @Test
  void withProbeAKubeconfigThatTrustsWhatItsServerPresentsIsQuiet() throws Exception {
    try (TestTlsServer api = TestTlsServer.serving(SERVED.key(), SERVED.cert())) {
      Path kc = kubeconfig("ok.kubeconfig", "https://127.0.0.1:" + api.port(), OLD_CA, NEW_CA);
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              okdDump().toString(),
              "--kubeconfig-file",
              kc.toString(),
              "--probe",
              AT,
              "-o",
              "json");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
      assertThat(json(r).path("findings").size()).isZero();
    }
  }

  @Test
  void withProbeAServerThatNeverAnswersIsAWarningAndTheRunCompletes() throws Exception {
    try (TestTlsServer api = TestTlsServer.silent()) {
      Path kc = kubeconfig("silent.kubeconfig", "https://127.0.0.1:" + api.port(), NEW_CA);
      CliRun r =
          CliRun.of(
              "doctor",
              "-f",
              okdDump().toString(),
              "--kubeconfig-file",
              kc.toString(),
              "--probe",
              "--probe-timeout",
              "1s",
              AT,
              "-o",
              "json");
      assertThat(findings(r, "PROBE_FAILED"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("severity").asString()).isEqualTo("warning");
                assertThat(f.path("message").asString())
                    .contains(
                        "timed out after 1s in the TLS handshake with 127.0.0.1:" + api.port());
              });
    }
  }

  @Test
  void anUnreadableKubeconfigFileIsAUsageErrorNamingIt() throws Exception {
    Path dump = okdDump();
    CliRun missing =
        CliRun.of(
            "doctor",
            "-f",
            dump.toString(),
            "--kubeconfig-file",
            dir.resolve("nope.kubeconfig").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err())
        .contains(
            "--kubeconfig-file " + dir.resolve("nope.kubeconfig") + ": no such file or directory");

    CliRun notOne =
        CliRun.of("doctor", "-f", dump.toString(), "--kubeconfig-file", dump.toString());
    assertThat(notOne.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(notOne.err())
        .contains(
            "--kubeconfig-file " + dump + ": is not a kubeconfig (no document of kind Config)");

    Path broken =
        Files.writeString(
            dir.resolve("broken.kubeconfig"), "apiVersion: v1\nkind: Config\nclusters: [oops\n");
    CliRun bad = CliRun.of("doctor", "-f", dump.toString(), "--kubeconfig-file", broken.toString());
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err())
        .contains("--kubeconfig-file " + broken + ": cannot read it: is not valid YAML");
  }

  @Test
  void aProbeTimeoutThatIsNotADurationIsAUsageError() throws Exception {
    CliRun r =
        CliRun.of("doctor", "-f", okdDump().toString(), "--probe", "--probe-timeout", "soon");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--probe-timeout: 'soon' is not a duration");
  }

  @Test
  void helpExplainsProbingAndKubeconfigFiles() {
    CliRun r = CliRun.of("doctor", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--probe", "--probe-timeout=DURATION", "--kubeconfig-file=FILE")
        .contains("certmedic doctor --probe --probe-timeout 3s")
        .contains("certmedic doctor --kubeconfig-file /etc/kubernetes/kubeconfig --probe")
        .contains("with -f it probes only the servers of kubeconfigs");
  }
}
