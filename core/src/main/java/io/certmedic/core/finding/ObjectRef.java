package io.certmedic.core.finding;

import static java.util.Objects.requireNonNull;

/** A Kubernetes object by kind, namespace ("" for cluster-scoped) and name. */
public record ObjectRef(String kind, String namespace, String name) {

  public ObjectRef {
    requireNonNull(kind, "kind == null");
    namespace = namespace == null ? "" : namespace;
    requireNonNull(name, "name == null");
  }

  public static ObjectRef of(String kind, String namespace, String name) {
    return new ObjectRef(kind, namespace, name);
  }

  public static ObjectRef cluster(String kind, String name) {
    return new ObjectRef(kind, "", name);
  }

  /** {@code Kind ns/name} or {@code Kind name}. */
  public String describe() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  @Override
  public String toString() {
    return describe();
  }
}
