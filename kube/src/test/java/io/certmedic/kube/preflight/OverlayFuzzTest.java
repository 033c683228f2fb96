package io.certmedic.kube.preflight;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certmedic.kube.manifest.ManifestException;
import java.time.Duration;

/**
 * Fuzzes the preflight overlay: an input is split at {@link #CURRENT} into a render (what {@code
 * helm template} printed) and the objects the cluster holds now (the whole input is both when the
 * marker is absent); the render is read with {@link Preflight#readRender(String, String)} and
 * overlaid on the current objects with {@link Overlay#apply}. The only exception is the documented
 * {@link ManifestException}, and nothing hangs. In a normal {@code mvn test} only the inputs under
 * {@code OverlayFuzzTestInputs/} run; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class OverlayFuzzTest {

  /** Where the current objects start in an input. */
  static final String CURRENT = "\n#current\n";

  /**
   * A minute, the bound: far above what an input takes even while classes load on a loaded
   * machine; only a hang reaches it.
   */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  @FuzzTest(maxDuration = "10s")
  void anyRenderOverlaysAnyCurrentObjectsOrIsAManifestException(byte[] data) {
    String text = new String(data, UTF_8);
    int at = text.indexOf(CURRENT);
    String render = at < 0 ? text : text.substring(0, at);
    String current = at < 0 ? text : text.substring(at + CURRENT.length());
    long start = System.nanoTime();
    try {
      Preflight.Render r = Preflight.readRender(render, "render.yaml");
      Preflight.Render now = Preflight.readRender(current, "current.yaml");
      Overlay overlay = Overlay.of(r.documents(), "rel", "rel-ns");
      Overlay.Result result = overlay.apply(now.documents());
      assertThat(result).isNotNull();
      assertThat(overlay.render()).hasSizeLessThanOrEqualTo(r.documents().size());
    } catch (ManifestException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
  }
}
