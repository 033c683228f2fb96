package io.certmedic.core.explain.cluster;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import java.util.List;
import java.util.function.Predicate;

/** What looking up the object a failure group's lines name found in a snapshot. */
sealed interface Lookup {

  /**
   * The object exists: how the group's lines reach it ({@code webhook validate.x calls
   * x-svc.ns.svc}), the objects on the way, and which doctor findings are about it.
   */
  record Found(ObjectRef object, String phrase, List<ObjectRef> via, Predicate<Finding> about)
      implements Lookup {
    public Found {
      requireNonNull(object, "object == null");
      requireNonNull(phrase, "phrase == null");
      via = List.copyOf(via);
      requireNonNull(about, "about == null");
    }
  }

  /**
   * The object is not in the input, though the input holds that kind there; {@code object} is null
   * when the lines do not tell which object it would be (a webhook's configuration).
   */
  record Missing(ObjectRef object, String sentence) implements Lookup {}

  /**
   * The input holds no object of that kind there: absence means nothing ({@code object} nullable).
   */
  record Unjudged(ObjectRef object, String sentence) implements Lookup {}

  /** The lines name no object certmedic reads. */
  record Unnamed(String sentence) implements Lookup {}
}
