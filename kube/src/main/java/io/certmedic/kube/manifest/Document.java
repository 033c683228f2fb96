package io.certmedic.kube.manifest;

import static java.util.Objects.requireNonNull;

import tools.jackson.databind.JsonNode;

/**
 * One Kubernetes object (or kubeconfig) read from an input, with where it came from: {@code where}
 * is e.g. {@code dump.yaml: document 3} or {@code dump.json: items[17]}.
 */
public record Document(JsonNode node, String where) {

  public Document {
    requireNonNull(node, "node == null");
    requireNonNull(where, "where == null");
  }

  public String kind() {
    return node.path("kind").asString("");
  }

  public String apiVersion() {
    return node.path("apiVersion").asString("");
  }

  public String name() {
    return node.path("metadata").path("name").asString("");
  }

  public String namespace() {
    return node.path("metadata").path("namespace").asString("");
  }

  /** {@code Kind ns/name}, or {@code Kind name} for cluster-scoped objects. */
  public String describe() {
    String ns = namespace();
    return kind() + " " + (ns.isEmpty() ? name() : ns + "/" + name());
  }
}
