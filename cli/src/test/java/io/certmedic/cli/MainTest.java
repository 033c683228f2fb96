package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  @Command(name = "boom")
  static final class Boom implements Runnable {
    @Override
    public void run() {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  @Command(name = "npe")
  static final class Npe implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("a bug");
    }
  }

  private static CliRun run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new Boom());
    cl.addSubcommand(new Npe());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(cl, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void anErrorSuchAsOutOfMemoryExitsThreeWithOneLineAndNoStackTrace() {
    CliRun r = run("boom");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().lines())
        .containsExactly(
            "certmedic: internal error: java.lang.OutOfMemoryError: Java heap space"
                + " (rerun with --debug for the stack trace)");
  }

  @Test
  void anUnexpectedExceptionExitsThreeNotOneWhichMeansProblemsFound() {
    CliRun r = run("npe");
    assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL);
    assertThat(r.err()).doesNotContain("\tat ").contains("rerun with --debug");
  }

  @Test
  void debugAfterTheSubcommandPrintsTheStackTrace() {
    CliRun r = run("npe", "--debug");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("\tat ").contains("a bug");
  }

  @Test
  void debugBeforeTheSubcommandPrintsTheStackTrace() {
    CliRun r = run("--debug", "boom");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void aUserErrorStaysExitTwoWithOneLine() {
    CliRun r = CliRun.of("inspect", "/no/such/file.pem");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void debugAfterADoubleDashIsAnArgumentNotTheFlag() {
    assertThat(Main.debugRequested(new String[] {"explain", "--", "--debug"})).isFalse();
    assertThat(Main.debugRequested(new String[] {"explain", "x", "--debug"})).isTrue();
  }

  @Test
  void inspectOfAnEndlessDeviceIsOneLineAndExitTwoNotOutOfMemory() {
    CliRun r = CliRun.of("inspect", "/dev/zero");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("certmedic: /dev/zero:")
        .contains("too large");
  }

  @Test
  void maxInputSizeLowersTheLimitOfADump(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path f =
        java.nio.file.Files.writeString(
            dir.resolve("d.yaml"), "kind: List\nitems: []\n" + "#".repeat(5000));
    CliRun r = CliRun.of("doctor", "-f", f.toString(), "--max-input-size", "1000");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("more than 1000 bytes is too large");
    assertThat(CliRun.of("doctor", "-f", f.toString()).err()).doesNotContain("too large");
  }
}
