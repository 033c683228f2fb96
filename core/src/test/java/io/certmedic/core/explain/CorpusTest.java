package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every labelled line of explain/corpus.tsv (real lines from public issue threads) is classified as
 * labelled.
 */
class CorpusTest {

  record Row(String family, String fields, String source, String line) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = CorpusTest.class.getResourceAsStream("/explain/corpus.tsv")) {
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] c = l.split("\t", 4);
        rows.add(new Row(c[0], c[1], c[2], c[3]));
      }
    }
    return rows;
  }

  static Stream<Arguments> corpus() throws IOException {
    return rows().stream().map(r -> Arguments.of(r.family(), r.source(), r));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("corpus")
  void classifiesEveryLabelledLineAsLabelled(String family, String source, Row row) {
    Optional<ErrorFacts> facts = Explainer.classify(row.line());
    if (family.equals("none")) {
      assertThat(facts).as("not a TLS failure: %s", row.line()).isEmpty();
      return;
    }
    assertThat(facts).as("a TLS failure: %s", row.line()).isPresent();
    ErrorFacts f = facts.get();
    assertThat(f.family().json()).as("family of %s", row.line()).isEqualTo(family);
    Explanation e = Explainer.explain(row.line()).orElseThrow();
    for (String kv : row.fields().split(";")) {
      if (kv.isBlank()) {
        continue;
      }
      String key = kv.substring(0, kv.indexOf('='));
      String want = kv.substring(kv.indexOf('=') + 1);
      assertThat(field(f, e, key)).as("%s of %s", key, row.line()).isEqualTo(want);
    }
  }

  @Test
  void corpusHasAtLeastThirtyRealLinesAcrossStacks() throws IOException {
    List<Row> real =
        rows().stream().filter(r -> r.source().startsWith("https://github.com/")).toList();
    assertThat(real).hasSizeGreaterThanOrEqualTo(30);
    assertThat(
            real.stream()
                .map(r -> Explainer.classify(r.line()).map(f -> f.stack()).orElse(null))
                .distinct())
        .contains(Stack.GO, Stack.JDK, Stack.PYTHON, Stack.CURL, Stack.NODE);
  }

  static String field(ErrorFacts f, Explanation e, String key) {
    return switch (key) {
      case "webhook" -> f.webhook();
      case "crd" ->
          f.crd() == null ? null : f.crd().group() + "/" + f.crd().version() + "/" + f.crd().kind();
      case "url" -> f.url();
      case "host" -> f.host();
      case "port" -> f.port() == null ? null : f.port().toString();
      case "path" -> f.path();
      case "service" -> f.service() == null ? null : f.service().toString();
      case "wanted" -> f.wanted();
      case "valid_for" -> String.join(",", f.validFor());
      case "current_time" -> f.currentTime();
      case "not_after" -> f.notAfter();
      case "not_before" -> f.notBefore();
      case "authority" -> f.authority();
      case "reason" -> f.reason();
      case "alert" -> f.alert();
      case "peer" -> f.peer();
      case "caller" -> f.caller();
      case "stack" -> f.stack() == null ? "" : f.stack().json();
      case "timestamp" -> f.timestamp();
      case "expired_ago" -> e.expiredAgo();
      default -> throw new IllegalArgumentException("unknown corpus field " + key);
    };
  }
}
