package io.certmedic.core.finding;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of a predicted state compared with those of the current one, matched by code, object
 * and related objects (never by message text, which quotes facts that may change, such as a serial
 * number or a count):
 *
 * <pre>{@code
 * List<FindingDiff.Marked> m = FindingDiff.compare(currentFindings, predictedFindings);
 * // NEW: only predicted; UNCHANGED: both (the predicted finding is kept); FIXED: only current
 * }</pre>
 *
 * Findings that match the same key on both sides are paired in order; a surplus on one side is new
 * or fixed.
 */
public final class FindingDiff {

  /** What the change would do to a finding. */
  public enum Status {
    NEW,
    FIXED,
    UNCHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A finding and its status. */
  public record Marked(Finding finding, Status status) {
    public Marked {
      requireNonNull(finding, "finding == null");
      requireNonNull(status, "status == null");
    }
  }

  private record Key(FindingCode code, ObjectRef object, List<ObjectRef> related) {
    static Key of(Finding f) {
      return new Key(f.code(), f.object(), f.related());
    }
  }

  private FindingDiff() {}

  /** Predicted findings (new or unchanged) in their order, then the fixed ones in theirs. */
  public static List<Marked> compare(List<Finding> current, List<Finding> predicted) {
    Map<Key, Integer> left = new HashMap<>();
    current.forEach(f -> left.merge(Key.of(f), 1, Integer::sum));
    List<Marked> out = new ArrayList<>();
    Map<Key, Integer> matched = new HashMap<>();
    for (Finding f : predicted) {
      Key k = Key.of(f);
      int n = left.getOrDefault(k, 0);
      if (n > 0) {
        left.put(k, n - 1);
        matched.merge(k, 1, Integer::sum);
        out.add(new Marked(f, Status.UNCHANGED));
      } else {
        out.add(new Marked(f, Status.NEW));
      }
    }
    for (Finding f : current) {
      Key k = Key.of(f);
      int n = matched.getOrDefault(k, 0);
      if (n > 0) {
        matched.put(k, n - 1);
      } else {
        out.add(new Marked(f, Status.FIXED));
      }
    }
    return out;
  }
}
