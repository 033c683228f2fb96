package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OrphanedApiServicesTest {

  static final ObjectRef API = ObjectRef.cluster("APIService", "v1.gone.example.com");
  static final String WHY =
      "its Service gone/api does not exist: a leftover of an uninstall or an OLM to Helm move";

  record Case(String sentence, boolean allowDelete, FindingCode code, List<Step> steps) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "deletes an orphaned APIService when deletes are allowed",
            true,
            FindingCode.APISERVICE_ORPHANED,
            List.of(new Step.DeleteApiService(API, WHY))),
        new Case(
            "leaves an orphaned APIService to a person with the command when deletes are not allowed",
            false,
            FindingCode.APISERVICE_ORPHANED,
            List.of(
                new Step.ManualAction(
                    API,
                    "",
                    "delete APIService v1.gone.example.com ("
                        + WHY
                        + "): fix deletes only with --allow-delete",
                    List.of("kubectl delete apiservice v1.gone.example.com"),
                    java.util.Map.of()))),
        new Case(
            "does nothing for an APIService that is unavailable for another reason",
            true,
            FindingCode.APISERVICE_UNAVAILABLE,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    PlanInput in =
        PlanFixtures.input(
            Snapshot.builder().build(),
            FixOptions.defaults().withAllowDelete(c.allowDelete()),
            PlanFixtures.finding(
                c.code(), Severity.CRITICAL, API, ObjectRef.of("Service", "gone", "api")));

    assertThat(new OrphanedApiServices().decide(in, Decisions.NONE).steps())
        .containsExactlyElementsOf(c.steps());
  }
}
