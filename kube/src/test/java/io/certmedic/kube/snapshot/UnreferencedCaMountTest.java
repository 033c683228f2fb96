package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ENV_TRUST_OVERRIDE's second half: a CA bundle mounted that nothing tells the process to use. */
class UnreferencedCaMountTest {

  private static final String CA =
      PemWriter.certificate(TestPki.ca("corp-ca").build().cert()).replace("\n", "\n    ");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "warns when a mounted CA bundle is named by no argument or variable",
            "args: [\"--endpoint=https://corp.example\"]",
            "",
            true),
        Arguments.of(
            "says nothing when SSL_CERT_FILE names the mounted file",
            "env: [{name: SSL_CERT_FILE, value: /etc/corp-ca/ca.crt}]",
            "",
            false),
        Arguments.of(
            "says nothing when an argument names the mount",
            "args: [\"--ca-file=/etc/corp-ca/ca.crt\"]",
            "",
            false),
        Arguments.of(
            "says nothing when the bundle is mounted into the system store",
            "args: []",
            "/etc/ssl/certs/corp",
            false),
        Arguments.of(
            "says nothing when a mounted config file may name it", "args: []", "config", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesAMountedCaBundle(
      String sentence, String containerExtra, String variant, boolean expected) throws Exception {
    String mountPath = variant.startsWith("/") ? variant : "/etc/corp-ca";
    String configVolume =
        variant.equals("config") ? ", {name: conf, configMap: {name: app-config}}" : "";
    String configMount = variant.equals("config") ? ", {name: conf, mountPath: /etc/app}" : "";
    String yaml =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: corp-ca, namespace: app, uid: u1}\ndata:\n  ca.crt: |\n    "
            + CA
            + "\n"
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: app, uid: u2}\nspec:\n  template:\n    metadata: {labels: {app: client}}\n"
            + "    spec:\n      containers:\n      - name: client\n        "
            + containerExtra
            + "\n        volumeMounts: [{name: ca, mountPath: "
            + mountPath
            + "}"
            + configMount
            + "]\n"
            + "      volumes: [{name: ca, configMap: {name: corp-ca}}"
            + configVolume
            + "]\n";
    var b = io.certmedic.core.snapshot.Snapshot.builder();
    io.certmedic.kube.manifest.ManifestReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "in.yaml",
        new SnapshotReader(b));
    List<Finding> found =
        Doctor.run(b.build(), DoctorOptions.at(TestPki.NOW)).findings().stream()
            .filter(f -> f.code() == FindingCode.ENV_TRUST_OVERRIDE)
            .toList();
    if (expected) {
      assertThat(found)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.message())
                    .contains(
                        "mounts the CA bundle ConfigMap corp-ca at /etc/corp-ca",
                        "trusts only its built-in store");
                assertThat(f.fix()).contains("SSL_CERT_FILE=/etc/corp-ca/ca.crt");
              });
    } else {
      assertThat(found).isEmpty();
    }
  }
}
