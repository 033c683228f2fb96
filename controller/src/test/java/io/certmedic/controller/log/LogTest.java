package io.certmedic.controller.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.ControllerOptions.LogFormat;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty()
        ? List.of()
        : List.of(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1);
  }

  private Log text() {
    return Log.create(LogFormat.TEXT, out, CLOCK);
  }

  private Log json() {
    return Log.create(LogFormat.JSON, out, CLOCK);
  }

  @Test
  void writesATextLineWithTimeLevelMessageAndSortedFields() {
    text().info("reissued Secret ns/name", Map.of("secret", "ns/name", "reason", "SAN_MISMATCH"));

    assertThat(lines())
        .containsExactly(
            "2026-11-23T10:00:00Z INFO reissued Secret ns/name reason=SAN_MISMATCH secret=ns/name");
  }

  @Test
  void keepsTheOrderOfAnOrderedMap() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("secret", "ns/name");
    fields.put("reason", "SAN_MISMATCH");
    fields.put("attempt", 2);

    text().warn("reissue failed", fields);

    assertThat(lines())
        .containsExactly(
            "2026-11-23T10:00:00Z WARN reissue failed secret=ns/name reason=SAN_MISMATCH attempt=2");
  }

  @Test
  void quotesAndEscapesTextValuesSoEachEventStaysOneLine() {
    Map<String, Object> fields = new TreeMap<>();
    fields.put("empty", "");
    fields.put("multi", "line one\nline \"two\"");
    fields.put("path", "C:\\certs");
    fields.put("plain", "x");
    fields.put("eq", "a=b");

    text().info("two\nlines", fields);

    assertThat(lines())
        .containsExactly(
            "2026-11-23T10:00:00Z INFO two\\nlines empty=\"\" eq=\"a=b\" multi=\"line one\\nline \\\"two\\\"\" path=\"C:\\\\certs\" plain=x");
  }

  @Test
  void writesOneJsonObjectPerLineThatJacksonReadsBack() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("secret", "ns/name");
    fields.put("reason", "SAN_MISMATCH");
    fields.put("attempt", 2);
    fields.put("ratio", 0.5);
    fields.put("leader", true);
    fields.put("odd", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
    fields.put("none", null);

    json().info("reissued", fields);
    json().warn("second");

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode n = JSON.readTree(lines.get(0));
    assertThat(n.path("ts").asString()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(n.path("level").asString()).isEqualTo("INFO");
    assertThat(n.path("msg").asString()).isEqualTo("reissued");
    assertThat(n.path("secret").asString()).isEqualTo("ns/name");
    assertThat(n.path("reason").asString()).isEqualTo("SAN_MISMATCH");
    assertThat(n.path("attempt").isNumber()).isTrue();
    assertThat(n.path("attempt").asInt()).isEqualTo(2);
    assertThat(n.path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(n.path("leader").isBoolean()).isTrue();
    assertThat(n.path("odd").asString())
        .isEqualTo("quote \" backslash \\ newline \n tab \t bell \u0007 é");
    assertThat(n.path("none").isNull()).isTrue();
    assertThat(lines.get(0))
        .startsWith(
            "{\"ts\":\"2026-11-23T10:00:00Z\",\"level\":\"INFO\",\"msg\":\"reissued\",\"secret\"");
    assertThat(JSON.readTree(lines.get(1)).path("level").asString()).isEqualTo("WARN");
  }

  @Test
  void keepsTheReservedKeysForItselfAndRenamesFieldsThatClash() {
    json().info("m", Map.of("msg", "mine", "level", "low"));

    JsonNode n = JSON.readTree(lines().get(0));
    assertThat(n.path("msg").asString()).isEqualTo("m");
    assertThat(n.path("level").asString()).isEqualTo("INFO");
    assertThat(n.path("field_msg").asString()).isEqualTo("mine");
    assertThat(n.path("field_level").asString()).isEqualTo("low");
  }

  @Test
  void writesAnErrorAndItsCauses() {
    Exception e =
        new IllegalStateException("write failed", new java.io.IOException("connection reset"));

    text().error("update failed", Map.of("secret", "shop/web-tls"), e);
    json().error("update failed", Map.of(), e);

    assertThat(lines().get(0))
        .isEqualTo(
            "2026-11-23T10:00:00Z ERROR update failed secret=shop/web-tls"
                + " error=\"java.lang.IllegalStateException: write failed; caused by java.io.IOException: connection reset\"");
    assertThat(JSON.readTree(lines().get(1)).path("error").asString())
        .isEqualTo(
            "java.lang.IllegalStateException: write failed; caused by java.io.IOException: connection reset");
  }

  @Test
  void dropsLinesBelowItsLevel() {
    Log log = text();
    log.debug("not shown");
    log.withLevel(Log.Level.WARN).info("not shown either");
    log.withLevel(Log.Level.DEBUG).debug("shown");

    assertThat(lines()).containsExactly("2026-11-23T10:00:00Z DEBUG shown");
    assertThat(log.enabled(Log.Level.DEBUG)).isFalse();
  }

  @Test
  void addsContextFieldsFirst() {
    text().with("replica", "pod-a").with("worker", 1).info("started", Map.of("kind", "Service"));

    assertThat(lines())
        .containsExactly("2026-11-23T10:00:00Z INFO started replica=pod-a worker=1 kind=Service");
  }

  @Test
  void writesMillisecondsOnlyWhenTheClockHasThem() {
    Log log =
        Log.create(
            LogFormat.TEXT,
            out,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00.123456789Z"), ZoneOffset.UTC));

    log.info("x");

    assertThat(lines()).containsExactly("2026-11-23T10:00:00.123Z INFO x");
  }

  @Test
  void neverWritesPrivateKeyBytes() {
    // Given: a Secret holding a real private key, and the key's PEM text itself
    TestPki.Cert cert = TestPki.leaf("web.shop.svc").build();
    String keyPem = PemWriter.privateKey(cert.key());
    String keyB64 = Base64.getEncoder().encodeToString(keyPem.getBytes(StandardCharsets.UTF_8));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web-tls")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToData("tls.key", keyB64)
            .addToData("tls.crt", "Y2VydA==")
            .build();

    for (Log log : List.of(text(), json())) {
      log.info(
          "reissued",
          Map.of(
              "secret", secret, "key", keyPem, "bytes", keyPem.getBytes(StandardCharsets.UTF_8)));
      log.info(keyPem);
      log.error("failed", Map.of(), new IllegalArgumentException("bad key: " + keyPem));
      log.with("object", secret).info("x");
    }

    String all = bytes.toString(StandardCharsets.UTF_8);
    List<String> keyParts = new ArrayList<>(List.of(keyB64, "PRIVATE"));
    keyPem.lines().filter(l -> !l.startsWith("-----")).forEach(keyParts::add);
    for (String part : keyParts) {
      assertThat(all).doesNotContain(part);
    }
    assertThat(lines().get(0))
        .isEqualTo(
            "2026-11-23T10:00:00Z INFO reissued bytes=\"("
                + keyPem.length()
                + " bytes)\""
                + " key=\"[redacted: holds a private key]\\n\" secret=\"Secret shop/web-tls\"");
    assertThat(all)
        .contains(
            "error=\"java.lang.IllegalArgumentException: bad key: [redacted: holds a private key]\\n\"");
    assertThat(lines()).contains("2026-11-23T10:00:00Z INFO [redacted: holds a private key]\\n");
  }

  @Test
  void redactsAKeyBlockCutShortToTheEnd() {
    String keyPem = PemWriter.privateKey(TestPki.leaf("x").build().key());
    String cut = keyPem.substring(0, keyPem.length() / 2);

    text().info("read", Map.of("value", "prefix " + cut));

    assertThat(lines())
        .containsExactly(
            "2026-11-23T10:00:00Z INFO read value=\"prefix [redacted: holds a private key]\"");
  }

  @Test
  void writesWholeLinesFromManyThreads() throws Exception {
    Log log = json();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 200; i++) {
                  log.info("tick", Map.of("thread", id, "i", i, "pad", "x".repeat(200)));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    List<String> lines = lines();
    assertThat(lines).hasSize(800);
    for (String l : lines) {
      assertThat(JSON.readTree(l).path("msg").asString()).isEqualTo("tick");
    }
  }
}
