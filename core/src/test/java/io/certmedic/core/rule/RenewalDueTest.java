package io.certmedic.core.rule;

import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.RENEWAL_DUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenewalDueTest {

  private static final double TWO_THIRDS = 2.0 / 3.0;
  private static final Instant NOT_BEFORE = Instant.parse("2026-05-02T12:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2026-07-31T12:00:00Z");
  private static final Instant RENEW_AT = Instant.parse("2026-07-01T12:00:00Z");
  private static final X509Certificate LEAF =
      TestPki.leaf("svc.ns.svc").validity(NOT_BEFORE, NOT_AFTER).build().cert();

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a certificate one second before two thirds of its life passes",
            RenewalDue.issued(LEAF, TWO_THIRDS, RENEW_AT.minusSeconds(1)),
            pass(RENEWAL_DUE)),
        row(
            "a certificate at the very instant two thirds of its life have passed is due",
            RenewalDue.issued(LEAF, TWO_THIRDS, RENEW_AT),
            fail(
                RENEWAL_DUE,
                "the certificate fell due for renewal at 2026-07-01T12:00:00Z and expires at"
                    + " 2026-07-31T12:00:00Z")),
        row(
            "an expired certificate is due, saying when it expired",
            RenewalDue.issued(LEAF, TWO_THIRDS, NOT_AFTER.plusSeconds(1)),
            fail(RENEWAL_DUE, "the certificate expired at 2026-07-31T12:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
