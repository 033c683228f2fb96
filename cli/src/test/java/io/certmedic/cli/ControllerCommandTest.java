package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.ControllerOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code certmedic controller}: flags map onto ControllerOptions, defaults are its constants, bad
 * values are one line.
 */
class ControllerCommandTest {

  static ControllerCommand parse(String... args) {
    ControllerCommand c = new ControllerCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void withoutFlagsTheOptionsAreTheNamedDefaults() {
    ControllerOptions o = parse("--namespace", "certmedic", "--identity", "pod-1").options();

    assertThat(o).isEqualTo(ControllerOptions.defaults("certmedic", "pod-1"));
  }

  @Test
  void flagsOverrideTheDefaults() {
    ControllerOptions o =
        parse(
                "--namespace",
                "ops",
                "--identity",
                "x",
                "--no-leader-elect",
                "--cert-lifetime",
                "30d",
                "--propagation-delay",
                "15m",
                "--watch-namespace",
                "a",
                "--watch-namespace",
                "b",
                "--log-format",
                "json",
                "--workers",
                "4")
            .options();

    assertThat(o.leaderElect()).isFalse();
    assertThat(o.certLifetime()).hasDays(30);
    assertThat(o.propagationDelay()).hasMinutes(15);
    assertThat(o.watchNamespaces()).containsExactly("a", "b");
    assertThat(o.logFormat()).isEqualTo(ControllerOptions.LogFormat.JSON);
    assertThat(o.workers()).isEqualTo(4);
  }

  @Test
  void bindAddressFlagsNarrowWhereMetricsAndHealthListen() {
    ControllerOptions o =
        parse("--metrics-bind-address", "127.0.0.1", "--health-bind-address=::1").options();
    assertThat(o.metricsBindAddress()).isEqualTo("127.0.0.1");
    assertThat(o.healthBindAddress()).isEqualTo("::1");

    ControllerOptions d = parse().options();
    assertThat(d.metricsBindAddress()).isEqualTo(ControllerOptions.DEFAULT_BIND_ADDRESS);
    assertThat(d.healthBindAddress()).isEqualTo(ControllerOptions.DEFAULT_BIND_ADDRESS);
  }

  @Test
  void aBindAddressThatIsNotAnIpIsOneLineAndExit2() {
    CliRun r = CliRun.of("controller", "--health-bind-address", "localhost");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: the health bind address must be an IP address such as 0.0.0.0, 127.0.0.1"
                + " or ::1, got 'localhost'");
  }

  @Test
  void inconsistentValuesAreOneLineNamingTheProblem() {
    CliRun r = CliRun.of("controller", "--cert-lifetime", "10y", "--ca-lifetime", "30d");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--cert-lifetime");

    CliRun r2 = CliRun.of("controller", "--cert-lifetime", "400d", "--ca-lifetime", "30d");
    assertThat(r2.exit()).isEqualTo(2);
    assertThat(r2.err().strip())
        .isEqualTo(
            "certmedic: the cert lifetime (400 days) must be shorter than the CA lifetime (30 days); set --cert-lifetime or --ca-lifetime");
  }

  @Test
  void helpShowsEveryFlagWithItsDefault() {
    CliRun r = CliRun.of("controller", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "--propagation-delay=DURATION",
            "(default: 10m)",
            "(default: 90d)",
            "(default: 15s)",
            "(default: certmedic-ca)",
            "--no-leader-elect",
            "Examples:");
  }
}
