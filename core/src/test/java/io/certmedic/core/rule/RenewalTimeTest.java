package io.certmedic.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalTimeTest {

  private static final Instant NOT_BEFORE = Instant.parse("2026-05-02T12:00:00Z");

  @Test
  void fallsTwoThirdsIntoANinetyDayLife() {
    assertThat(RenewalTime.between(NOT_BEFORE, Instant.parse("2026-07-31T12:00:00Z"), 2.0 / 3.0))
        .isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
  }

  @Test
  void roundsToTheNearestSecond() {
    // a third of 10 s is 3.33 s, two thirds 6.67 s
    assertThat(RenewalTime.between(NOT_BEFORE, NOT_BEFORE.plusSeconds(10), 1.0 / 3.0))
        .isEqualTo(NOT_BEFORE.plusSeconds(3));
    assertThat(RenewalTime.between(NOT_BEFORE, NOT_BEFORE.plusSeconds(10), 2.0 / 3.0))
        .isEqualTo(NOT_BEFORE.plusSeconds(7));
  }

  @Test
  void rejectsAFractionOfZero() {
    assertThatThrownBy(() -> RenewalTime.between(NOT_BEFORE, NOT_BEFORE.plusSeconds(10), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the fraction must be between 0 and 1 (exclusive), got 0.0");
  }
}
