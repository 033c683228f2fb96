package io.certmedic.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.finding.FindingCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Locks the rulebook: every rule once, in this order, each a class, each code owned once. */
class RuleTest {

  @Test
  void listsEveryRuleOnceInThisOrder() {
    assertThat(Arrays.stream(Rule.values()).map(Rule::name).toList())
        .containsExactly(
            "SECRET_PRESENT",
            "SECRET_FIELDS",
            "PARSING",
            "VALIDITY_WINDOW",
            "KEY_PAIR_MATCH",
            "SERVING_NAMES",
            "CHAIN_TRUST",
            "KEY_USAGE",
            "KEY_STRENGTH",
            "CURRENT_ISSUER",
            "RENEWAL_DUE",
            "TLS_SECRET_PRESENT",
            "CHAIN_COMPLETE",
            "CERTIFICATE_READY",
            "ISSUER_READY",
            "KUBELET_CSR",
            "CA_EXPIRES_FIRST",
            "POD_TRUST_STALE");
  }

  @Test
  void eachRuleIsTheClassOfItsName() throws Exception {
    for (Rule r : Rule.values()) {
      StringBuilder name = new StringBuilder();
      for (String part : r.name().split("_")) {
        name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
      assertThat(Class.forName("io.certmedic.core.rule." + name)).as("class of %s", r).isNotNull();
    }
  }

  @Test
  void noCodeIsOwnedByTwoRules() {
    Set<FindingCode> seen = new HashSet<>();
    for (Rule r : Rule.values()) {
      for (FindingCode c : r.codes()) {
        assertThat(seen.add(c)).as("%s is owned by one rule only", c).isTrue();
      }
    }
  }

  @Test
  void aRuleCannotFailWithAnotherRulesCode() {
    assertThatThrownBy(
            () -> Verdict.fail(Rule.KEY_STRENGTH, FindingCode.CERT_EXPIRED, "expired long ago"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KEY_STRENGTH does not own the code Optional[CERT_EXPIRED]");
    assertThatThrownBy(() -> Verdict.fail(Rule.KEY_STRENGTH, "weak"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
