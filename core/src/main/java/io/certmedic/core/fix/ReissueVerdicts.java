package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.Rule;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which serving Secret needs a new certificate or a caBundle change, and why: the one place the
 * planner reads the verdicts on serving certificates. A finding's code is owned by exactly one
 * {@link Rule}, so a code is that rule's verdict on the object the finding names: a failure of a
 * rule that a new certificate cures, naming the Secret, asks for a reissue; a chain-trust failure
 * or a missing caBundle on one of its callers asks for a caBundle change.
 */
final class ReissueVerdicts {

  /** The rules whose failures a new serving certificate cures, in the order reasons are given. */
  static final List<Rule> CURED_BY_REISSUE =
      List.of(
          Rule.VALIDITY_WINDOW,
          Rule.SERVING_NAMES,
          Rule.KEY_PAIR_MATCH,
          Rule.KEY_USAGE,
          Rule.KEY_STRENGTH);

  /** Findings a new serving certificate cures: the codes of {@link #CURED_BY_REISSUE}. */
  static final Set<FindingCode> REISSUE = codesOf(CURED_BY_REISSUE);

  /**
   * Findings a caBundle change cures, when the served certificate is otherwise sound: the chain
   * trust rule's, and a caller without a caBundle.
   */
  static final Set<FindingCode> TRUST = trustCodes();

  private ReissueVerdicts() {}

  private static Set<FindingCode> codesOf(List<Rule> rules) {
    Set<FindingCode> codes = EnumSet.noneOf(FindingCode.class);
    rules.forEach(r -> codes.addAll(r.codes()));
    return Collections.unmodifiableSet(codes);
  }

  private static Set<FindingCode> trustCodes() {
    Set<FindingCode> codes = EnumSet.copyOf(Rule.CHAIN_TRUST.codes());
    codes.add(FindingCode.CABUNDLE_MISSING);
    return Collections.unmodifiableSet(codes);
  }

  /**
   * What is wrong with a serving Secret: the codes found, each once, in the report's order (most
   * severe first).
   */
  record Verdict(List<FindingCode> codes) {
    Verdict {
      codes = List.copyOf(codes);
      if (codes.isEmpty()) {
        throw new IllegalArgumentException("a verdict names at least one code");
      }
    }

    /** The codes a new certificate cures, by name: the reasons a reissue gives. */
    List<String> reissueReasons() {
      return codes.stream().filter(REISSUE::contains).map(FindingCode::name).toList();
    }

    /** True when the certificate lacks a name a caller dials. */
    boolean namesWrong() {
      return codes.contains(FindingCode.SAN_MISMATCH) || codes.contains(FindingCode.CERT_NO_SAN);
    }
  }

  /**
   * The verdict on {@code secret}, served to {@code callers}: empty when no finding at warning or
   * above says its certificate or its callers' trust needs a change.
   */
  static Optional<Verdict> of(
      List<Finding> findings, ObjectRef secret, Collection<ObjectRef> callers) {
    requireNonNull(secret, "secret == null");
    List<FindingCode> codes =
        findings.stream()
            .filter(f -> f.severity().atLeast(Severity.WARNING))
            .filter(
                f ->
                    REISSUE.contains(f.code()) && f.related().contains(secret)
                        || TRUST.contains(f.code()) && callers.contains(f.object()))
            .map(Finding::code)
            .distinct()
            .toList();
    return codes.isEmpty() ? Optional.empty() : Optional.of(new Verdict(codes));
  }
}
