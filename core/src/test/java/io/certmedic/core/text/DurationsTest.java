package io.certmedic.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesTheFlagSyntax() {
    assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.parse("15S")).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void refusesAnythingElse() {
    assertThat(Durations.parse("")).isNull();
    assertThat(Durations.parse("10")).isNull();
    assertThat(Durations.parse("10m5")).isNull();
    assertThat(Durations.parse("P30D")).isNull();
  }

  @Test
  void formatsTheLargestWholeUnitAndReadsBack() {
    assertThat(Durations.format(Duration.ofDays(1825))).isEqualTo("1825d");
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    for (Duration d :
        new Duration[] {Duration.ofDays(90), Duration.ofHours(5), Duration.ofSeconds(15)}) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }
}
