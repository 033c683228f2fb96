package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.text.Durations;
import io.certmedic.kube.live.ClusterOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The duration-valued shared flags: defaults are the owners' constants, values parse one way. */
class JudgeFlagsTest {

  @Command(name = "t")
  static final class Host {
    @Mixin JudgeFlags judge = new JudgeFlags();
    @Mixin ClusterFlags cluster = new ClusterFlags();
  }

  private static Host parse(String... args) {
    Host h = new Host();
    new CommandLine(h).parseArgs(args);
    return h;
  }

  @Test
  void defaultsAreTheNamedConstants() {
    Host h = parse("--at", "2026-06-01T12:00:00Z");
    DoctorOptions o = h.judge.options();
    assertThat(o.at()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
    assertThat(o.expiryWarning()).isEqualTo(DoctorOptions.DEFAULT_EXPIRY_WARNING);
    assertThat(o.clusterDomain()).isEqualTo(ServiceNames.DEFAULT_CLUSTER_DOMAIN);
    assertThat(h.cluster.options(null).requestTimeout())
        .isEqualTo(ClusterOptions.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void helpShowsTheDefaultsTakenFromTheConstants() {
    String help = new CommandLine(new Host()).setUsageHelpWidth(300).getUsageMessage();
    assertThat(help)
        .contains(
            "(default: " + Durations.format(DoctorOptions.DEFAULT_EXPIRY_WARNING) + ")",
            "(default: " + Durations.format(ClusterOptions.DEFAULT_REQUEST_TIMEOUT) + ")",
            "(default: 30d)",
            "(default: 30s)");
  }

  @Test
  void durationsReadDaysHoursMinutesSecondsAndIso() {
    assertThat(parse("--expiry-warning", "7d").judge.options().expiryWarning())
        .isEqualTo(Duration.ofDays(7));
    assertThat(parse("--expiry-warning", "PT2H").judge.options().expiryWarning())
        .isEqualTo(Duration.ofHours(2));
    assertThat(parse("--request-timeout", "5s").cluster.options(null).requestTimeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(parse("--request-timeout", "30m").cluster.options(null).requestTimeout())
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aBadDurationIsOneLineNamingTheFlagWithExit2() {
    assertThatThrownBy(() -> parse("--request-timeout", "soon").cluster.options(null))
        .isInstanceOf(UserException.class)
        .hasMessage("--request-timeout: 'soon' is not a duration; use e.g. 30d, 72h, 90m or P30D");
    CliRun r =
        CliRun.of("preflight", "--before", "a.yaml", "--after", "b.yaml", "--expiry-warning", "2w");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: --expiry-warning: '2w' is not a duration; use e.g. 30d, 72h, 90m or P30D");
  }
}
