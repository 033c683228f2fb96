package io.certmedic.core.rule;

import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.CURRENT_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CurrentIssuerTest {

  private static final TestPki.Cert CA = TestPki.ca("certmedic-ca").build();

  static Stream<Arguments> cases() {
    TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").signedBy(CA).build();
    return Stream.of(
        row(
            "a leaf signed by the CA that signs now passes",
            CurrentIssuer.issued(leaf.cert(), CA.cert()),
            pass(CURRENT_ISSUER)),
        row(
            "a leaf signed by a CA of another name fails, naming both",
            CurrentIssuer.issued(leaf.cert(), TestPki.ca("other-ca").build().cert()),
            fail(
                CURRENT_ISSUER,
                "the certificate was issued by CN=certmedic-ca, not by the current CA CN=other-ca")),
        row(
            "a leaf signed by a CA of the same name with another key fails, as after a rotation",
            CurrentIssuer.issued(leaf.cert(), TestPki.ca("certmedic-ca").build().cert()),
            fail(
                CURRENT_ISSUER,
                "the certificate names the current CA CN=certmedic-ca as its issuer, but its"
                    + " signature does not verify with that CA's key")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
