package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_WRONG_USAGE;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.KEY_USAGE;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.link.TrustSource;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyUsageTest {

  private static final TestPki.Cert CA = TestPki.ca("serving-ca").build();
  private static final String WHERE = "the serving certificate in Secret ns/svc-tls (tls.crt)";
  private static final String BLOCKS = "failurePolicy Fail: the API server refuses CREATE pods";

  private static Verdict judge(TestPki.Cert leaf, TestPki.Cert trusted) {
    TrustSource trust = new TrustSource(List.of(CertInfo.of(trusted.cert())), "its caBundle");
    return KeyUsage.served(
        ChainTrust.verify(List.of(CertInfo.of(leaf.cert())), trust, NOW), WHERE, BLOCKS);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a serverAuth leaf passes",
            judge(TestPki.leaf("svc.ns.svc").signedBy(CA).build(), CA),
            pass(KEY_USAGE)),
        row(
            "a clientAuth-only leaf is CERT_WRONG_USAGE in Go's words",
            judge(
                TestPki.leaf("svc.ns.svc").signedBy(CA).eku(KeyPurposeId.id_kp_clientAuth).build(),
                CA),
            fail(
                KEY_USAGE,
                CERT_WRONG_USAGE,
                WHERE
                    + " does not allow serverAuth: \"x509: certificate specifies an incompatible key"
                    + " usage\" ("
                    + BLOCKS
                    + ")")),
        row(
            "an untrusted serverAuth leaf passes here: it is ChainTrust's to report",
            judge(TestPki.leaf("svc.ns.svc").signedBy(CA).build(), TestPki.ca("other").build()),
            pass(KEY_USAGE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
