package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class AtFlagTest {

  @Command(name = "t")
  static final class Host {
    @Mixin AtFlag at = new AtFlag();
  }

  private static AtFlag parse(String... args) {
    Host h = new Host();
    new CommandLine(h).parseArgs(args);
    return h.at;
  }

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void withoutTheFlagTheInstantIsTheNowPassedIn() {
    assertThat(parse().orElse(NOW)).isEqualTo(NOW);
  }

  @Test
  void readsAnRfc3339InstantWithAnOffsetAsUtc() {
    assertThat(parse("--at", "2026-12-24T02:00:00+02:00").orElse(NOW))
        .isEqualTo(Instant.parse("2026-12-24T00:00:00Z"));
  }

  @Test
  void aDateWithoutATimeIsOneLineNamingTheFlag() {
    assertThatThrownBy(() -> parse("--at", "2026-12-24").orElse(NOW))
        .isInstanceOf(UserException.class)
        .hasMessage("--at: '2026-12-24' is not an RFC 3339 time; use e.g. 2026-12-24T00:00:00Z");
  }

  @Test
  void everyCommandSharingItRefusesABadValueWithOneLineAndExit2() {
    for (String[] args :
        new String[][] {
          {"inspect", "x.pem", "--at", "yesterday"},
          {"doctor", "-f", "missing.yaml", "--at", "yesterday"},
          {"preflight", "--before", "a.yaml", "--after", "b.yaml", "--at", "yesterday"}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(args[0]).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().strip())
          .as(args[0])
          .isEqualTo(
              "certmedic: --at: 'yesterday' is not an RFC 3339 time; use e.g. 2026-12-24T00:00:00Z");
    }
  }
}
