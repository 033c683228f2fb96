package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.SECRET;
import static io.certmedic.core.fix.PlanFixtures.WEBHOOKS;
import static io.certmedic.core.fix.PlanFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReissueVerdictsTest {

  static final ObjectRef OTHER_SECRET = ObjectRef.of("Secret", "web", "other");
  static final ObjectRef OTHER_CALLER = ObjectRef.cluster("MutatingWebhookConfiguration", "x");

  record Case(
      String sentence,
      List<Finding> findings,
      List<FindingCode> codes,
      List<String> reasons,
      boolean namesWrong) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a code a new certificate cures, naming the Secret, asks for a reissue",
            List.of(finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, WEBHOOKS, SECRET)),
            List.of(FindingCode.CERT_EXPIRED),
            List.of("CERT_EXPIRED"),
            false),
        new Case(
            "a caBundle code on a caller asks for trust, not a reissue",
            List.of(finding(FindingCode.CABUNDLE_UNTRUSTED, Severity.ERROR, WEBHOOKS)),
            List.of(FindingCode.CABUNDLE_UNTRUSTED),
            List.of(),
            false),
        new Case(
            "each code counts once, in the report's order, and a name problem says so",
            List.of(
                finding(FindingCode.SAN_MISMATCH, Severity.CRITICAL, WEBHOOKS, SECRET),
                finding(FindingCode.CABUNDLE_MISSING, Severity.ERROR, WEBHOOKS),
                finding(FindingCode.SAN_MISMATCH, Severity.CRITICAL, OTHER_CALLER, SECRET),
                finding(FindingCode.CERT_EXPIRING_SOON, Severity.WARNING, WEBHOOKS, SECRET)),
            List.of(
                FindingCode.SAN_MISMATCH,
                FindingCode.CABUNDLE_MISSING,
                FindingCode.CERT_EXPIRING_SOON),
            List.of("SAN_MISMATCH", "CERT_EXPIRING_SOON"),
            true),
        new Case(
            "a finding below warning is no verdict",
            List.of(finding(FindingCode.CERT_EXPIRING_SOON, Severity.INFO, WEBHOOKS, SECRET)),
            List.of(),
            List.of(),
            false),
        new Case(
            "a reissue code on another Secret is no verdict on this one",
            List.of(finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, WEBHOOKS, OTHER_SECRET)),
            List.of(),
            List.of(),
            false),
        new Case(
            "a caBundle code on a caller of another Secret is no verdict on this one",
            List.of(finding(FindingCode.CABUNDLE_UNTRUSTED, Severity.ERROR, OTHER_CALLER)),
            List.of(),
            List.of(),
            false),
        new Case(
            "a code neither a certificate nor a caBundle cures is no verdict",
            List.of(finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.ERROR, WEBHOOKS, SECRET)),
            List.of(),
            List.of(),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesOneServingSecretFromTheFindings(Case c) {
    var v = ReissueVerdicts.of(c.findings(), SECRET, List.of(WEBHOOKS));

    if (c.codes().isEmpty()) {
      assertThat(v).isEmpty();
      return;
    }
    assertThat(v).isPresent();
    assertThat(v.get().codes()).containsExactlyElementsOf(c.codes());
    assertThat(v.get().reissueReasons()).containsExactlyElementsOf(c.reasons());
    assertThat(v.get().namesWrong()).isEqualTo(c.namesWrong());
  }

  @org.junit.jupiter.api.Test
  void aReissueCuresExactlyTheCertificateRulesAndTrustIsTheChainRule() {
    assertThat(ReissueVerdicts.REISSUE)
        .containsExactlyInAnyOrder(
            FindingCode.CERT_EXPIRED,
            FindingCode.CERT_NOT_YET_VALID,
            FindingCode.CERT_EXPIRING_SOON,
            FindingCode.SAN_MISMATCH,
            FindingCode.CERT_NO_SAN,
            FindingCode.SAN_INCOMPLETE,
            FindingCode.CERT_KEY_MISMATCH,
            FindingCode.CERT_WRONG_USAGE,
            FindingCode.CERT_WEAK);
    assertThat(ReissueVerdicts.TRUST)
        .containsExactlyInAnyOrder(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.CABUNDLE_MISSING);
  }
}
