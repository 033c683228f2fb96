package io.certmedic.controller.health;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A condition {@code /healthz} or {@code /readyz} reports: empty when it holds, else one line
 * saying what is wrong.
 */
@FunctionalInterface
public interface Probe {

  Optional<String> problem();

  /** A probe that holds while {@code ok} is true, and otherwise says {@code problem}. */
  static Probe of(BooleanSupplier ok, String problem) {
    requireNonNull(ok, "ok == null");
    requireNonNull(problem, "problem == null");
    return () -> ok.getAsBoolean() ? Optional.empty() : Optional.of(problem);
  }
}
