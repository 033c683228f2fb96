package io.certmedic.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.rule.Rule;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleIdsTest {

  @Test
  void everyCodeHasARuleIdInKebabCase() {
    for (FindingCode c : FindingCode.values()) {
      assertThat(RuleIds.of(c)).as("rule id of %s", c).isNotNull().matches("[a-z]+(-[a-z0-9]+)*");
    }
  }

  @Test
  void aCodeARuleOwnsIsNamedAfterThatRule() {
    assertThat(RuleIds.of(FindingCode.CERT_EXPIRED)).isEqualTo("validity-window");
    assertThat(RuleIds.of(FindingCode.SAN_MISMATCH)).isEqualTo("serving-names");
    for (Rule r : Rule.values()) {
      for (FindingCode c : r.codes()) {
        assertThat(RuleIds.checks())
            .as("%s is owned by %s, not a check", c, r)
            .doesNotContainKey(c);
      }
    }
  }

  @Test
  void aCodeNoRuleOwnsIsNamedAfterACheckTheDoctorRuns() {
    Set<String> checks =
        Checks.ALL.stream().map(c -> c.getClass().getSimpleName()).collect(Collectors.toSet());
    assertThat(checks).containsAll(RuleIds.checks().values());
    assertThat(RuleIds.of(FindingCode.SERVICE_NOT_FOUND)).isEqualTo("service-reference");
    assertThat(RuleIds.of(FindingCode.CABUNDLE_MISSING)).isEqualTo("ca-bundle-presence");
  }

  @Test
  void theDocsLinkIsTheCodesSectionOfFindingsMd() {
    assertThat(FindingCode.CERT_EXPIRED.docsUrl())
        .isEqualTo(FindingCode.DOCS_BASE_URL + "#cert_expired")
        .startsWith("https://")
        .contains("docs/findings.md#");
  }
}
