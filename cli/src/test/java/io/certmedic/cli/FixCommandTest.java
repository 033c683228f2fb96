package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Severity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certmedic fix} end to end: dry run, -o yaml, --out, --apply against the mock server. */
@EnableKubernetesMockClient(crud = true)
class FixCommandTest {

  KubernetesClient client;

  @TempDir Path dir;

  /** A run of base64 this long would be a certificate or key wall. */
  static final Pattern BASE64_WALL = Pattern.compile("[A-Za-z0-9+/=]{120,}");

  private Path dump(String yaml) throws Exception {
    return Files.writeString(dir.resolve("dump.yaml"), yaml);
  }

  @Test
  void theDryRunShowsStepsAndDiffsWithoutAKeyOrABase64Wall() throws Exception {
    CliRun r = CliRun.of("fix", "-f", dump(new Incidents().kubesphere()).toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out())
        .contains(
            "1. trust",
            "3. cert",
            "4. restart",
            "tls.key: <new EC P-256 key>",
            "+  tls.key: <new EC P-256 key>",
            "--- Secret kubesphere-devops-system/s2i-webhook-server-cert (now)",
            "dry run: nothing was changed")
        .doesNotContain("PRIVATE KEY");
    assertThat(BASE64_WALL.matcher(r.out()).find()).as("no base64 wall in:\n%s", r.out()).isFalse();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aHealthyDumpNeedsNothingAndExitsZero() throws Exception {
    CliRun r = CliRun.of("fix", "-f", dump(new Incidents().healthy()).toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Nothing to fix");
  }

  @Test
  void outWritesManifestsWithTheSecretAt0600AndTheNodeFile() throws Exception {
    Path out = dir.resolve("fixed");
    CliRun r =
        CliRun.of(
            "fix", "-f", dump(new Incidents().kubesphere()).toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out()).doesNotContain("PRIVATE KEY");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(
              "01-validatingwebhookconfiguration-validating-webhook-configuration.yaml",
              "02-mutatingwebhookconfiguration-mutating-webhook-configuration.yaml",
              "03-secret-kubesphere-devops-system-s2i-webhook-server-cert.yaml",
              "04-statefulset-kubesphere-devops-system-s2ioperator.yaml",
              "plan.txt");
    }
    Path secret = out.resolve("03-secret-kubesphere-devops-system-s2i-webhook-server-cert.yaml");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    HasMetadata s = client.getKubernetesSerialization().unmarshal(Files.readString(secret));
    String key =
        new String(
            Base64.getDecoder()
                .decode(((io.fabric8.kubernetes.api.model.Secret) s).getData().get("tls.key")),
            StandardCharsets.US_ASCII);
    assertThat(key).contains("PRIVATE KEY");
    assertThat(Files.readString(out.resolve("plan.txt"))).doesNotContain("PRIVATE KEY");

    Path okdOut = dir.resolve("okd");
    CliRun okd =
        CliRun.of("fix", "-f", dump(new Incidents().okd()).toString(), "--out", okdOut.toString());
    assertThat(okd.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(okdOut.resolve("kubeconfig-1-local-certificate-authority-data.b64")).exists();
  }

  @Test
  void yamlOutputParsesAndAppliesToTheCluster() throws Exception {
    // Given the KubeSphere incident in a cluster
    MockCluster.seed(client, new Incidents().kubesphere());
    Path kubeconfig = MockCluster.kubeconfig(client, dir);

    // When fix prints the changed manifests
    CliRun r = CliRun.of("fix", "--kubeconfig", kubeconfig.toString(), "-o", "yaml");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out())
        .doesNotContain("PRIVATE KEY")
        .contains(
            "# Secret kubesphere-devops-system/s2i-webhook-server-cert holds a new private key");

    // Then they parse, and apply
    List<HasMetadata> items =
        client.load(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8))).items();
    assertThat(items)
        .extracting(HasMetadata::getKind)
        .containsExactly(
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "StatefulSet");
    for (HasMetadata o : items) {
      client.resource(o).createOr(NonDeletingOperation::update);
    }
    var vwc =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("validating-webhook-configuration")
            .get();
    String bundle =
        new String(
            Base64.getDecoder().decode(vwc.getWebhooks().get(0).getClientConfig().getCaBundle()),
            StandardCharsets.US_ASCII);
    assertThat(bundle.split("BEGIN CERTIFICATE", -1)).hasSize(3);
  }

  @Test
  void applyRepairsTheClusterAndTheDoctorAgrees() throws Exception {
    MockCluster.seed(client, new Incidents().spark());
    Path kubeconfig = MockCluster.kubeconfig(client, dir);
    CliRun r = CliRun.of("fix", "--kubeconfig", kubeconfig.toString(), "--apply");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("done 1.", "done 4.").doesNotContain("PRIVATE KEY");
    assertThat(Doctor.run(MockCluster.read(client), DoctorOptions.at(Instant.now())).findings())
        .noneMatch(f -> f.severity().atLeast(Severity.WARNING));

    CliRun again = CliRun.of("fix", "--kubeconfig", kubeconfig.toString());
    assertThat(again.out())
        .as("only the old CA's retirement is left")
        .contains("retire")
        .doesNotContain("reissue");
  }

  @Test
  void applyAndADumpExcludeEachOther() throws Exception {
    CliRun r = CliRun.of("fix", "-f", dump(new Incidents().spark()).toString(), "--apply");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--apply writes to a cluster, and -f reads a dump");
  }

  @Test
  void helpShowsExamples() {
    CliRun r = CliRun.of("fix", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("certmedic fix --apply --allow-delete", "-o yaml", "--out", "Exit codes");
  }

  @Test
  void tableIsTheConventionsNameForThePlan() throws Exception {
    String dump = dump(new Incidents().kubesphere()).toString();
    CliRun plan = CliRun.of("fix", "-f", dump, "-o", "plan");
    CliRun table = CliRun.of("fix", "-f", dump, "-o", "table");
    assertThat(table.exit()).isEqualTo(plan.exit());
    assertThat(table.out().lines().filter(l -> l.contains("certmedic issue")).count())
        .isEqualTo(plan.out().lines().filter(l -> l.contains("certmedic issue")).count());
    assertThat(table.out().lines().count()).isEqualTo(plan.out().lines().count()).isPositive();
    assertThat(CliRun.of("fix", "-f", dump, "-o", "json").err())
        .isEqualTo("certmedic: --output: unknown format 'json', expected plan or yaml\n");
  }
}
