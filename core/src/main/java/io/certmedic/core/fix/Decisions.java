package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What planning steps decided, as an immutable value: the steps to carry out (in the order they
 * were decided), notes for the reader, the workloads already restarted, the CAs each widened
 * caBundle will retire in a later run (by object, as {@link Planner#id} names them), and the
 * callers whose certificate is reissued. A step returns what it adds; the planner sums them with
 * {@link #plus}, so a later step reads what the earlier ones decided and changes none of it.
 */
record Decisions(
    List<Step> steps,
    List<String> notes,
    Set<ObjectRef> restarted,
    Map<ObjectRef, List<String>> retiring,
    Set<ObjectRef> reissuedCallers) {

  /** Nothing decided. */
  static final Decisions NONE = new Decisions(List.of(), List.of(), Set.of(), Map.of(), Set.of());

  Decisions {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
    restarted = Collections.unmodifiableSet(new LinkedHashSet<>(restarted));
    Map<ObjectRef, List<String>> r = new LinkedHashMap<>();
    retiring.forEach((k, v) -> r.put(k, List.copyOf(v)));
    retiring = Collections.unmodifiableMap(r);
    reissuedCallers = Collections.unmodifiableSet(new LinkedHashSet<>(reissuedCallers));
  }

  static Decisions of(List<Step> steps) {
    return new Decisions(steps, List.of(), Set.of(), Map.of(), Set.of());
  }

  static Decisions of(Step step) {
    return of(List.of(step));
  }

  static Decisions note(Optional<String> note) {
    return new Decisions(List.of(), note.stream().toList(), Set.of(), Map.of(), Set.of());
  }

  /** These decisions, then {@code later}'s: lists concatenated, sets and CA lists united. */
  Decisions plus(Decisions later) {
    List<Step> s = new ArrayList<>(steps);
    s.addAll(later.steps);
    List<String> n = new ArrayList<>(notes);
    n.addAll(later.notes);
    Set<ObjectRef> r = new LinkedHashSet<>(restarted);
    r.addAll(later.restarted);
    Map<ObjectRef, List<String>> ret = new LinkedHashMap<>(retiring);
    later.retiring.forEach(
        (k, v) -> {
          Set<String> ids = new LinkedHashSet<>(ret.getOrDefault(k, List.of()));
          ids.addAll(v);
          ret.put(k, List.copyOf(ids));
        });
    Set<ObjectRef> c = new LinkedHashSet<>(reissuedCallers);
    c.addAll(later.reissuedCallers);
    return new Decisions(s, n, r, ret, c);
  }
}
