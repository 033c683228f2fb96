package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

/** The custom resource a failed conversion webhook was converting: group, version and kind. */
public record CrdRef(String group, String version, String kind) {
  public CrdRef {
    requireNonNull(group, "group == null");
    requireNonNull(version, "version == null");
    requireNonNull(kind, "kind == null");
  }

  @Override
  public String toString() {
    return kind + "." + group + "/" + version;
  }
}
