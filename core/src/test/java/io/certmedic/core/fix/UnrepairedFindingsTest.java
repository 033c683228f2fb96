package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnrepairedFindingsTest {

  static final ObjectRef POD = ObjectRef.of("Deployment", "dns", "external-dns");
  static final ObjectRef SECRET = ObjectRef.of("Secret", "dns", "tls");

  record Case(String sentence, List<Finding> findings, List<Step> earlier, List<String> targets) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    Step restart = new Step.RolloutRestart(POD, "it reads a Secret at start");
    return Stream.of(
        new Case(
            "an error no step addresses goes to a person",
            List.of(finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.ERROR, POD)),
            List.of(),
            List.of("Deployment dns/external-dns")),
        new Case(
            "a warning does not",
            List.of(finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.WARNING, POD)),
            List.of(),
            List.of()),
        new Case(
            "an object an earlier step is about is left to that step",
            List.of(finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.CRITICAL, POD)),
            List.of(restart),
            List.of()),
        new Case(
            "a finding that relates to an object an earlier step is about is left to that step",
            List.of(finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, SECRET, POD)),
            List.of(restart),
            List.of()),
        new Case(
            "two findings on one object give one action",
            List.of(
                finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.ERROR, POD),
                finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, POD)),
            List.of(),
            List.of("Deployment dns/external-dns")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    PlanInput in =
        PlanFixtures.input(Snapshot.builder().build(), c.findings().toArray(Finding[]::new));

    Decisions d = new UnrepairedFindings().decide(in, Decisions.of(c.earlier()));

    assertThat(d.steps().stream().map(s -> s.target().describe()).toList())
        .containsExactlyElementsOf(c.targets());
    assertThat(d.steps()).allMatch(s -> s.phase() == Phase.MANUAL);
  }

  @org.junit.jupiter.api.Test
  void carriesTheDoctorsMessageAndFix() {
    Finding f =
        new Finding(
            FindingCode.ENV_TRUST_OVERRIDE,
            Severity.ERROR,
            POD,
            List.of(),
            "SSL_CERT_FILE replaces the CA",
            List.of(),
            "unset SSL_CERT_FILE");

    Decisions d =
        new UnrepairedFindings()
            .decide(PlanFixtures.input(Snapshot.builder().build(), f), Decisions.NONE);

    assertThat(d.steps())
        .containsExactly(
            new Step.ManualAction(
                POD,
                "",
                "ENV_TRUST_OVERRIDE: fix does not repair this automatically; SSL_CERT_FILE replaces the CA",
                List.of("# unset SSL_CERT_FILE"),
                Map.of()));
  }
}
