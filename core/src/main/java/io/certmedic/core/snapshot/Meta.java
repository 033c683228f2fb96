package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import java.util.List;
import java.util.Map;

/**
 * What every object carries: its reference, labels, annotations, owners, and whether it was read
 * from a running cluster ({@code live}: it has a uid, resourceVersion or creationTimestamp) or from
 * an install manifest, where runtime-filled fields (caBundles, generated Secrets) are expected to
 * be empty.
 */
public record Meta(
    ObjectRef ref,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<ObjectRef> owners,
    boolean live,
    String where) {

  public Meta {
    requireNonNull(ref, "ref == null");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    owners = List.copyOf(owners);
    where = where == null ? "" : where;
  }

  public String annotation(String key) {
    return annotations.get(key);
  }

  public String namespace() {
    return ref.namespace();
  }

  public String name() {
    return ref.name();
  }
}
