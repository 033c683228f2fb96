package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Locks the planner's steps: every step, once, in this order (see the comments in Planner). */
class PlannerTest {

  @Test
  void runsEveryPlanningStepOnceInThisOrder() {
    assertThat(Planner.STEPS.stream().map(s -> s.getClass().getSimpleName()).toList())
        .containsExactly(
            "ServingRepairs",
            "RetireOldCas",
            "BundleCopies",
            "NodeKubeconfigs",
            "OrphanedApiServices",
            "CertificateRenewals",
            "UnrepairedFindings",
            "RetireNote",
            "StalePodRestarts");
  }

  @Test
  void anEmptyReportGivesAnEmptyPlan() {
    Plan p =
        Planner.plan(
            Snapshot.builder().build(),
            new Report(List.of(), 0, Map.of()),
            FixOptions.defaults(),
            TestPki.NOW,
            new SecureRandom());

    assertThat(p.isEmpty()).isTrue();
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void aLaterStepSeesWhatAnEarlierOneDecided() {
    // an orphaned APIService deleted by one step is not left to a person by the last
    ObjectRef api = ObjectRef.cluster("APIService", "v1.gone.example.com");
    Report r =
        new Report(
            List.of(
                PlanFixtures.finding(
                    FindingCode.APISERVICE_ORPHANED,
                    Severity.CRITICAL,
                    api,
                    ObjectRef.of("Service", "gone", "api"))),
            1,
            Map.of());

    Plan p =
        Planner.plan(
            Snapshot.builder().build(),
            r,
            FixOptions.defaults().withAllowDelete(true),
            TestPki.NOW,
            new SecureRandom());

    assertThat(p.steps())
        .containsExactly(
            new Step.DeleteApiService(
                api,
                "its Service gone/api does not exist: a leftover of an uninstall or an OLM to Helm move"));
  }
}
