package io.certmedic.core.fix;

import java.util.Optional;

/** When a widened caBundle keeps old CAs, a note says when and how they leave. */
final class RetireNote implements PlanningStep {

  static final String NOTE =
      "Old CAs stay in the widened caBundles (annotation "
          + Planner.RETIRE_ANNOTATION
          + ") so that pods not yet restarted keep working; once 'kubectl rollout status'"
          + " shows the restarts done, run certmedic fix again to remove them (it checks the rollouts first).";

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    return Decisions.note(earlier.retiring().isEmpty() ? Optional.empty() : Optional.of(NOTE));
  }
}
