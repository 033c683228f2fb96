package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRING_SOON;
import static io.certmedic.core.finding.FindingCode.CERT_NOT_YET_VALID;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.VALIDITY_WINDOW;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.testing.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidityWindowTest {

  private static final Duration WARNING = Duration.ofDays(30);
  private static final String WHERE = "the serving certificate in Secret ns/svc-tls (tls.crt)";
  private static final String BLOCKS = "failurePolicy Fail: the API server refuses CREATE pods";

  private static CertInfo valid(Instant from, Instant to) {
    return CertInfo.of(TestPki.leaf("svc.ns.svc").validity(from, to).build().cert());
  }

  static Stream<Arguments> cases() {
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    CertInfo expired = valid(NOW.minus(Duration.ofDays(90)), yesterday);
    CertInfo future = valid(NOW.plus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(93)));
    CertInfo soon = valid(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)));
    CertInfo fresh = valid(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89)));
    CertInfo edge = valid(NOW.minus(Duration.ofDays(1)), NOW.plus(WARNING));
    return Stream.of(
        row(
            "a served certificate that expired a day ago at the judged instant is CERT_EXPIRED, in Go's words",
            ValidityWindow.served(expired, NOW, WARNING, WHERE, BLOCKS),
            fail(
                VALIDITY_WINDOW,
                CERT_EXPIRED,
                WHERE
                    + " expired 24 hours ago; the API server says \"x509: certificate has expired or"
                    + " is not yet valid: current time 2026-06-01T12:00:00Z is after"
                    + " 2026-05-31T12:00:00Z\" ("
                    + BLOCKS
                    + ")")),
        row(
            "a served certificate valid only from three days on is CERT_NOT_YET_VALID and asks about clocks",
            ValidityWindow.served(future, NOW, WARNING, WHERE, BLOCKS),
            fail(
                VALIDITY_WINDOW,
                CERT_NOT_YET_VALID,
                WHERE
                    + " is not valid for another 3 days; the API server says \"x509: certificate has"
                    + " expired or is not yet valid: current time 2026-06-01T12:00:00Z is before"
                    + " 2026-06-04T12:00:00Z\" (is a clock wrong?)")),
        row(
            "a served certificate with ten days left is CERT_EXPIRING_SOON inside a 30-day window",
            ValidityWindow.served(soon, NOW, WARNING, WHERE, BLOCKS),
            fail(
                VALIDITY_WINDOW,
                CERT_EXPIRING_SOON,
                WHERE + " expires in 10 days (2026-06-11T12:00:00Z)")),
        row(
            "a served certificate ending exactly at the end of the warning window is already CERT_EXPIRING_SOON",
            ValidityWindow.served(edge, NOW, WARNING, WHERE, BLOCKS),
            fail(
                VALIDITY_WINDOW,
                CERT_EXPIRING_SOON,
                WHERE + " expires in 30 days (2026-07-01T12:00:00Z)")),
        row(
            "a served certificate with 89 days left passes",
            ValidityWindow.served(fresh, NOW, WARNING, WHERE, BLOCKS),
            pass(VALIDITY_WINDOW)),
        row(
            "a stored certificate that expired a day ago is CERT_EXPIRED with its notAfter",
            ValidityWindow.stored(expired.facts(), NOW, WARNING, "Secret ns/old data[ca.crt]"),
            fail(
                VALIDITY_WINDOW,
                CERT_EXPIRED,
                "Secret ns/old data[ca.crt] expired 24 hours ago (2026-05-31T12:00:00Z)")),
        row(
            "a stored certificate valid only from three days on is CERT_NOT_YET_VALID",
            ValidityWindow.stored(future.facts(), NOW, WARNING, "File ca.pem"),
            fail(
                VALIDITY_WINDOW,
                CERT_NOT_YET_VALID,
                "File ca.pem is not valid for another 3 days")),
        row(
            "a stored certificate with 89 days left passes",
            ValidityWindow.stored(fresh.facts(), NOW, WARNING, "File ca.pem"),
            pass(VALIDITY_WINDOW)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }

  @Test
  void judgesNamesAndChainsAtTheNearestInstantInsideTheWindow() {
    CertInfo c = valid(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
    assertThat(ValidityWindow.inside(c.facts(), NOW)).isEqualTo(c.facts().notAfter());
    assertThat(ValidityWindow.inside(c.facts(), NOW.minus(Duration.ofDays(3))))
        .isEqualTo(c.facts().notBefore());
    Instant within = NOW.minus(Duration.ofHours(36));
    assertThat(ValidityWindow.inside(c.facts(), within)).isEqualTo(within);
  }
}
