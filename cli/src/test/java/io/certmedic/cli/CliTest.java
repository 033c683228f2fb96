package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CliTest {

  @Test
  void parsesDurationsAsPeopleWriteThem() {
    assertThat(Cli.parseDuration("--d", "30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Cli.parseDuration("--d", "72h")).isEqualTo(Duration.ofHours(72));
    assertThat(Cli.parseDuration("--d", "90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Cli.parseDuration("--d", "45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Cli.parseDuration("--d", "1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(Cli.parseDuration("--d", "0d")).isEqualTo(Duration.ZERO);
    assertThat(Cli.parseDuration("--d", " 30D ")).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void parsesIso8601Durations() {
    assertThat(Cli.parseDuration("--d", "P30D")).isEqualTo(Duration.ofDays(30));
    assertThat(Cli.parseDuration("--d", "PT72H")).isEqualTo(Duration.ofHours(72));
    assertThat(Cli.parseDuration("--d", "p1dt2h")).isEqualTo(Duration.ofHours(26));
  }

  @Test
  void refusesWhatIsNotADuration() {
    for (String bad :
        new String[] {
          "",
          "30",
          "d",
          "3x",
          "30d ago",
          "-5d",
          "P-1D",
          "P",
          "1.5d",
          "99999999999999999999d",
          "9999999999999999d"
        }) {
      assertThatThrownBy(() -> Cli.parseDuration("--expiry-warning", bad))
          .as(bad)
          .isInstanceOf(UserException.class)
          .hasMessage(
              "--expiry-warning: '" + bad + "' is not a duration; use e.g. 30d, 72h, 90m or P30D");
    }
  }
}
