package io.certmedic.bench;

import io.certmedic.core.explain.ExplainAggregator;
import io.certmedic.core.explain.ExplainOptions;
import io.certmedic.core.explain.LogScanner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state throughput of {@code explain --log}'s engine over a 64 MiB in-memory synthetic API
 * server log (no disk): one op reads the whole log; MB/s = 64 MiB / op time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExplainBenchmark {

  static final long LOG_BYTES = 64L << 20;

  byte[] log;

  @Setup
  public void setup() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) LOG_BYTES + 4096);
    SyntheticLog.write(out, LOG_BYTES, 1);
    log = out.toByteArray();
  }

  @Benchmark
  public long scan64MiB() throws IOException {
    ExplainAggregator agg = new ExplainAggregator(ExplainOptions.DEFAULTS);
    LogScanner.Stats s =
        LogScanner.scan(new ByteArrayInputStream(log), agg, ExplainOptions.DEFAULTS, null);
    return s.lines() + agg.explanations().size();
  }
}
