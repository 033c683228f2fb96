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
}
