package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes the whole dump reader behind {@code doctor -f -}: manifests, Lists and kubeconfigs read
 * into a {@link Snapshot}, certificate fields parsed. What it cannot read is an unreadable entry of
 * the snapshot or its documented {@link ManifestException}, never another exception, and nothing
 * hangs. In a normal {@code mvn test} only the inputs under {@code DumpReaderFuzzTestInputs/} run;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class DumpReaderFuzzTest {

  /**
   * A minute, the bound: far above what an input takes even while classes load on a loaded
   * machine; only a hang reaches it.
   */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  @FuzzTest(maxDuration = "10s")
  void anyDumpIsASnapshotOrAManifestException(byte[] data) {
    long start = System.nanoTime();
    try {
      Snapshot s = DumpReader.read(List.of("-"), new ByteArrayInputStream(data));
      assertThat(s.unreadable()).allSatisfy(u -> assertThat(u.problem()).doesNotContain("\n"));
    } catch (ManifestException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
  }
}
