package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class FailOnFlagTest {

  @Command(name = "t")
  static final class Host {
    @Mixin FailOnFlag failOn = new FailOnFlag();
  }

  private static FailOnFlag parse(String... args) {
    Host h = new Host();
    new CommandLine(h).parseArgs(args);
    return h.failOn;
  }

  @Test
  void theDefaultIsTheNamedConstant() {
    assertThat(parse().level()).isEqualTo(DoctorResult.FailOn.DEFAULT);
  }

  @Test
  void readsEveryLevelWhateverItsCase() {
    assertThat(parse("--fail-on", "never").level()).isEqualTo(DoctorResult.FailOn.NEVER);
    assertThat(parse("--fail-on", "WARNING").level()).isEqualTo(DoctorResult.FailOn.WARNING);
    assertThat(parse("--fail-on", " critical ").level()).isEqualTo(DoctorResult.FailOn.CRITICAL);
  }

  @Test
  void helpShowsTheDefaultTakenFromTheConstant() {
    String help = new CommandLine(new Host()).setUsageHelpWidth(300).getUsageMessage();
    assertThat(help).contains("(default: " + DoctorResult.FailOn.DEFAULT.label() + ")");
  }

  @Test
  void anUnknownLevelIsOneLineWithExit2() {
    assertThatThrownBy(() -> parse("--fail-on", "info").level())
        .isInstanceOf(UserException.class)
        .hasMessage("--fail-on: unknown level 'info', expected critical, error, warning or never");
    CliRun r = CliRun.of("preflight", "--before", "a.yaml", "--after", "b.yaml", "--fail-on", "x");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: --fail-on: unknown level 'x', expected critical, error, warning or never");
  }
}
