package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.fix.FixOptions;
import io.certmedic.core.fix.Phase;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Planner;
import io.certmedic.core.fix.Step;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.fix.ObjectIndex;
import io.certmedic.kube.snapshot.DumpReader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner on each incident's dump: which steps, in which order, and what is left to people. */
class PlannerIncidentsTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;

  private Plan plan(String dump, FixOptions options, Instant at) throws Exception {
    Path f = Files.writeString(dir.resolve("dump.yaml"), dump);
    ObjectIndex index = new ObjectIndex();
    Snapshot s =
        DumpReader.read(List.of(f.toString()), new ByteArrayInputStream(new byte[0]), index::tee);
    return Planner.plan(
        s,
        Doctor.run(s, DoctorOptions.at(at)),
        options.withCaKeys(index.caKeys()),
        at,
        new SecureRandom());
  }

  private static List<String> shape(Plan p) {
    return p.steps().stream()
        .map(s -> s.getClass().getSimpleName() + " " + s.target().describe())
        .toList();
  }

  @Test
  void aHealthyClusterNeedsNothing() throws Exception {
    assertThat(plan(new Incidents().healthy(), FixOptions.defaults(), NOW).isEmpty()).isTrue();
  }

  @Test
  void kubesphereWidensBothCaBundlesThenReissuesThenRestartsTheStatefulSet() throws Exception {
    Plan p = plan(new Incidents().kubesphere(), FixOptions.defaults(), NOW);
    assertThat(shape(p))
        .containsExactly(
            "SetCaBundle ValidatingWebhookConfiguration validating-webhook-configuration",
            "SetCaBundle MutatingWebhookConfiguration mutating-webhook-configuration",
            "IssueServingCert Secret kubesphere-devops-system/s2i-webhook-server-cert",
            "RolloutRestart StatefulSet kubesphere-devops-system/s2ioperator");
    Step.IssueServingCert issue = (Step.IssueServingCert) p.steps().get(2);
    assertThat(issue.reasons()).containsExactly("CERT_EXPIRED");
    assertThat(issue.ca()).startsWith("a new CA");
    assertThat(issue.certificate().facts().dnsNames())
        .contains(
            "webhook-server-service.kubesphere-devops-system.svc",
            "webhook-server-service.kubesphere-devops-system.svc.cluster.local",
            "webhook-server-service");
    Step.SetCaBundle widen = (Step.SetCaBundle) p.steps().get(0);
    assertThat(widen.bundle()).hasSize(2).contains(issue.caCertificate());
    assertThat(widen.annotations()).containsKey(Planner.RETIRE_ANNOTATION);
    assertThat(p.notes())
        .anyMatch(n -> n.contains("public-key stand-in") || n.contains("no key of a CA"));
  }

  @Test
  void sparkReissuesIntoTheKeysTheOperatorUses() throws Exception {
    Plan p = plan(new Incidents().spark(), FixOptions.defaults(), NOW);
    assertThat(shape(p))
        .containsExactly(
            "SetCaBundle MutatingWebhookConfiguration spark-operator-webhook",
            "SetCaBundle ValidatingWebhookConfiguration spark-operator-webhook",
            "IssueServingCert Secret default/spark-operator-webhook-certs",
            "RolloutRestart Deployment default/spark-operator-webhook");
    Step.IssueServingCert issue = (Step.IssueServingCert) p.steps().get(2);
    assertThat(List.of(issue.certKey(), issue.keyKey(), issue.caKey()))
        .containsExactly("server-cert.pem", "server-key.pem", "ca-cert.pem");
    assertThat(issue.certificate().facts().dnsNames())
        .contains("spark-operator-webhook-svc.default.svc", "spark-operator-webhook.default.svc");
    assertThat(issue.reasons()).containsExactly("SAN_MISMATCH");
  }

  @Test
  void externalSecretsLeavesTheServiceCaInjectedBundlesToPeopleAndDeletesOnlyWhenAllowed()
      throws Exception {
    Plan kept = plan(new Incidents().externalSecrets(), FixOptions.defaults(), NOW);
    assertThat(kept.automatic()).isEmpty();
    assertThat(kept.manual()).hasSize(6);
    assertThat(kept.manual())
        .filteredOn(m -> m.owner().equals("OpenShift service-ca operator"))
        .hasSize(2)
        .allSatisfy(
            m ->
                assertThat(m.commands())
                    .anyMatch(
                        c -> c.contains("service.beta.openshift.io/serving-cert-secret-name")));
    assertThat(kept.manual())
        .filteredOn(m -> m.target().kind().equals("APIService"))
        .hasSize(4)
        .allSatisfy(m -> assertThat(m.what()).contains("--allow-delete"));

    Plan deleting =
        plan(new Incidents().externalSecrets(), FixOptions.defaults().withAllowDelete(true), NOW);
    assertThat(deleting.automatic()).hasSize(4).allMatch(s -> s instanceof Step.DeleteApiService);
    assertThat(deleting.manual()).hasSize(2);
  }

  @Test
  void okdPatchesTheMultusCopyAndSaysWhatToWriteIntoTheNodeKubeconfig() throws Exception {
    Plan p = plan(new Incidents().okd(), FixOptions.defaults(), NOW);
    assertThat(shape(p))
        .containsExactly(
            "PatchBundleCopy ConfigMap openshift-multus/kube-root-ca.crt",
            "ManualAction Kubeconfig " + p.steps().get(1).target().name());
    Step.PatchBundleCopy copy = (Step.PatchBundleCopy) p.steps().get(0);
    assertThat(copy.key()).isEqualTo("ca.crt");
    assertThat(copy.bundle()).hasSize(2);
    Step.ManualAction node = p.manual().get(0);
    assertThat(node.commands())
        .anyMatch(c -> c.contains("kubectl config set clusters.local.certificate-authority-data"))
        .anyMatch(c -> c.contains("systemctl restart kubelet"));
    assertThat(node.files()).hasSize(1);
    String bundle =
        new String(
            java.util.Base64.getDecoder().decode(node.files().values().iterator().next()),
            java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(bundle.split("BEGIN CERTIFICATE", -1)).hasSize(3);
  }

  @Test
  void externalDnsIsNotSomethingFixWritesAndSaysSo() throws Exception {
    Plan p = plan(new Incidents().externalDns(), FixOptions.defaults(), NOW);
    assertThat(p.automatic()).isEmpty();
    assertThat(p.manual())
        .singleElement()
        .satisfies(m -> assertThat(m.what()).startsWith("ENV_TRUST_OVERRIDE"));
  }

  @Test
  void aSecretCertManagerKeepsIsNotRewrittenThePlanSaysWhatToDo() throws Exception {
    // the healthy cluster a century later: its certificate expired, cert-manager keeps it
    Instant later = Instant.parse("2125-01-01T00:00:00Z");
    Plan p = plan(new Incidents().healthy(), FixOptions.defaults(), later);
    assertThat(p.automatic()).isEmpty();
    assertThat(p.manual())
        .anySatisfy(
            m -> {
              assertThat(m.owner()).isEqualTo("cert-manager");
              assertThat(m.target().describe()).isEqualTo("Secret gatekeeping/policy-gate-tls");
              assertThat(m.what())
                  .contains(
                      "Certificate gatekeeping/policy-gate",
                      "delete it so cert-manager reissues it");
              assertThat(m.commands())
                  .contains("kubectl -n gatekeeping delete secret policy-gate-tls");
            });
  }

  @Test
  void stepsAreAlwaysInPhaseOrderWithManualActionsLast() throws Exception {
    for (String dump : new Incidents().all().values()) {
      Plan p = plan(dump, FixOptions.defaults().withAllowDelete(true), NOW);
      assertThat(p.steps()).isSortedAccordingTo(Comparator.comparing(Step::phase));
      assertThat(p.automatic()).noneMatch(s -> s.phase() == Phase.MANUAL);
    }
  }

  @Test
  void anIssuedKeyNeverShowsInToString() throws Exception {
    Plan p = plan(new Incidents().kubesphere(), FixOptions.defaults(), NOW);
    assertThat(p.toString()).doesNotContain("PRIVATE").contains("key redacted");
  }
}
