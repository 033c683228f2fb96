package io.certmedic.core.snapshot;

import java.util.Map;
import java.util.Set;

/**
 * A Secret: its type, every data key it has, and what its certificate-bearing keys held ({@code
 * fields}: tls.crt, tls.key, ca.crt, cert, key, ca, *.pem ...).
 */
public record SecretRecord(
    Meta meta, String type, Set<String> keys, Map<String, DataField> fields) {

  public SecretRecord {
    keys = Set.copyOf(keys);
    fields = Map.copyOf(fields);
  }

  public DataField field(String key) {
    return fields.getOrDefault(key, DataField.EMPTY);
  }
}
