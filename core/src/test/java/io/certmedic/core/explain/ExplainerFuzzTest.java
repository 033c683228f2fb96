package io.certmedic.core.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Optional;

/**
 * Fuzzes explain's public entry point, {@link Explainer#explain(String)}, with any line: it never
 * throws (its documented contract) and answers within {@link #BUDGET}, so no line hangs {@code
 * explain}. Only the entry point is called, never a matcher, so the test holds whatever matchers
 * sit behind it. In a normal {@code mvn test} only the inputs under {@code
 * ExplainerFuzzTestInputs/} run; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class ExplainerFuzzTest {

  /**
   * A minute, the bound: far above what an input takes even while classes load on a loaded
   * machine; only a hang reaches it.
   */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  @FuzzTest(maxDuration = "10s")
  void anyLineIsExplainedOrLeftAloneWithoutAnExceptionOrAHang(byte[] data) {
    String line = new String(data, UTF_8);
    long start = System.nanoTime();
    Optional<Explanation> e = Explainer.explain(line);
    Optional<ErrorFacts> facts = Explainer.classify(line, 2026);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(BUDGET);
    assertThat(e.isPresent()).isEqualTo(facts.isPresent());
  }
}
