package io.certmedic.core.snapshot;

import java.time.Instant;
import java.util.Optional;

/**
 * When an object's data (a Secret's or ConfigMap's {@code data}, {@code binaryData} or {@code
 * stringData}) last changed, as its {@code metadata.managedFields} record it: {@code managedFields}
 * says whether the input carried managedFields at all ({@code kubectl get -o yaml} leaves them out
 * unless {@code --show-managed-fields} is given), {@code at} is the latest time of an entry that
 * touches the data, null when none does.
 */
public record DataChange(boolean managedFields, Instant at) {

  /** The input carried no managedFields: when the data changed is not known. */
  public static final DataChange NOT_RECORDED = new DataChange(false, null);

  public DataChange {
    if (!managedFields && at != null) {
      throw new IllegalArgumentException("a change time needs managedFields");
    }
  }

  /** The time the data last changed, when the input recorded it. */
  public Optional<Instant> changedAt() {
    return Optional.ofNullable(at);
  }
}
