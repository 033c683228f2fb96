package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * A ConfigMap: every key it has, what its certificate-bearing keys held, and when its data last
 * changed.
 */
public record ConfigMapRecord(
    Meta meta, Set<String> keys, Map<String, DataField> fields, DataChange dataChange) {

  public ConfigMapRecord {
    keys = Set.copyOf(keys);
    fields = Map.copyOf(fields);
    requireNonNull(dataChange, "dataChange == null");
  }

  /** A ConfigMap whose data's change time is not recorded. */
  public ConfigMapRecord(Meta meta, Set<String> keys, Map<String, DataField> fields) {
    this(meta, keys, fields, DataChange.NOT_RECORDED);
  }

  public DataField field(String key) {
    return fields.getOrDefault(key, DataField.EMPTY);
  }
}
