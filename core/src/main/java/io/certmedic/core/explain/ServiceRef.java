package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

/** A Service named by a {@code name.namespace.svc} host. */
public record ServiceRef(String namespace, String name) {
  public ServiceRef {
    requireNonNull(namespace, "namespace == null");
    requireNonNull(name, "name == null");
  }

  /** The name the API server dials and verifies: {@code name.namespace.svc}. */
  public String dnsName() {
    return name + "." + namespace + ".svc";
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
