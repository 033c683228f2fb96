package io.certmedic.bench;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.snapshot.DumpReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-in for {@code certmedic doctor -f DUMP} while the CLI command is not on main: exactly
 * {@link DumpReader#read} then {@link Doctor#run}, then the counts on stdout (and, with {@code -v},
 * the time each phase took on stderr).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.certmedic.bench.DoctorRun DUMP.json [-v]}.
 */
public final class DoctorRun {

  private DoctorRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: DoctorRun DUMP.json [-v]");
      System.exit(2);
    }
    boolean verbose = args.length > 1 && "-v".equals(args[1]);
    long t0 = System.nanoTime();
    Snapshot s = DumpReader.read(List.of(args[0]), System.in);
    long t1 = System.nanoTime();
    Report r = Doctor.run(s, DoctorOptions.at(Instant.now()));
    long t2 = System.nanoTime();
    Map<String, Integer> byCode = new TreeMap<>();
    r.findings().forEach(f -> byCode.merge(f.code().name(), 1, Integer::sum));
    System.out.printf(
        Locale.ROOT,
        "objects=%d secrets=%d callers=%d findings=%d %s %s%n",
        r.objects(),
        s.secrets().size(),
        s.callers().size(),
        r.findings().size(),
        r.counts(),
        byCode);
    if (verbose) {
      System.err.printf(
          Locale.ROOT, "read %.2f s, doctor %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
  }
}
