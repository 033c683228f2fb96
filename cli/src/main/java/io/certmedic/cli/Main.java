package io.certmedic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    footer = {
      "",
      "Exit codes: 0 all is well, 1 problems found, 2 usage or input error,",
      "3 internal error (rerun with --debug for the stack trace).",
      "Run 'certmedic COMMAND --help' for a command's options and examples."
    })
public final class Main implements Runnable {

  /**
   * The subcommands by name, in the order the help lists them. Added in code, not in
   * {@code @Command(subcommands=...)}: picocli builds a command's model by reflection when it is
   * added, so a run that names its subcommand gets only that one (see {@link
   * #commandLine(String[])}).
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("doctor", DoctorCommand.class);
    m.put("snapshot", SnapshotCommand.class);
    m.put("fix", FixCommand.class);
    m.put("preflight", PreflightCommand.class);
    m.put("explain", ExplainCommand.class);
    m.put("inspect", InspectCommand.class);
    m.put("issue", IssueCommand.class);
    m.put("probe", ProbeCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("controller", ControllerCommand.class);
    m.put("generate-completion", AutoComplete.GenerateCompletion.class);
    return Collections.unmodifiableMap(m);
  }

  /** The root's option that takes a value in the next argument (when written without '='). */
  private static final String MAX_INPUT_SIZE = "--max-input-size";

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
    return execute(commandLine(args), args, out, err);
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

  /** The whole command tree: every subcommand. */
  static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS.keySet());
  }

  /**
   * The command tree {@code args} needs: when they name a subcommand, after nothing but the root's
   * {@code --debug} and {@code --max-input-size}, only that subcommand; otherwise (the root's help
   * or version, a mistyped name, no arguments) every one, so help and suggestions are whole.
   * Parsing and output are the same either way; a short run just skips building the model of ten
   * commands it does not use.
   */
  static CommandLine commandLine(String[] args) {
    String named = namedSubcommand(args);
    return commandLine(named == null ? SUBCOMMANDS.keySet() : Set.of(named));
  }

  /** The subcommand {@code args} name before anything but the root's own options, or null. */
  static String namedSubcommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (SUBCOMMANDS.containsKey(a)) {
        return a;
      }
      if (MAX_INPUT_SIZE.equals(a)) {
        i++; // its value
      } else if (!"--debug".equals(a) && !a.startsWith(MAX_INPUT_SIZE + "=")) {
        return null;
      }
    }
    return null;
  }

  private static CommandLine commandLine(Set<String> names) {
    CommandLine cl = new CommandLine(new Main());
    SUBCOMMANDS.forEach(
        (name, type) -> {
          if (names.contains(name)) {
            cl.addSubcommand(name, type);
          }
        });
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
    CommandLine completion = cl.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion
          .getCommandSpec()
          .usageMessage()
          .hidden(false)
          .footer(
              "",
              "Examples:",
              "  source <(certmedic generate-completion)              # bash or zsh, this shell",
              "  certmedic generate-completion > /etc/bash_completion.d/certmedic");
    }
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
