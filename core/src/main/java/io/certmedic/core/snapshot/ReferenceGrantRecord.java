package io.certmedic.core.snapshot;

import java.util.List;

/**
 * A Gateway API ReferenceGrant: objects of the {@code from} kinds in their namespaces may refer to
 * the {@code to} objects in the grant's own namespace ({@code name} "" for every object of the
 * kind).
 */
public record ReferenceGrantRecord(Meta meta, List<From> from, List<To> to) {

  public ReferenceGrantRecord {
    from = List.copyOf(from);
    to = List.copyOf(to);
  }

  /** Who may refer: group ("" for core), kind and namespace. */
  public record From(String group, String kind, String namespace) {}

  /** What may be referred to: group ("" for core), kind and name ("" for all). */
  public record To(String group, String kind, String name) {}

  /**
   * True when this grant lets a {@code fromGroup/fromKind} in {@code fromNamespace} refer to the
   * {@code toGroup/toKind} named {@code toName} in the grant's namespace.
   */
  public boolean permits(
      String fromGroup,
      String fromKind,
      String fromNamespace,
      String toGroup,
      String toKind,
      String toName) {
    boolean fromOk =
        from.stream()
            .anyMatch(
                f ->
                    f.group().equals(fromGroup)
                        && f.kind().equals(fromKind)
                        && f.namespace().equals(fromNamespace));
    return fromOk
        && to.stream()
            .anyMatch(
                t ->
                    t.group().equals(toGroup)
                        && t.kind().equals(toKind)
                        && (t.name().isEmpty() || t.name().equals(toName)));
  }
}
