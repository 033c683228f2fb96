package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.FindingCode;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One failure family's advice as data: the cause sentence, and the cases a line can be in, tried in
 * order (the first whose condition holds is chosen). A case ranks its root causes by position and
 * names the extra commands and the fix; each root cause has its own condition and the doctor codes
 * that would confirm it. The tables are {@link NameAdvice}, {@link ValidityAdvice}, {@link
 * TrustAdvice} and {@link UsageAdvice}; {@link AdviceTable} picks one by family.
 */
record Advice(Family family, Function<Situation, String> cause, List<Case> cases) {

  Advice {
    requireNonNull(family, "family == null");
    requireNonNull(cause, "cause == null");
    cases = List.copyOf(cases);
  }

  /** The first case whose condition holds; every table's cases cover every situation. */
  Case select(Situation s) {
    for (Case c : cases) {
      if (c.when().test(s)) {
        return c;
      }
    }
    throw new IllegalStateException("no case of " + family + " holds");
  }

  /** A situation of the family: when it holds, its ranked root causes, extra commands, the fix. */
  record Case(
      String name,
      Predicate<Situation> when,
      List<Root> roots,
      List<String> commands,
      Function<Situation, String> fix) {

    Case {
      requireNonNull(name, "name == null");
      requireNonNull(when, "when == null");
      roots = List.copyOf(roots);
      commands = List.copyOf(commands);
      requireNonNull(fix, "fix == null");
    }

    /** The root causes whose condition holds, most likely first. */
    List<Root> roots(Situation s) {
      return roots.stream().filter(r -> r.when().test(s)).toList();
    }
  }

  /** A likely root cause: when it applies, its words, the doctor codes that would confirm it. */
  record Root(
      String name,
      Predicate<Situation> when,
      Function<Situation, String> text,
      List<FindingCode> confirmedBy) {

    Root {
      requireNonNull(name, "name == null");
      requireNonNull(when, "when == null");
      requireNonNull(text, "text == null");
      confirmedBy = List.copyOf(confirmedBy);
    }
  }

  /** A case that always holds. */
  static Predicate<Situation> always() {
    return s -> true;
  }

  static Case when(
      String name,
      Predicate<Situation> when,
      List<Root> roots,
      List<String> commands,
      Function<Situation, String> fix) {
    return new Case(name, when, roots, commands, fix);
  }

  static Case when(
      String name, Predicate<Situation> when, List<Root> roots, Function<Situation, String> fix) {
    return new Case(name, when, roots, List.of(), fix);
  }

  /** A root cause listed whenever its case is chosen. */
  static Root root(String name, String text, FindingCode... confirmedBy) {
    return new Root(name, always(), s -> text, List.of(confirmedBy));
  }

  static Root root(
      String name, Predicate<Situation> when, String text, FindingCode... confirmedBy) {
    return new Root(name, when, s -> text, List.of(confirmedBy));
  }

  static Root root(
      String name,
      Predicate<Situation> when,
      Function<Situation, String> text,
      FindingCode... confirmedBy) {
    return new Root(name, when, text, List.of(confirmedBy));
  }
}
