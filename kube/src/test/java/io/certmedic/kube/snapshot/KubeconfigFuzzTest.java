package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.Unreadable;
import io.certmedic.kube.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Fuzzes the kubeconfig reader ({@link KubeconfigMapper} behind {@link DumpReader}) with
 * well-formed kubeconfigs whose names, server and {@code *-data} fields are fuzzed (the bytes
 * base64-encoded as kubectl stores them, so the fuzzer reaches the certificate and key parsing):
 * the kubeconfig is read or reported unreadable, no exception escapes but the documented {@link
 * ManifestException}, nothing hangs, and no problem message quotes the client key's data. In a
 * normal {@code mvn test} only the inputs under {@code KubeconfigFuzzTestInputs/} run; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class KubeconfigFuzzTest {

  private static final ObjectMapper YAML = new YAMLMapper();

  /**
   * A minute, the bound: far above what an input takes even while classes load on a loaded
   * machine; only a hang reaches it.
   */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  /** Longest fuzzed name; kubeconfig names are short. */
  private static final int MAX_NAME = 64;

  /** Shortest key data whose base64 text is distinctive enough to look for in messages. */
  private static final int MIN_KEY_TEXT = 16;

  @FuzzTest(maxDuration = "10s")
  void anyKubeconfigIsReadOrReportedWithoutAnExceptionOrTheKeyText(FuzzedDataProvider in) {
    String cluster = in.consumeString(MAX_NAME);
    String user = in.consumeString(MAX_NAME);
    String server = in.consumeString(MAX_NAME);
    byte[] ca = in.consumeBytes(in.consumeInt(0, 4096));
    byte[] cert = in.consumeBytes(in.consumeInt(0, 4096));
    byte[] key = in.consumeRemainingAsBytes();
    String keyText = Base64.getEncoder().encodeToString(key);

    ObjectNode config = YAML.createObjectNode();
    config.put("apiVersion", "v1").put("kind", "Config").put("current-context", cluster);
    ObjectNode c = config.putArray("clusters").addObject().put("name", cluster);
    c.putObject("cluster")
        .put("server", server)
        .put("certificate-authority-data", Base64.getEncoder().encodeToString(ca));
    ObjectNode u = config.putArray("users").addObject().put("name", user);
    u.putObject("user")
        .put("client-certificate-data", Base64.getEncoder().encodeToString(cert))
        .put("client-key-data", keyText);
    ObjectNode x = config.putArray("contexts").addObject().put("name", cluster);
    x.putObject("context").put("cluster", cluster).put("user", user);
    byte[] yaml = YAML.writeValueAsString(config).getBytes(StandardCharsets.UTF_8);

    long start = System.nanoTime();
    try {
      Snapshot s = DumpReader.read(List.of("-"), new ByteArrayInputStream(yaml));
      assertThat(s.kubeconfigs().size() + s.unreadable().size()).isPositive();
      if (keyText.length() >= MIN_KEY_TEXT) {
        assertThat(s.unreadable())
            .extracting(Unreadable::problem)
            .noneMatch(p -> p.contains(keyText));
      }
    } catch (ManifestException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
  }
}
