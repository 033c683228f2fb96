package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.fix.FixOptions;
import io.certmedic.core.fix.Phase;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Planner;
import io.certmedic.core.fix.Step;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.fix.ObjectIndex;
import io.certmedic.kube.fix.Patches;
import io.certmedic.kube.fix.PlanWriter;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loop closes: a mock API server seeded with an incident, {@code fix --apply}, then the doctor
 * finds nothing at error level or above except what the plan left to a person; and after every
 * applied step, every caller that worked before still works.
 */
@EnableKubernetesMockClient(crud = true)
class FixApplyTest {

  KubernetesClient client;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  record Case(String name, Function<Incidents, String> dump) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> repairable() {
    return List.of(
        new Case("KubeSphere: expired webhook certificate", Incidents::kubesphere),
        new Case("Spark Operator: Service renamed, certificate kept", Incidents::spark),
        new Case(
            "External-Secrets on OpenShift: untrusted certificate and orphaned APIServices (--allow-delete)",
            Incidents::externalSecrets),
        new Case("OKD: stale openshift-multus bundle copy", Incidents::okd),
        new Case("a healthy cluster", Incidents::healthy));
  }

  /**
   * Plans and applies, checking after each step that no caller that worked stopped working; returns
   * the plan.
   */
  private Plan fixAndCheckEveryStep(FixOptions options) throws Exception {
    ObjectIndex index = new ObjectIndex();
    Snapshot before = LiveReader.read(client, null, index::tee);
    Set<String> working = MockCluster.working(before, NOW);
    Report report = Doctor.run(before, DoctorOptions.at(NOW));
    Plan plan =
        Planner.plan(before, report, options.withCaKeys(index.caKeys()), NOW, new SecureRandom());
    List<String> checked = new ArrayList<>();
    PlanWriter.Result r =
        new PlanWriter(client, index, new Patches.Marks(NOW, "test"))
            .apply(
                plan,
                (n, step) -> {
                  try {
                    Set<String> now = MockCluster.working(MockCluster.read(client), NOW);
                    assertThat(now)
                        .as(
                            "after step %d (%s) every caller that worked still works",
                            n, step.summary())
                        .containsAll(working);
                    checked.add(step.summary());
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                });
    assertThat(r.problem()).isNull();
    assertThat(checked).hasSize(plan.automatic().size());
    return plan;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repairable")
  void afterApplyTheDoctorFindsNothingButWhatThePlanLeftToAPerson(Case c) throws Exception {
    // Given a cluster with the incident
    MockCluster.seed(client, c.dump().apply(new Incidents()));

    // When fix plans and applies (deletes allowed)
    Plan plan = fixAndCheckEveryStep(FixOptions.defaults().withAllowDelete(true));

    // Then what is left at error or above is named by a manual action
    Report after = Doctor.run(MockCluster.read(client), DoctorOptions.at(NOW));
    Set<ObjectRef> manual = new java.util.HashSet<>();
    plan.manual().forEach(m -> manual.add(m.target()));
    List<Finding> left =
        after.findings().stream().filter(f -> f.severity().atLeast(Severity.ERROR)).toList();
    assertThat(left)
        .as("left after fix: %s", left)
        .allSatisfy(f -> assertThat(manual).contains(f.object()));
  }

  @Test
  void kubesphereAndSparkAreRepairedCompletely() throws Exception {
    Incidents incidents = new Incidents();
    MockCluster.seed(client, incidents.kubesphere());
    MockCluster.seed(client, incidents.spark());
    Plan plan = fixAndCheckEveryStep(FixOptions.defaults());
    assertThat(plan.manual()).isEmpty();
    Report after = Doctor.run(MockCluster.read(client), DoctorOptions.at(NOW));
    assertThat(after.findings()).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
    assertThat(MockCluster.working(MockCluster.read(client), NOW)).hasSize(4);
    var sts =
        client
            .apps()
            .statefulSets()
            .inNamespace("kubesphere-devops-system")
            .withName("s2ioperator")
            .get();
    assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("certmedic.io/restartedAt", NOW.toString());
    var secret =
        client
            .secrets()
            .inNamespace("kubesphere-devops-system")
            .withName("s2i-webhook-server-cert")
            .get();
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry(Patches.FIXED_AT, NOW.toString())
        .containsKey(Patches.FIXED_BY)
        .doesNotContainKey("certmedic.io/redacted-keys");
    assertThat(secret.getMetadata().getManagedFields())
        .as("the mock keeps no managedFields; the field manager is sent")
        .isNullOrEmpty();
  }

  @Test
  void orphanedApiServicesAreDeletedOnlyWithAllowDelete() throws Exception {
    MockCluster.seed(client, new Incidents().externalSecrets());
    Plan kept = fixAndCheckEveryStep(FixOptions.defaults());
    assertThat(kept.automatic()).isEmpty();
    assertThat(client.resources(io.fabric8.kubernetes.api.model.APIService.class).list().getItems())
        .hasSize(4);
    Plan deleted = fixAndCheckEveryStep(FixOptions.defaults().withAllowDelete(true));
    assertThat(deleted.automatic()).hasSize(4).allMatch(s -> s instanceof Step.DeleteApiService);
    assertThat(client.resources(io.fabric8.kubernetes.api.model.APIService.class).list().getItems())
        .isEmpty();
  }

  @Test
  void aCertificateNearExpiryIsReplacedWithoutACallerFailingAndTheOldCaLeavesInALaterRun()
      throws Exception {
    // Given four working callers of one Service whose certificate expires in ten days
    MockCluster.seed(client, Scenarios.expiringSoon(NOW, false));
    assertThat(MockCluster.working(MockCluster.read(client), NOW)).hasSize(4);

    // When fix applies (a new CA: none of the callers' CAs has its key in the cluster)
    Plan first = fixAndCheckEveryStep(FixOptions.defaults());
    assertThat(first.automatic())
        .extracting(Step::phase)
        .containsExactly(
            Phase.TRUST, Phase.TRUST, Phase.TRUST, Phase.TRUST, Phase.CERT, Phase.RESTART);

    // Then the doctor is quiet, and the caBundles hold both CAs
    assertThat(Doctor.run(MockCluster.read(client), DoctorOptions.at(NOW)).findings())
        .noneMatch(f -> f.severity().atLeast(Severity.WARNING));
    assertThat(bundleSizes()).containsOnly(2);

    // When fix runs again before the rollout is done, it refuses to narrow the bundles
    ObjectIndex index = new ObjectIndex();
    Snapshot s = LiveReader.read(client, null, index::tee);
    Plan second =
        Planner.plan(
            s,
            Doctor.run(s, DoctorOptions.at(NOW)),
            FixOptions.defaults().withCaKeys(index.caKeys()),
            NOW,
            new SecureRandom());
    assertThat(second.automatic()).hasSize(4).allMatch(x -> x.phase() == Phase.RETIRE);
    PlanWriter.Result refused =
        new PlanWriter(client, index, new Patches.Marks(NOW, "test")).apply(second, (n, x) -> {});
    assertThat(refused.applied()).isEmpty();
    assertThat(refused.problem())
        .contains(
            "Deployment webhooks/policy-gate",
            "run certmedic fix again once 'kubectl rollout status' says it is done");

    // When the rollout is done, the next fix removes the old CA, and everything still works
    client
        .apps()
        .deployments()
        .inNamespace("webhooks")
        .withName("policy-gate")
        .editStatus(
            d -> {
              d.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withReplicas(1)
                      .withUpdatedReplicas(1)
                      .withAvailableReplicas(1)
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .build());
              return d;
            });
    Plan third = fixAndCheckEveryStep(FixOptions.defaults());
    assertThat(third.automatic()).hasSize(4).allMatch(x -> x.phase() == Phase.RETIRE);
    assertThat(bundleSizes()).containsOnly(1);
    assertThat(MockCluster.working(MockCluster.read(client), NOW)).hasSize(4);
    assertThat(
            client
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("policy-gate")
                .get()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey(Planner.RETIRE_ANNOTATION);
  }

  @Test
  void aCaWhoseKeyIsInTheClusterSignsAndNoCaBundleChanges() throws Exception {
    MockCluster.seed(client, Scenarios.expiringSoon(NOW, true));
    Plan plan = fixAndCheckEveryStep(FixOptions.defaults());
    assertThat(plan.automatic()).extracting(Step::phase).containsExactly(Phase.CERT, Phase.RESTART);
    Step.IssueServingCert issue = (Step.IssueServingCert) plan.automatic().get(0);
    assertThat(issue.ca())
        .contains("the existing CA CN=policy-gate-ca", "Secret webhooks/policy-gate-ca tls.key");
    assertThat(bundleSizes()).containsOnly(1);
    assertThat(Doctor.run(MockCluster.read(client), DoctorOptions.at(NOW)).findings())
        .noneMatch(f -> f.severity().atLeast(Severity.WARNING));
  }

  @Test
  void aConcurrentChangeStopsTheRunAndNothingIsOverwritten() throws Exception {
    // Given a plan made from the cluster as it was
    MockCluster.seed(client, new Incidents().kubesphere());
    ObjectIndex index = new ObjectIndex();
    Snapshot s = LiveReader.read(client, null, index::tee);
    Plan plan =
        Planner.plan(
            s,
            Doctor.run(s, DoctorOptions.at(NOW)),
            FixOptions.defaults().withCaKeys(index.caKeys()),
            NOW,
            new SecureRandom());
    String secretBefore =
        client
            .secrets()
            .inNamespace("kubesphere-devops-system")
            .withName("s2i-webhook-server-cert")
            .get()
            .getData()
            .get("tls.crt");

    // When someone else changes the first object before fix applies
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("validating-webhook-configuration")
        .edit(
            v -> {
              v.getMetadata().setLabels(java.util.Map.of("changed", "by-someone-else"));
              return v;
            });
    PlanWriter.Result r =
        new PlanWriter(client, index, new Patches.Marks(NOW, "test")).apply(plan, (n, x) -> {});

    // Then fix stops at once, says so in one line, and writes nothing
    assertThat(r.conflict()).isTrue();
    assertThat(r.applied()).isEmpty();
    assertThat(r.problem())
        .doesNotContain("\n")
        .contains(
            "ValidatingWebhookConfiguration validating-webhook-configuration changed after the plan was made");
    var vwc =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("validating-webhook-configuration")
            .get();
    assertThat(vwc.getMetadata().getLabels()).containsEntry("changed", "by-someone-else");
    assertThat(vwc.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(
            client
                .secrets()
                .inNamespace("kubesphere-devops-system")
                .withName("s2i-webhook-server-cert")
                .get()
                .getData()
                .get("tls.crt"))
        .isEqualTo(secretBefore);
  }

  private List<Integer> bundleSizes() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    MockCluster.read(client)
        .callers()
        .forEach(c -> sizes.add(c.client().caBundle().certs().size()));
    return sizes;
  }
}
