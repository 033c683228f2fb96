package io.certmedic.core.rule;

import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaExpiresFirstTest {

  private static final Instant FROM = NOW.minus(Duration.ofDays(10));

  private static TestPki.Cert ca(int days) {
    return TestPki.ca("webhook-ca").validity(FROM, NOW.plus(Duration.ofDays(days))).build();
  }

  private static CertFacts leaf(TestPki.Cert ca, int days) {
    return CertFacts.of(
        TestPki.leaf("svc.ns.svc")
            .signedBy(ca)
            .validity(FROM, NOW.plus(Duration.ofDays(days)))
            .build()
            .cert());
  }

  private static Verdict judge(TestPki.Cert ca, int leafDays) {
    return CaExpiresFirst.signed(
        leaf(ca, leafDays), CertFacts.of(ca.cert()), NOW, "Secret ns/svc-tls tls.crt", "the CA");
  }

  static Stream<Arguments> cases() {
    TestPki.Cert inHalfAYear = ca(180);
    TestPki.Cert inTwoYears = ca(730);
    TestPki.Cert expired =
        TestPki.ca("old-ca").validity(FROM, NOW.minus(Duration.ofDays(1))).build();
    return Stream.of(
        row(
            "a CA that outlives its leaf passes",
            judge(ca(3650), 365),
            pass(Rule.CA_EXPIRES_FIRST)),
        row(
            "a CA that expires on the leaf's own day passes",
            judge(inHalfAYear, 180),
            pass(Rule.CA_EXPIRES_FIRST)),
        row(
            "a CA that expires in half a year, before the leaf it signed, is Rule.CA_EXPIRES_FIRST saying when the chain stops and to renew the CA",
            judge(inHalfAYear, 365),
            fail(
                Rule.CA_EXPIRES_FIRST,
                FindingCode.CA_EXPIRES_FIRST,
                "the CA (CN=webhook-ca) expires in 180 days (2026-11-28T12:00:00Z), 185 days"
                    + " before Secret ns/svc-tls tls.crt (CN=svc.ns.svc), which it signed and which"
                    + " runs to 2027-06-01T12:00:00Z: from 2026-11-28T12:00:00Z the chain stops"
                    + " verifying (\"x509: certificate has expired or is not yet valid\") whatever"
                    + " the leaf's own date; renew the CA, not the leaf (a leaf reissued from this"
                    + " CA stops on the same day)")),
        row(
            "a CA that expires before its leaf but more than a year away is not yet reported",
            judge(inTwoYears, 1000),
            pass(Rule.CA_EXPIRES_FIRST)),
        row(
            "a CA already expired is left to ValidityWindow",
            judge(expired, 365),
            pass(Rule.CA_EXPIRES_FIRST)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
