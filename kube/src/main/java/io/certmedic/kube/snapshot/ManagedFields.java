package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.DataChange;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * When an object's data last changed, read from {@code metadata.managedFields}: the latest {@code
 * time} of an entry whose {@code fieldsV1} touches {@code f:data}, {@code f:binaryData} or {@code
 * f:stringData}.
 */
final class ManagedFields {

  /** The fields of {@code fieldsV1} that hold a Secret's or ConfigMap's data. */
  static final List<String> DATA_FIELDS = List.of("f:data", "f:binaryData", "f:stringData");

  private ManagedFields() {}

  /** What {@code object}'s managedFields say about its data. */
  static DataChange dataChange(JsonNode object) {
    return fromEntries(object.path("metadata").path("managedFields"));
  }

  /** What the managedFields entries {@code mf} say about the data (not an array: nothing). */
  static DataChange fromEntries(JsonNode mf) {
    if (!mf.isArray()) {
      return DataChange.NOT_RECORDED;
    }
    Instant latest = null;
    for (JsonNode e : mf) {
      JsonNode f = e.path("fieldsV1");
      if (DATA_FIELDS.stream().noneMatch(f::has)) {
        continue;
      }
      Instant t = Nodes.instant(e.path("time"));
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    return new DataChange(true, latest);
  }
}
