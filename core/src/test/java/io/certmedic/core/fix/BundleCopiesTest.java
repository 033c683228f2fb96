package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.certs;
import static io.certmedic.core.fix.PlanFixtures.configMap;
import static io.certmedic.core.fix.PlanFixtures.finding;
import static io.certmedic.core.fix.PlanFixtures.info;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BundleCopiesTest {

  static final TestPki.Cert CURRENT = TestPki.ca("cluster-ca").build();
  static final TestPki.Cert OLD = TestPki.ca("old-cluster-ca").build();
  static final ObjectRef STALE = ObjectRef.of("ConfigMap", "c", "kube-root-ca.crt");
  static final ObjectRef READER = ObjectRef.of("Deployment", "c", "reader");

  record Case(
      String sentence,
      Map<String, String> staleLabels,
      Set<ObjectRef> restarted,
      List<String> steps,
      int notes) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    String gains =
        "the other 2 copies of kube-root-ca.crt hold "
            + Bundles.describe(List.of(info(CURRENT)))
            + "; this copy keeps what it has and gains those";
    return Stream.of(
        new Case(
            "a stale copy gains the CA most copies hold, keeps its own, and its reader restarts",
            Map.of(),
            Set.of(),
            List.of(
                "PatchBundleCopy ConfigMap c/kube-root-ca.crt: write 2 CA(s) into ca.crt of ConfigMap c/kube-root-ca.crt: "
                    + gains,
                "RolloutRestart Deployment c/reader: rollout restart Deployment c/reader: it reads ConfigMap c/kube-root-ca.crt at start"),
            1),
        new Case(
            "a reader an earlier step restarts is not restarted twice",
            Map.of(),
            Set.of(READER),
            List.of(
                "PatchBundleCopy ConfigMap c/kube-root-ca.crt: write 2 CA(s) into ca.crt of ConfigMap c/kube-root-ca.crt: "
                    + gains),
            1),
        new Case(
            "a copy trust-manager writes goes to a person",
            Map.of("trust.cert-manager.io/bundle", "roots"),
            Set.of(),
            List.of(
                "ManualAction ConfigMap c/kube-root-ca.crt: [trust-manager] ConfigMap c/kube-root-ca.crt is written by trust-manager (Bundle roots): make its source hold "
                    + Bundles.describe(List.of(info(CURRENT), info(OLD)))
                    + ", and it copies them here"),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    WorkloadRecord reader =
        new WorkloadRecord(
            new Meta(READER, Map.of(), Map.of(), List.of(), true, "test"),
            Map.of(),
            List.of(),
            List.of(
                new WorkloadRecord.Volume(
                    "roots",
                    List.of(
                        new WorkloadRecord.Source(
                            "ConfigMap", "kube-root-ca.crt", Map.of(), false)),
                    false)));
    Snapshot s =
        Snapshot.builder()
            .add(
                configMap(
                    ObjectRef.of("ConfigMap", "a", "kube-root-ca.crt"),
                    Map.of(),
                    "ca.crt",
                    certs(CURRENT)))
            .add(
                configMap(
                    ObjectRef.of("ConfigMap", "b", "kube-root-ca.crt"),
                    Map.of(),
                    "ca.crt",
                    certs(CURRENT)))
            .add(configMap(STALE, c.staleLabels(), "ca.crt", certs(OLD)))
            .add(reader)
            .build();
    PlanInput in =
        PlanFixtures.input(s, finding(FindingCode.TRUST_BUNDLE_STALE, Severity.ERROR, STALE));
    Decisions earlier = new Decisions(List.of(), List.of(), c.restarted(), Map.of(), Set.of());

    Decisions d = new BundleCopies().decide(in, earlier);

    assertThat(PlanFixtures.lines(d)).containsExactlyElementsOf(c.steps());
    assertThat(d.notes())
        .hasSize(c.notes())
        .allMatch(n -> n.startsWith("kube-controller-manager publishes kube-root-ca.crt"));
  }
}
