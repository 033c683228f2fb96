package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListBackoffTest {

  @Test
  void waitsOneSecondAfterTheFirstFailureAndDoublesFromThere() {
    assertThat(ListBackoff.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ListBackoff.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ListBackoff.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(ListBackoff.after(9)).isEqualTo(Duration.ofSeconds(256));
  }

  @Test
  void neverWaitsLongerThanFiveMinutesHoweverManyFailures() {
    assertThat(ListBackoff.after(10)).isEqualTo(ListBackoff.MAX);
    assertThat(ListBackoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesACountBelowOne() {
    assertThatThrownBy(() -> ListBackoff.after(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must be at least 1, got 0");
  }
}
