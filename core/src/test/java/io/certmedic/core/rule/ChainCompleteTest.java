package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CHAIN_INCOMPLETE;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.CHAIN_COMPLETE;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainCompleteTest {

  private static final String WHERE = "Secret web/shop-tls tls.crt";
  private static final String AIA = "http://r11.i.lencr.org/";
  private static final TestPki.Cert ROOT = TestPki.ca("ISRG Root X1").build();
  private static final TestPki.Cert R11 = TestPki.ca("R11").signedBy(ROOT).build();
  private static final TestPki.Cert R12 = TestPki.ca("R12").signedBy(ROOT).build();
  private static final TestPki.Cert PUBLIC_LEAF =
      TestPki.leaf("*.example.com").signedBy(R11).caIssuers(AIA).build();
  private static final TestPki.Cert INTERNAL_LEAF =
      TestPki.leaf("shop.example.com").signedBy(R11).build();
  private static final TestPki.Cert PRIVATE_LEAF =
      TestPki.leaf("shop.example.com").signedBy(ROOT).build();

  private static List<CertInfo> certs(TestPki.Cert... c) {
    return Stream.of(c).map(x -> CertInfo.of(x.cert())).toList();
  }

  private static final String CLIENTS =
      ": Go, Java, curl and Python clients do not fetch intermediates and fail with \"x509:"
          + " certificate signed by unknown authority\" (browsers may fetch it, which hides the"
          + " problem)";

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a public CA's leaf served with its intermediate passes",
            ChainComplete.served(certs(PUBLIC_LEAF, R11), certs(), WHERE),
            pass(CHAIN_COMPLETE)),
        row(
            "a full chain served up to its root passes",
            ChainComplete.served(certs(PUBLIC_LEAF, R11, ROOT), certs(), WHERE),
            pass(CHAIN_COMPLETE)),
        row(
            "a public CA's leaf served alone is CHAIN_INCOMPLETE naming the AIA CA Issuers URL",
            ChainComplete.served(certs(PUBLIC_LEAF), certs(), WHERE),
            fail(
                CHAIN_COMPLETE,
                CHAIN_INCOMPLETE,
                WHERE
                    + " serves CN=*.example.com but its issuer CN=R11 is an intermediate (the"
                    + " certificate's Authority Information Access names it at "
                    + AIA
                    + ") and is not served"
                    + CLIENTS)),
        row(
            "a leaf served alone whose intermediate sits in ca.crt is CHAIN_INCOMPLETE",
            ChainComplete.served(certs(INTERNAL_LEAF), certs(R11), WHERE),
            fail(
                CHAIN_COMPLETE,
                CHAIN_INCOMPLETE,
                WHERE
                    + " serves CN=shop.example.com but the intermediate CN=R11 that signed it is kept"
                    + " beside it but not served"
                    + CLIENTS)),
        row(
            "a leaf signed directly by the private root in ca.crt is complete",
            ChainComplete.served(certs(PRIVATE_LEAF), certs(ROOT), WHERE),
            pass(CHAIN_COMPLETE)),
        row(
            "a leaf signed by the root in ca.crt is complete even when it carries an AIA entry",
            ChainComplete.served(
                certs(TestPki.leaf("a.example.com").signedBy(ROOT).caIssuers(AIA).build()),
                certs(ROOT),
                WHERE),
            pass(CHAIN_COMPLETE)),
        row(
            "a leaf whose issuer nothing describes is not called incomplete",
            ChainComplete.served(certs(INTERNAL_LEAF), certs(), WHERE),
            pass(CHAIN_COMPLETE)),
        row(
            "a served intermediate that is not the leaf's issuer does not complete the chain",
            ChainComplete.served(certs(INTERNAL_LEAF, R12), certs(R11, ROOT), WHERE),
            fail(
                CHAIN_COMPLETE,
                CHAIN_INCOMPLETE,
                WHERE
                    + " serves CN=shop.example.com but the intermediate CN=R11 that signed it is kept"
                    + " beside it but not served"
                    + CLIENTS)),
        row(
            "a self-signed leaf is complete",
            ChainComplete.served(certs(ROOT), certs(), WHERE),
            pass(CHAIN_COMPLETE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
