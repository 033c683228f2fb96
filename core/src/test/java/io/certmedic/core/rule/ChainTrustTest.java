package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CABUNDLE_UNTRUSTED;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.CHAIN_TRUST;
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

class ChainTrustTest {

  private static final TestPki.Cert CA = TestPki.ca("serving-ca").build();
  private static final TestPki.Cert OTHER_CA = TestPki.ca("other-ca").build();
  private static final String WHERE = "the serving certificate in Secret ns/svc-tls (tls.crt)";
  private static final String BLOCKS = "failurePolicy Fail: the API server refuses CREATE pods";

  private static Verdict judge(TestPki.Cert leaf, TestPki.Cert trusted) {
    TrustSource trust = new TrustSource(List.of(CertInfo.of(trusted.cert())), "its caBundle");
    return ChainTrust.served(
        ChainTrust.verify(List.of(CertInfo.of(leaf.cert())), trust, NOW),
        trust,
        WHERE,
        "CN=serving-ca",
        BLOCKS);
  }

  static Stream<Arguments> cases() {
    TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").signedBy(CA).build();
    TestPki.Cert clientOnly =
        TestPki.leaf("svc.ns.svc").signedBy(CA).eku(KeyPurposeId.id_kp_clientAuth).build();
    return Stream.of(
        row("a leaf signed by the trusted CA passes", judge(leaf, CA), pass(CHAIN_TRUST)),
        row(
            "a leaf signed by a CA the caller does not trust is CABUNDLE_UNTRUSTED in Go's words",
            judge(leaf, OTHER_CA),
            fail(
                CHAIN_TRUST,
                CABUNDLE_UNTRUSTED,
                WHERE
                    + " (issued by CN=serving-ca) does not chain to its caBundle: \"x509:"
                    + " certificate signed by unknown authority\" ("
                    + BLOCKS
                    + ")")),
        row(
            "a trusted leaf that may not serve passes here: it is KeyUsage's to report",
            judge(clientOnly, CA),
            pass(CHAIN_TRUST)),
        row(
            "a node's client certificate signed by its layout's CA passes",
            ChainTrust.signedBy(
                CertInfo.of(clientOnly.cert()), CertInfo.of(CA.cert()), NOW, "pki/x.crt", "CA"),
            pass(CHAIN_TRUST)),
        row(
            "a node's certificate signed by another CA than its layout's is CABUNDLE_UNTRUSTED naming both",
            ChainTrust.signedBy(
                CertInfo.of(leaf.cert()),
                CertInfo.of(OTHER_CA.cert()),
                NOW,
                "pki/apiserver.crt",
                "CA pki/ca.crt"),
            fail(
                CHAIN_TRUST,
                CABUNDLE_UNTRUSTED,
                "pki/apiserver.crt (issued by CN=serving-ca) does not chain to CA pki/ca.crt"
                    + " (CN=other-ca): \"x509: certificate signed by unknown authority\";"
                    + " everything that verifies it with that CA refuses it")),
        row(
            "an expired node certificate signed by its CA passes here: expiry is ValidityWindow's",
            ChainTrust.signedBy(
                CertInfo.of(TestPki.leaf("a").signedBy(CA).expiredDaysAgo(3).build().cert()),
                CertInfo.of(CA.cert()),
                NOW,
                "pki/a.crt",
                "CA"),
            pass(CHAIN_TRUST)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
