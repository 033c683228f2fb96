package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;

/**
 * No CA in a chain expires before the certificate it signed, within {@link #HORIZON} of the judged
 * instant: {@code CA_EXPIRES_FIRST}. A chain stops verifying when any certificate in it expires, so
 * a leaf that outlives its CA is only as good as the CA's date, and renewing the leaf from the same
 * CA does not move that date. A CA already expired is {@link ValidityWindow}'s to report; one that
 * expires first but more than a year away is not yet worth a word.
 *
 * <pre>{@code
 * Verdict v = CaExpiresFirst.signed(leaf.facts(), ca.facts(), at, "apiserver.crt", "CA ca.crt");
 * }</pre>
 */
public final class CaExpiresFirst {

  /** How far ahead a CA that expires before its leaf is reported. */
  public static final Duration HORIZON = Duration.ofDays(365);

  private CaExpiresFirst() {}

  /**
   * The leaf named {@code where}, signed by {@code ca} (named {@code caWhere}), judged at {@code
   * at}.
   */
  public static Verdict signed(
      CertFacts leaf, CertFacts ca, Instant at, String where, String caWhere) {
    Instant caEnd = ca.notAfter();
    if (!caEnd.isBefore(leaf.notAfter()) || caEnd.isBefore(at) || caEnd.isAfter(at.plus(HORIZON))) {
      return Verdict.pass(Rule.CA_EXPIRES_FIRST);
    }
    return Verdict.fail(
        Rule.CA_EXPIRES_FIRST,
        FindingCode.CA_EXPIRES_FIRST,
        caWhere
            + " ("
            + ca.subject()
            + ") expires in "
            + HumanTime.duration(Duration.between(at, caEnd))
            + " ("
            + caEnd
            + "), "
            + HumanTime.duration(Duration.between(caEnd, leaf.notAfter()))
            + " before "
            + where
            + " ("
            + leaf.subject()
            + "), which it signed and which runs to "
            + leaf.notAfter()
            + ": from "
            + caEnd
            + " the chain stops verifying (\"x509: certificate has expired or is not yet valid\")"
            + " whatever the leaf's own date; renew the CA, not the leaf (a leaf reissued from"
            + " this CA stops on the same day)");
  }
}
