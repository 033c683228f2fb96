package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the writes to make, when to look again (a renewal falls due; never a
 * poll), and problems to tell users about as Warning Events (a malformed annotation).
 */
public record Result(List<Write> writes, Optional<Duration> requeueAfter, List<Problem> problems) {

  /** Something wrong with what a user wrote on {@code object}: a Warning Event, never a crash. */
  public record Problem(HasMetadata object, String reason, String message) {
    public Problem {
      requireNonNull(object, "object == null");
      requireNonNull(reason, "reason == null");
      requireNonNull(message, "message == null");
    }
  }

  public static final Result NOTHING = new Result(List.of(), Optional.empty(), List.of());

  public Result {
    writes = List.copyOf(writes);
    requireNonNull(requeueAfter, "requeueAfter == null");
    problems = List.copyOf(problems);
  }

  public static Result writes(List<Write> writes) {
    return new Result(writes, Optional.empty(), List.of());
  }

  public static Result problem(HasMetadata on, String reason, String message) {
    return new Result(List.of(), Optional.empty(), List.of(new Problem(on, reason, message)));
  }

  public Result requeueAfter(Duration d) {
    return new Result(writes, Optional.of(d), problems);
  }
}
