package io.certmedic.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTimeTest {

  private static final Instant NB = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant NA = Instant.parse("2024-02-14T06:08:48Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT0S, 0 seconds",
    "PT1S, 1 second",
    "PT59M, 59 minutes",
    "PT1H, 1 hour",
    "PT47H, 47 hours",
    "P1D, 24 hours",
    "P2D, 2 days",
    "P729D, 729 days",
    "P730D, 2 years",
    "P3650D, 10 years",
  })
  void picksTheLargestUnitThatFits(String iso, String words) {
    assertThat(HumanTime.duration(Duration.parse(iso))).isEqualTo(words);
  }

  @ParameterizedTest(name = "at {0}: {1}")
  @CsvSource({
    "2024-02-25T04:24:18Z, expired 10 days ago",
    "2024-02-02T06:08:48Z, expires in 12 days",
    "2023-12-30T00:00:00Z, not valid for another 2 days",
  })
  void placesAnInstantInTheValidityWindow(String at, String words) {
    assertThat(HumanTime.validity(NB, NA, Instant.parse(at))).isEqualTo(words);
  }
}
