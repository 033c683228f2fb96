package io.certmedic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code certmedic} command: a root for the subcommands, shared options and error handling. */
@Command(
    name = "certmedic",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Finds, explains, prevents and repairs TLS breakage in Kubernetes:",
      "webhooks, conversion webhooks, aggregated APIs, kubeconfigs and trust bundles."
    },
    subcommands = {
      DoctorCommand.class,
      SnapshotCommand.class,
      FixCommand.class,
      PreflightCommand.class,
      ExplainCommand.class,
      InspectCommand.class,
      IssueCommand.class,
      ProbeCommand.class,
      DemoCommand.class,
      ControllerCommand.class,
      AutoComplete.GenerateCompletion.class,
    },
    footer = {
      "",
      "Exit codes: 0 all is well, 1 problems found, 2 usage or input error.",
      "Run 'certmedic COMMAND --help' for a command's options and examples."
    })
public final class Main implements Runnable {

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs certmedic with the given streams and returns the exit code; used by tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi()));
    cl.setExitCodeExceptionMapper(
        e -> e instanceof ParameterException ? ExitCode.USAGE : ExitCode.USAGE);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("certmedic: " + ex.getMessage());
          err.println(
              "Run '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          boolean debug = parseResult.hasMatchedOption("--debug");
          if (ex instanceof UserException) {
            err.println("certmedic: " + ex.getMessage());
          } else {
            err.println(
                "certmedic: internal error: "
                    + ex
                    + (debug ? "" : " (run with --debug for details)"));
          }
          if (debug) {
            ex.printStackTrace(err);
          }
          err.flush();
          return ExitCode.USAGE;
        });
    cl.getSubcommands()
        .get("generate-completion")
        .getCommandSpec()
        .usageMessage()
        .hidden(false)
        .footer(
            "",
            "Examples:",
            "  source <(certmedic generate-completion)              # bash or zsh, this shell",
            "  certmedic generate-completion > /etc/bash_completion.d/certmedic");
    return cl;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"certmedic " + number()};
    }

    /** {@code 0.1.0}, or {@code unknown} outside a Maven build. */
    static String number() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return p.getProperty("version", "unknown");
    }
  }
}
