package io.certmedic.core.snapshot;

import java.util.Map;
import java.util.Set;

/** A ConfigMap: every key it has, and what its certificate-bearing keys held. */
public record ConfigMapRecord(Meta meta, Set<String> keys, Map<String, DataField> fields) {

  public ConfigMapRecord {
    keys = Set.copyOf(keys);
    fields = Map.copyOf(fields);
  }

  public DataField field(String key) {
    return fields.getOrDefault(key, DataField.EMPTY);
  }
}
