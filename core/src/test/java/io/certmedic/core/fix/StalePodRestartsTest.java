package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.certs;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataChange;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.PodRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.testing.TestPki;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StalePodRestartsTest {

  static final TestPki.Cert CA = TestPki.ca("corp-ca").build();
  static final Instant CHANGED = TestPki.NOW.minusSeconds(86_400);
  static final Instant BEFORE = CHANGED.minusSeconds(3_600);
  static final ObjectRef BUNDLE = ObjectRef.of("ConfigMap", "app", "corp-ca");
  static final ObjectRef WEB = ObjectRef.of("Deployment", "app", "web");
  static final ObjectRef JOB = ObjectRef.of("Job", "app", "sync");

  record Case(String sentence, Set<ObjectRef> restarted, List<String> steps) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    String reason =
        "its pods started before the data of ConfigMap app/corp-ca last changed, and still trust"
            + " the old CA bundle";
    return Stream.of(
        new Case(
            "a Deployment with stale pods is rolled out, and a Job's stale pod deleted by name",
            Set.of(),
            List.of(
                "RolloutRestart Deployment app/web: rollout restart Deployment app/web: " + reason,
                "ManualAction Job app/sync: Job app/sync"
                    + " cannot be rolled out: "
                    + reason
                    + "; delete its stale pods so they start again",
                "ManualAction Pod app/bare: Pod app/bare cannot"
                    + " be rolled out: "
                    + reason
                    + "; delete its stale pods so they start again (re-create a bare Pod from its"
                    + " manifest)")),
        new Case(
            "a workload an earlier step restarted is not restarted twice",
            Set.of(WEB, JOB, ObjectRef.of("Pod", "app", "bare")),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    Snapshot s =
        Snapshot.builder()
            .add(
                new ConfigMapRecord(
                    new Meta(BUNDLE, Map.of(), Map.of(), List.of(), true, "test"),
                    Set.of("ca.crt"),
                    Map.of("ca.crt", certs(CA)),
                    new DataChange(true, CHANGED)))
            .add(pod("web-5d8f-abcde", WEB, BEFORE))
            .add(pod("web-5d8f-fghij", WEB, CHANGED.plusSeconds(60)))
            .add(pod("sync-x;y", JOB, BEFORE))
            .add(pod("bare", null, BEFORE))
            .build();
    List<Finding> found = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    assertThat(found)
        .filteredOn(f -> f.code() == FindingCode.POD_TRUST_STALE)
        .extracting(Finding::object)
        .containsExactly(WEB, JOB, ObjectRef.of("Pod", "app", "bare"));
    PlanInput in = PlanFixtures.input(s, found.toArray(Finding[]::new));
    Decisions earlier = new Decisions(List.of(), List.of(), c.restarted(), Map.of(), Set.of());

    Decisions d = new StalePodRestarts().decide(in, earlier);

    assertThat(PlanFixtures.lines(d)).containsExactlyElementsOf(c.steps());
    assertThat(d.steps())
        .filteredOn(x -> x instanceof Step.ManualAction)
        .map(x -> ((Step.ManualAction) x).commands())
        .containsExactlyElementsOf(
            c.steps().isEmpty()
                ? List.of()
                : List.of(
                    List.of("kubectl -n app delete pod 'sync-x;y'"),
                    List.of("kubectl -n app delete pod bare")));
  }

  private static PodRecord pod(String name, ObjectRef owner, Instant started) {
    ObjectRef ref = ObjectRef.of("Pod", "app", name);
    return new PodRecord(
        new Meta(ref, Map.of(), Map.of(), List.of(), true, "test"),
        "Running",
        "node-1",
        owner,
        List.of(
            new WorkloadRecord.Container(
                "client",
                false,
                List.of(),
                List.of(),
                List.of(new WorkloadRecord.Mount("ca", "/etc/corp-ca", "")),
                List.of())),
        List.of(
            new WorkloadRecord.Volume(
                "ca",
                List.of(new WorkloadRecord.Source("ConfigMap", "corp-ca", Map.of(), false)),
                false)),
        List.of(new PodRecord.ContainerState("client", false, started)));
  }
}
