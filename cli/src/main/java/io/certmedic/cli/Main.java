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
      "Exit codes: 0 all is well, 1 problems found, 2 usage or input error,",
      "3 internal error (rerun with --debug for the stack trace).",
      "Run 'certmedic COMMAND --help' for a command's options and examples."
    })
public final class Main implements Runnable {

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors (before or after the subcommand).")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Most bytes one dump input (file, pipe, device) may hold, for every command that reads one. */
  @Option(
      names = "--max-input-size",
      scope = CommandLine.ScopeType.INHERIT,
      paramLabel = "BYTES",
      description =
          "Most bytes one -f input (file, pipe or device) may hold; default 1073741824 (1 GiB).")
  void maxInputSize(long bytes) {
    if (bytes < 1) {
      throw new ParameterException(spec.commandLine(), "--max-input-size must be at least 1");
    }
    io.certmedic.kube.snapshot.DumpReader.maxInputBytes(bytes);
    ExplainCommand.maxLogBytes = bytes;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs certmedic with the given streams and returns the exit code; used by tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return execute(commandLine(), args, out, err);
  }

  /**
   * Runs {@code cl}: a {@link UserException} is one line and exit 2, anything else (an Error such
   * as OutOfMemoryError included) one line and exit 3; {@code --debug} anywhere before {@code --}
   * adds the stack trace.
   */
  static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
    io.certmedic.kube.snapshot.DumpReader.maxInputBytes(
        io.certmedic.kube.snapshot.DumpReader.DEFAULT_MAX_INPUT_BYTES);
    ExplainCommand.maxLogBytes = ExplainCommand.DEFAULT_MAX_LOG_BYTES;
    cl.setOut(out);
    cl.setErr(err);
    boolean debug = debugRequested(args);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, debug, err));
    try {
      return cl.execute(args);
    } catch (Throwable t) { // an Error passes picocli's handler; still one line and exit 3
      return failed(t, debug, err);
    }
  }

  /** Whether {@code --debug} was given, before or after the subcommand (not after {@code --}). */
  static boolean debugRequested(String[] args) {
    for (String a : args) {
      if ("--".equals(a)) {
        return false;
      }
      if ("--debug".equals(a)) {
        return true;
      }
    }
    return false;
  }

  private static int failed(Throwable ex, boolean debug, PrintWriter err) {
    int code;
    if (ex instanceof UserException) {
      err.println("certmedic: " + ex.getMessage());
      code = ExitCode.USAGE;
    } else {
      err.println(
          "certmedic: internal error: "
              + ex
              + (debug ? "" : " (rerun with --debug for the stack trace)"));
      code = ExitCode.INTERNAL;
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi()));
    cl.setExitCodeExceptionMapper(
        e -> e instanceof ParameterException ? ExitCode.USAGE : ExitCode.INTERNAL);
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
