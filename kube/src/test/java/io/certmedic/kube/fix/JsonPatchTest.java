package io.certmedic.kube.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonPatchTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void addsReplacesAndRemovesMembersAndArrayEntriesWithoutTouchingTheInput() {
    JsonNode doc =
        JSON.readTree(
            "{\"metadata\":{\"resourceVersion\":\"7\",\"annotations\":{\"a/b\":\"x\"}},\"webhooks\":[{\"name\":\"w\",\"clientConfig\":{}}]}");
    JsonNode out =
        JsonPatch.apply(
            doc,
            List.of(
                JsonPatch.test("/metadata/resourceVersion", "7"),
                JsonPatch.test("/webhooks/0/name", "w"),
                JsonPatch.add("/webhooks/0/clientConfig/caBundle", "Q0E="),
                JsonPatch.remove("/metadata/annotations/" + JsonPatch.escape("a/b")),
                JsonPatch.add(
                    "/metadata/annotations/" + JsonPatch.escape("certmedic.io/fixed-at"), "t")));
    assertThat(out.path("webhooks").get(0).path("clientConfig").path("caBundle").asString())
        .isEqualTo("Q0E=");
    assertThat(out.path("metadata").path("annotations").has("a/b")).isFalse();
    assertThat(out.path("metadata").path("annotations").path("certmedic.io/fixed-at").asString())
        .isEqualTo("t");
    assertThat(doc.path("metadata").path("annotations").has("a/b"))
        .as("the input is not changed")
        .isTrue();
  }

  @Test
  void aFailedTestRefusesTheWholePatch() {
    JsonNode doc = JSON.readTree("{\"metadata\":{\"resourceVersion\":\"8\"}}");
    assertThatThrownBy(
            () -> JsonPatch.apply(doc, List.of(JsonPatch.test("/metadata/resourceVersion", "7"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test failed");
  }

  @Test
  void escapesPointerSegmentsAsRfc6901Asks() {
    assertThat(JsonPatch.escape("certmedic.io/restartedAt")).isEqualTo("certmedic.io~1restartedAt");
    assertThat(JsonPatch.escape("a~b")).isEqualTo("a~0b");
    assertThat(JsonPatch.segments("/x/a~1b/c~0d")).containsExactly("x", "a/b", "c~d");
  }
}
