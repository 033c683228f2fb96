package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.Condition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small readers of JSON trees shared by the mappers of this package. */
final class Nodes {

  private Nodes() {}

  /** A string map ({@code labels}, {@code annotations}, {@code selector}). */
  static Map<String, String> strings(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString(""));
    }
    return m;
  }

  /** The strings of an array, in order. */
  static List<String> list(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asString("")));
    return out;
  }

  /** An RFC 3339 time as Kubernetes writes it, or null when absent or not a time. */
  static Instant instant(JsonNode v) {
    if (v == null || !v.isString() || v.asString().isEmpty()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v.asString()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Status conditions; a condition's time is its {@code lastTransitionTime}, else its {@code
   * lastUpdateTime} (CertificateSigningRequests write both).
   */
  static List<Condition> conditions(JsonNode arr) {
    List<Condition> out = new ArrayList<>();
    for (JsonNode c : arr) {
      String type = c.path("type").asString("");
      if (type.isEmpty()) {
        continue;
      }
      Instant at = instant(c.path("lastTransitionTime"));
      out.add(
          new Condition(
              type,
              c.path("status").asString(""),
              c.path("reason").asString(""),
              c.path("message").asString(""),
              at != null ? at : instant(c.path("lastUpdateTime"))));
    }
    return out;
  }
}
