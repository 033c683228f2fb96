package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class FormatFlagTest {

  @Command(name = "t")
  static final class Host {
    @Mixin FormatFlag output = new FormatFlag();
  }

  private static FormatFlag parse(String... args) {
    Host h = new Host();
    new CommandLine(h).parseArgs(args);
    return h.output;
  }

  @Test
  void theDefaultIsTheNamedConstant() {
    assertThat(parse().format()).isEqualTo(FormatFlag.DEFAULT);
  }

  @Test
  void readsEveryFormatByItsShortOrLongName() {
    for (Renderers.Format f : Renderers.Format.values()) {
      assertThat(parse("-o", f.name().toLowerCase(java.util.Locale.ROOT)).format()).isEqualTo(f);
      assertThat(parse("--output", f.name()).format()).isEqualTo(f);
    }
  }

  @Test
  void helpShowsTheDefaultTakenFromTheConstant() {
    assertThat(new CommandLine(new Host()).setUsageHelpWidth(300).getUsageMessage())
        .contains("(default: table)");
  }

  @Test
  void anUnknownFormatIsOneLineWithExit2() {
    assertThatThrownBy(() -> parse("-o", "xml").format())
        .isInstanceOf(UserException.class)
        .hasMessage(
            "--output: unknown format 'xml', expected one of table, json, yaml, markdown, sarif, junit, html");
    CliRun r = CliRun.of("preflight", "--before", "a.yaml", "--after", "b.yaml", "-o", "xml");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "certmedic: --output: unknown format 'xml', expected one of table, json, yaml, markdown, sarif, junit, html");
  }
}
