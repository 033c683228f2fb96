package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

/**
 * One item of work: the object to reconcile, by Kubernetes kind, namespace ("" when cluster-scoped)
 * and name. The work queue holds each key at most once.
 */
public record Key(String kind, String namespace, String name) {

  public Key {
    requireNonNull(kind, "kind == null");
    requireNonNull(namespace, "namespace == null");
    requireNonNull(name, "name == null");
  }

  public static Key of(io.fabric8.kubernetes.api.model.HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return new Key(o.getKind(), ns == null ? "" : ns, o.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
