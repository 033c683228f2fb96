package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which serving Secret needs a new certificate or a caBundle change, and why: the one place the
 * planner reads the doctor's verdicts on serving certificates. Today the verdicts are the findings,
 * matched back to the Secret (a code a new certificate cures, naming the Secret) and to its callers
 * (a caBundle code on one of them); the narrow input (the findings, one Secret, its callers) is
 * what a switch to the rules' own verdicts replaces.
 */
final class ReissueVerdicts {

  /** Findings a new serving certificate cures. */
  static final Set<FindingCode> REISSUE =
      EnumSet.of(
          FindingCode.CERT_EXPIRED,
          FindingCode.CERT_NOT_YET_VALID,
          FindingCode.CERT_EXPIRING_SOON,
          FindingCode.SAN_MISMATCH,
          FindingCode.CERT_NO_SAN,
          FindingCode.CERT_KEY_MISMATCH,
          FindingCode.CERT_WRONG_USAGE,
          FindingCode.CERT_WEAK);

  /** Findings a caBundle change cures, when the served certificate is otherwise sound. */
  static final Set<FindingCode> TRUST =
      EnumSet.of(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.CABUNDLE_MISSING);

  private ReissueVerdicts() {}

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
