package io.certmedic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runs the launcher's class-data archive is trained on, in one JVM: what they load is what the
 * archive holds, so these are the commands people run at the prompt. The launcher runs this class
 * once per install ({@code java -XX:DumpLoadedClassList=... -cp certmedic.jar
 * io.certmedic.cli.CdsTraining EXAMPLES}), then dumps the archive from that class list. Output is
 * thrown away and exit codes do not matter; the certificate it issues and inspects lives in a
 * temporary directory deleted at the end.
 */
public final class CdsTraining {

  /** The error line {@code explain} is trained on. */
  static final String EXPLAIN_LINE = "x509: certificate signed by unknown authority";

  private CdsTraining() {}

  /** {@code args[0]}: the examples directory the doctor reads (missing is fine). */
  public static void main(String[] args) throws IOException {
    Path examples = Path.of(args.length > 0 ? args[0] : "examples");
    Path dir = Files.createTempDirectory("certmedic-cds-");
    try {
      for (String[] run : runs(examples, dir)) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        Main.run(run, none, none);
      }
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  /** The command lines, in order: each later one may read what an earlier one wrote. */
  static List<String[]> runs(Path examples, Path dir) {
    String out = dir.resolve("out").toString();
    String crt = dir.resolve("out").resolve("tls.crt").toString();
    String key = dir.resolve("out").resolve("tls.key").toString();
    String ex = examples.toString();
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"--help"});
    runs.add(new String[] {"--version"});
    runs.add(new String[] {"explain", EXPLAIN_LINE});
    runs.add(new String[] {"issue", "--service", "webhook", "-n", "training", "--out", out});
    runs.add(new String[] {"inspect", crt});
    runs.add(new String[] {"inspect", crt, key});
    runs.add(new String[] {"doctor", "-f", ex});
    runs.add(new String[] {"doctor", "-f", ex, "-o", "json"});
    runs.add(new String[] {"doctor", "--help"});
    return runs;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
