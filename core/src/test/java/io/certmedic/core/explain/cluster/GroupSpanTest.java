package io.certmedic.core.explain.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupSpanTest {

  @Test
  void rfc3339TimesGiveTheSpanOfTheGroupAndTheCountIsGroupedInThousands() {
    GroupSpan s = GroupSpan.of("2026-12-04T19:01:02Z", "2026-12-04T20:00:59.5+00:00");

    assertThat(s.length()).isEqualTo(Duration.parse("PT59M57.5S"));
    assertThat(s.phrase(15_120))
        .isEqualTo(
            "15,120 failures in 59 minutes (2026-12-04T19:01:02Z to 2026-12-04T20:00:59.5+00:00)");
  }

  @Test
  void klogTimesWithoutAYearStillGiveASpan() {
    GroupSpan s = GroupSpan.of("1204 19:01:02.123456", "1204 21:01:02.123456");

    assertThat(s.length()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void syslogTimesAndZonelessTimesAreRead() {
    assertThat(GroupSpan.of("Dec  4 19:01:02", "Dec  4 19:01:32").length())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(GroupSpan.of("2026-12-04T19:01:02", "2026-12-04T19:02:02").length())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void linesWithoutTimestampsGiveOnlyTheCount() {
    GroupSpan s = GroupSpan.of(null, null);

    assertThat(s.length()).isNull();
    assertThat(s.phrase(1)).isEqualTo("1 failure");
  }

  @Test
  void timesThatCannotBeReadOrGoBackwardsGiveNoLength() {
    assertThat(GroupSpan.of("yesterday", "today").phrase(2))
        .isEqualTo("2 failures from yesterday to today");
    assertThat(GroupSpan.of("1231 23:59:00", "0101 00:01:00").length()).isNull();
  }
}
