package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A status condition as Kubernetes objects report it ({@code Ready}, {@code Approved}, {@code
 * ResolvedRefs} ...): {@code status} is "True", "False" or "Unknown"; {@code lastTransitionTime} is
 * null when the object did not say.
 */
public record Condition(
    String type, String status, String reason, String message, Instant lastTransitionTime) {

  public Condition {
    requireNonNull(type, "type == null");
    status = status == null ? "" : status;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  public boolean isTrue() {
    return "True".equals(status);
  }

  public boolean isFalse() {
    return "False".equals(status);
  }

  /** The condition of {@code type} among {@code conditions}, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
