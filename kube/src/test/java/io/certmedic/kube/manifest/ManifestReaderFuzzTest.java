package io.certmedic.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link ManifestReader} (YAML streams, JSON, anchors and aliases, duplicate keys, deep
 * nesting, binary): a broken document goes to {@link ManifestSink#unreadable} with a message naming
 * the source and reading goes on; the only exception is its documented {@link IOException} (an
 * input past a limit); nothing hangs. In a normal {@code mvn test} only the inputs under {@code
 * ManifestReaderFuzzTestInputs/} run; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class ManifestReaderFuzzTest {

  private static final String SOURCE = "fuzz.yaml";

  /**
   * A minute, the bound: far above what an input takes even while classes load on a loaded
   * machine; only a hang reaches it.
   */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  @FuzzTest(maxDuration = "10s")
  void anyInputIsReadIntoDocumentsAndUnreadableEntriesOrAnIoException(byte[] data) {
    List<Document> documents = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    ManifestSink sink =
        new ManifestSink() {
          @Override
          public void document(Document d) {
            documents.add(d);
          }

          @Override
          public void unreadable(String where, String problem) {
            unreadable.add(where + ": " + problem);
          }
        };
    long start = System.nanoTime();
    try {
      ManifestReader.read(new ByteArrayInputStream(data), SOURCE, sink);
    } catch (IOException e) {
      assertThat(e.getMessage()).contains(SOURCE);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
    for (Document d : documents) {
      assertThat(d.node().isObject()).as(d.where()).isTrue();
      assertThat(d.where()).contains(SOURCE);
    }
    assertThat(unreadable).allSatisfy(u -> assertThat(u).contains(SOURCE));
  }
}
