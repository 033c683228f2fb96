package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * A Secret: its type, every data key it has, what its certificate-bearing keys held ({@code
 * fields}: tls.crt, tls.key, ca.crt, cert, key, ca, *.pem ...), and when its data last changed.
 */
public record SecretRecord(
    Meta meta,
    String type,
    Set<String> keys,
    Map<String, DataField> fields,
    DataChange dataChange) {

  public SecretRecord {
    keys = Set.copyOf(keys);
    fields = Map.copyOf(fields);
    requireNonNull(dataChange, "dataChange == null");
  }

  /** A Secret whose data's change time is not recorded. */
  public SecretRecord(Meta meta, String type, Set<String> keys, Map<String, DataField> fields) {
    this(meta, type, keys, fields, DataChange.NOT_RECORDED);
  }

  public DataField field(String key) {
    return fields.getOrDefault(key, DataField.EMPTY);
  }
}
