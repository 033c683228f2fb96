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
  void aRunThatNamesItsSubcommandBuildsOnlyThatOne() {
    assertThat(Main.commandLine(new String[] {"doctor", "-f", "x"}).getSubcommands().keySet())
        .containsExactly("doctor");
    assertThat(
            Main.commandLine(new String[] {"--debug", "--max-input-size", "5", "explain", "x"})
                .getSubcommands()
                .keySet())
        .containsExactly("explain");
    assertThat(
            Main.commandLine(new String[] {"--max-input-size=5", "inspect", "f"})
                .getSubcommands()
                .keySet())
        .containsExactly("inspect");
  }

  @Test
  void theRootsHelpAMistypedNameOrNoArgumentsBuildEverySubcommand() {
    int all = Main.commandLine().getSubcommands().size();
    assertThat(all).isEqualTo(11);
    for (String[] args :
        new String[][] {{}, {"--help"}, {"doctr"}, {"--version"}, {"-x", "doctor"}}) {
      assertThat(Main.commandLine(args).getSubcommands()).hasSize(all);
    }
  }

  @Test
  void aSubcommandsHelpIsTheSameWhetherBuiltAloneOrInTheWholeTree() {
    for (String name : Main.commandLine().getSubcommands().keySet()) {
      String[] args = {name, "--help"};
      StringWriter whole = new StringWriter();
      int code =
          Main.execute(
              Main.commandLine(), args, new PrintWriter(whole, true), new PrintWriter(whole, true));
      CliRun alone = CliRun.of(args);
      assertThat(alone.exit()).as(name).isEqualTo(code);
      assertThat(alone.out()).as(name).isEqualTo(whole.toString()).isNotBlank();
    }
  }

  @Test
  void aMistypedSubcommandIsStillOneUsageErrorNamingIt() {
    CliRun r = CliRun.of("doctr", "-f", "x");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("certmedic: Unmatched arguments from index 0: 'doctr'");
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

  /** Every command's help as a terminal 80 columns wide shows it, without colour. */
  private static java.util.Map<String, String> helpAt80() {
    java.util.Map<String, String> help = new java.util.LinkedHashMap<>();
    java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(Main.commandLine());
    while (!todo.isEmpty()) {
      CommandLine c = todo.poll();
      c.setUsageHelpWidth(80);
      c.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      help.put(c.getCommandSpec().qualifiedName(), c.getUsageMessage(CommandLine.Help.Ansi.OFF));
      todo.addAll(c.getSubcommands().values());
    }
    return help;
  }

  @Test
  void everyCommandsHelpFitsEightyColumns() {
    helpAt80()
        .forEach(
            (name, help) -> {
              for (String line : help.split("\n")) {
                assertThat(line.length())
                    .as("'%s --help' line fits 80 columns: %s", name, line)
                    .isLessThanOrEqualTo(80);
              }
            });
  }

  @Test
  void everyExampleLineIsPrintedWholeNeverWrappedInsideAName() {
    java.util.Map<String, String> help = helpAt80();
    java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(Main.commandLine());
    int examples = 0;
    while (!todo.isEmpty()) {
      CommandLine c = todo.poll();
      todo.addAll(c.getSubcommands().values());
      String name = c.getCommandSpec().qualifiedName();
      java.util.List<String> lines = java.util.List.of(help.get(name).split("\n"));
      for (String footer : c.getCommandSpec().usageMessage().footer()) {
        if (footer.startsWith("  ")) {
          examples++;
          assertThat(lines).as("'%s --help' prints the example whole", name).contains(footer);
        }
      }
    }
    assertThat(examples).isGreaterThan(20);
  }

  @Test
  void theCommandListGivesEachCommandOneCompleteSentence() {
    String help = helpAt80().get("certmedic");
    String commands = help.substring(help.indexOf("Commands:"));
    for (String name :
        java.util.List.of(
            "doctor",
            "snapshot",
            "fix",
            "preflight",
            "explain",
            "inspect",
            "issue",
            "probe",
            "demo",
            "controller")) {
      java.util.Optional<String> line =
          commands.lines().filter(l -> l.startsWith("  " + name + " ")).findFirst();
      assertThat(line).as("the command list names %s", name).isPresent();
      assertThat(line.get().strip()).as("%s's summary is one sentence", name).endsWith(".");
    }
  }

  @Test
  void demoHelpSaysWhatItWritesAndThatItRunsNothing() {
    String help = helpAt80().get("certmedic demo");
    assertThat(help).contains("Writes one cluster dump per incident");
    assertThat(help).contains("certmedic doctor -f");
  }
}
