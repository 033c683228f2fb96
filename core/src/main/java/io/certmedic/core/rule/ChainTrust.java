package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.link.TrustSource;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.verify.Reason;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import java.time.Instant;
import java.util.List;

/**
 * The served chain verifies, as Go verifies it, to the CAs the caller trusts: {@code
 * CABUNDLE_UNTRUSTED}. Go checks the extended key usage while it builds the chain; a chain that
 * fails only for that is {@link KeyUsage}'s to report, so one verification feeds both rules.
 */
public final class ChainTrust {

  private ChainTrust() {}

  /** Verifies {@code chain} (leaf first) to {@code trust}'s roots at {@code inside}. */
  public static VerifyResult verify(List<CertInfo> chain, TrustSource trust, Instant inside) {
    return ServingVerifier.verify(
        chain.stream().map(CertInfo::certificate).toList(),
        trust.roots().stream().map(CertInfo::certificate).toList(),
        "",
        inside);
  }

  /**
   * The verdict on a {@link #verify} result for the leaf named {@code where}, issued by {@code
   * issuer}.
   */
  public static Verdict served(
      VerifyResult chain, TrustSource trust, String where, String issuer, String blocks) {
    if (!(chain instanceof VerifyFailure cf) || cf.reason() == Reason.INCOMPATIBLE_USAGE) {
      return Verdict.pass(Rule.CHAIN_TRUST);
    }
    return Verdict.fail(
        Rule.CHAIN_TRUST,
        FindingCode.CABUNDLE_UNTRUSTED,
        where
            + " (issued by "
            + issuer
            + ") does not chain to "
            + trust.description()
            + ": \""
            + cf.message()
            + "\" ("
            + blocks
            + ")");
  }

  /**
   * The certificate named {@code where} chains to the one CA it should be signed by ({@code ca},
   * named {@code caWhere}), judged at an instant inside both validity windows (expiry is {@link
   * ValidityWindow}'s to report; when the windows do not overlap there is nothing more to say).
   */
  public static Verdict signedBy(
      CertInfo leaf, CertInfo ca, Instant at, String where, String caWhere) {
    Instant inside = ValidityWindow.inside(ca.facts(), ValidityWindow.inside(leaf.facts(), at));
    if (!ValidityWindow.inside(leaf.facts(), inside).equals(inside)) {
      return Verdict.pass(Rule.CHAIN_TRUST);
    }
    VerifyResult r =
        ServingVerifier.verify(List.of(leaf.certificate()), List.of(ca.certificate()), "", inside);
    if (!(r instanceof VerifyFailure f) || f.reason() == Reason.INCOMPATIBLE_USAGE) {
      return Verdict.pass(Rule.CHAIN_TRUST);
    }
    return Verdict.fail(
        Rule.CHAIN_TRUST,
        FindingCode.CABUNDLE_UNTRUSTED,
        where
            + " (issued by "
            + leaf.facts().issuer()
            + ") does not chain to "
            + caWhere
            + " ("
            + ca.facts().subject()
            + "): \""
            + f.message()
            + "\"; everything that verifies it with that CA refuses it");
  }
}
