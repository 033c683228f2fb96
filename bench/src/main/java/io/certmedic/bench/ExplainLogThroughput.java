package io.certmedic.bench;

import io.certmedic.core.explain.ExplainAggregator;
import io.certmedic.core.explain.ExplainOptions;
import io.certmedic.core.explain.Explanation;
import io.certmedic.core.explain.LogScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times {@code explain --log}'s engine (LogScanner + ExplainAggregator) over a log file, end to end
 * including reading the file, and prints MB/s per run and the median.
 *
 * <p>Usage: {@code ExplainLogThroughput FILE [RUNS=5]}
 */
public final class ExplainLogThroughput {

  private ExplainLogThroughput() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double[] mbs = new double[runs];
    for (int r = 0; r < runs; r++) {
      ExplainAggregator agg = new ExplainAggregator(ExplainOptions.DEFAULTS);
      long t0 = System.nanoTime();
      LogScanner.Stats s;
      try (InputStream in = Files.newInputStream(file)) {
        s = LogScanner.scan(in, agg, ExplainOptions.DEFAULTS, null);
      }
      var explanations = agg.explanations();
      long ns = System.nanoTime() - t0;
      mbs[r] = s.bytes() / 1e6 / (ns / 1e9);
      System.out.printf(
          "run %d: %.0f MB/s  (%d bytes, %d lines, %d candidate lines, %d failures, %d groups, %.2f s)%n",
          r + 1,
          mbs[r],
          s.bytes(),
          s.lines(),
          s.candidates(),
          agg.summary().failures(),
          explanations.size(),
          ns / 1e9);
      if (r == 0) {
        for (Explanation e : explanations) {
          System.out.printf("  %-18s x%-8d %s%n", e.family().json(), e.count(), e.facts().target());
        }
      }
    }
    double[] sorted = mbs.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "median %.0f MB/s, best %.0f MB/s over %d runs%n",
        sorted[runs / 2], sorted[runs - 1], runs);
  }
}
