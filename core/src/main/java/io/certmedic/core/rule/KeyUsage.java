package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.verify.Reason;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;

/**
 * The served certificate may serve: Go refuses a chain whose extended key usage does not allow
 * serverAuth ({@code CERT_WRONG_USAGE}). Judged on the chain verification {@link ChainTrust} makes.
 */
public final class KeyUsage {

  private KeyUsage() {}

  /** The verdict on {@link ChainTrust#verify}'s result for the leaf named {@code where}. */
  public static Verdict served(VerifyResult chain, String where, String blocks) {
    if (!(chain instanceof VerifyFailure cf) || cf.reason() != Reason.INCOMPATIBLE_USAGE) {
      return Verdict.pass(Rule.KEY_USAGE);
    }
    return Verdict.fail(
        Rule.KEY_USAGE,
        FindingCode.CERT_WRONG_USAGE,
        where + " does not allow serverAuth: \"" + cf.message() + "\" (" + blocks + ")");
  }
}
