package io.certmedic.core.rule;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.FindingCode;
import java.util.Optional;

/**
 * What a rule decided: it holds, or it fails with one of its own finding codes (none for the
 * controller-only rules) and the rule's words. The words name what is wrong; the caller adds the
 * context: which object, the evidence, the severity and the fix.
 */
public sealed interface Verdict {

  /** The rule that decided. */
  Rule rule();

  /** True when the rule holds. */
  default boolean passed() {
    return this instanceof Pass;
  }

  /** The rule holds. */
  record Pass(Rule rule) implements Verdict {
    public Pass {
      requireNonNull(rule, "rule == null");
    }
  }

  /** The rule fails: {@code code} is one of {@code rule.codes()}, or empty when it has none. */
  record Fail(Rule rule, Optional<FindingCode> code, String words) implements Verdict {
    public Fail {
      requireNonNull(rule, "rule == null");
      requireNonNull(code, "code == null");
      requireNonNull(words, "words == null");
      if (code.isPresent() ? !rule.codes().contains(code.get()) : !rule.codes().isEmpty()) {
        throw new IllegalArgumentException(rule + " does not own the code " + code);
      }
    }

    /** The finding code; fails for a controller-only rule, which has none. */
    public FindingCode findingCode() {
      return code.orElseThrow(() -> new IllegalStateException(rule + " reports no finding code"));
    }
  }

  static Verdict pass(Rule rule) {
    return new Pass(rule);
  }

  static Fail fail(Rule rule, FindingCode code, String words) {
    return new Fail(rule, Optional.of(code), words);
  }

  static Fail fail(Rule rule, String words) {
    return new Fail(rule, Optional.empty(), words);
  }
}
