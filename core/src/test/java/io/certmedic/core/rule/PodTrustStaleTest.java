package io.certmedic.core.rule;

import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.POD_TRUST_STALE;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodTrustStaleTest {

  private static final Instant ROTATED = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a container started a day before the bundle changed still trusts the old bundle",
            PodTrustStale.started(ROTATED.minusSeconds(86_400), ROTATED, NOW),
            fail(
                POD_TRUST_STALE,
                FindingCode.POD_TRUST_STALE,
                "the container started at 2026-11-19T09:00:00Z, before the bundle's data last"
                    + " changed at 2026-11-20T09:00:00Z: it still trusts the bundle it read at"
                    + " start")),
        row(
            "a container restarted after the bundle changed read the current bundle",
            PodTrustStale.started(ROTATED.plusSeconds(60), ROTATED, NOW),
            pass(POD_TRUST_STALE)),
        row(
            "a container that started at the very instant the data changed is not judged stale",
            PodTrustStale.started(ROTATED, ROTATED, NOW),
            pass(POD_TRUST_STALE)),
        row(
            "a change after the judged instant has not happened yet at that instant",
            PodTrustStale.started(
                ROTATED.minusSeconds(86_400), ROTATED, ROTATED.minusSeconds(3_600)),
            pass(POD_TRUST_STALE)),
        row(
            "a change at the judged instant itself counts",
            PodTrustStale.started(ROTATED.minusSeconds(1), ROTATED, ROTATED),
            fail(
                POD_TRUST_STALE,
                FindingCode.POD_TRUST_STALE,
                "the container started at 2026-11-20T08:59:59Z, before the bundle's data last"
                    + " changed at 2026-11-20T09:00:00Z: it still trusts the bundle it read at"
                    + " start")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
