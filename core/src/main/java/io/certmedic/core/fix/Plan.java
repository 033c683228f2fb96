package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code certmedic fix} will do, computed purely from a snapshot and its findings: steps in
 * the order they run ({@link Phase} order, stable within a phase), manual actions last, and notes
 * (decisions a reader should know about). A plan is shown (dry run) or carried out (--apply).
 */
public record Plan(Instant at, List<Step> steps, List<String> notes) {

  public Plan {
    requireNonNull(at, "at == null");
    steps =
        steps.stream()
            .sorted(Comparator.comparing(Step::phase))
            .toList(); // stable: keeps order within a phase
    notes = List.copyOf(notes);
  }

  /** The steps certmedic carries out itself, in order. */
  public List<Step> automatic() {
    return steps.stream().filter(s -> s.phase() != Phase.MANUAL).toList();
  }

  /** What a person (or another controller) must do. */
  public List<Step.ManualAction> manual() {
    return steps.stream()
        .filter(s -> s instanceof Step.ManualAction)
        .map(s -> (Step.ManualAction) s)
        .toList();
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
