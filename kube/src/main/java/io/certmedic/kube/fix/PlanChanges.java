package io.certmedic.kube.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a plan does to each object, worked out locally on the objects as read: the object before,
 * after every step on it, or deleted. The dry run's diff, {@code -o yaml} and {@code --out} are
 * made from these; {@code --apply} sends the same operations to the API server.
 */
public final class PlanChanges {

  /**
   * One object's change; {@code newKeyFields} are the Secret keys that receive a new private key.
   */
  public record Change(
      ObjectRef ref, JsonNode before, JsonNode after, boolean deleted, Set<String> newKeyFields) {
    public Change {
      newKeyFields = Set.copyOf(newKeyFields);
    }

    /** True when the changed object holds a new private key (a Secret fix reissued). */
    public boolean holdsNewKey() {
      return !newKeyFields.isEmpty();
    }
  }

  private PlanChanges() {}

  /**
   * The changes, one per object, in the order each object is first changed.
   *
   * @throws IllegalArgumentException when a step's object is not among those read
   */
  public static List<Change> compute(Plan plan, ObjectIndex index, Patches.Marks marks) {
    Map<ObjectRef, JsonNode> before = new LinkedHashMap<>();
    Map<ObjectRef, JsonNode> after = new LinkedHashMap<>();
    Map<ObjectRef, Set<String>> keys = new LinkedHashMap<>();
    Set<ObjectRef> deleted = new LinkedHashSet<>();
    for (Step s : plan.automatic()) {
      ObjectRef ref = s.target();
      JsonNode original =
          index
              .get(ref)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          ref.describe() + " is not among the objects read"));
      before.putIfAbsent(ref, original);
      keys.putIfAbsent(ref, new LinkedHashSet<>());
      if (s instanceof Step.DeleteApiService) {
        deleted.add(ref);
        after.put(ref, original);
        continue;
      }
      List<ObjectNode> ops = Patches.of(s, after.getOrDefault(ref, original), "", marks);
      after.put(ref, JsonPatch.apply(after.getOrDefault(ref, original), ops));
      if (s instanceof Step.IssueServingCert c) {
        keys.get(ref).add(c.keyKey());
      }
    }
    List<Change> out = new ArrayList<>();
    for (ObjectRef ref : before.keySet()) {
      out.add(
          new Change(ref, before.get(ref), after.get(ref), deleted.contains(ref), keys.get(ref)));
    }
    return out;
  }
}
