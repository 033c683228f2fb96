package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.x509.CertFacts;
import java.util.List;
import java.util.Optional;

/**
 * The served chain carries every intermediate between the leaf and a root: {@code CHAIN_INCOMPLETE}
 * when the top of what is served was signed by a certificate that is not served and is known to be
 * an intermediate (found among {@code known}, e.g. a Secret's {@code ca.crt}, with an issuer of its
 * own; or named by the Authority Information Access "CA Issuers" entry, as public CAs write it).
 * Go, Java, curl and Python clients do not fetch intermediates. A leaf signed directly by a root (a
 * private CA, a cert-manager CA Issuer) is complete.
 *
 * <p>Example: a Let's Encrypt leaf served alone (its AIA names the R11 intermediate) fails; the
 * same leaf served with R11 passes, and so does a leaf whose issuer is the root in {@code ca.crt}.
 */
public final class ChainComplete {

  /** What clients that do not fetch intermediates say, in Go's words. */
  static final String GO_UNKNOWN_AUTHORITY = "x509: certificate signed by unknown authority";

  private ChainComplete() {}

  /**
   * {@code served}: the certificates a client is sent, leaf first, named {@code where}; {@code
   * known}: other certificates the input keeps beside them (not sent).
   */
  public static Verdict served(List<CertInfo> served, List<CertInfo> known, String where) {
    if (served.isEmpty()) {
      return Verdict.pass(Rule.CHAIN_COMPLETE);
    }
    CertInfo top = served.get(0);
    for (int hops = 0; hops < served.size(); hops++) {
      Optional<CertInfo> up = issuerAmong(top, served);
      if (up.isEmpty()) {
        break;
      }
      top = up.get();
    }
    CertFacts f = top.facts();
    if (f.selfIssued()) {
      return Verdict.pass(Rule.CHAIN_COMPLETE);
    }
    Optional<CertInfo> kept = issuerAmong(top, known);
    String missing;
    if (kept.isPresent()) {
      if (kept.get().facts().selfIssued()) {
        return Verdict.pass(Rule.CHAIN_COMPLETE); // signed directly by a root: complete
      }
      missing =
          "the intermediate "
              + kept.get().facts().subject()
              + " that signed it is kept beside it but not served";
    } else {
      List<String> urls = CertFacts.caIssuers(top.certificate());
      if (urls.isEmpty()) {
        return Verdict.pass(Rule.CHAIN_COMPLETE); // its issuer may be a root: nothing says else
      }
      missing =
          "its issuer "
              + f.issuer()
              + " is an intermediate (the certificate's Authority Information Access names it at "
              + urls.get(0)
              + ") and is not served";
    }
    return Verdict.fail(
        Rule.CHAIN_COMPLETE,
        FindingCode.CHAIN_INCOMPLETE,
        where
            + " serves "
            + f.subject()
            + " but "
            + missing
            + ": Go, Java, curl and Python clients do not fetch intermediates and fail with \""
            + GO_UNKNOWN_AUTHORITY
            + "\" (browsers may fetch it, which hides the problem)");
  }

  /**
   * The certificate among {@code pool} whose subject (and key id, when both say) signed {@code c}.
   */
  private static Optional<CertInfo> issuerAmong(CertInfo c, List<CertInfo> pool) {
    CertFacts f = c.facts();
    for (CertInfo p : pool) {
      CertFacts pf = p.facts();
      if (p.equals(c) || !pf.subject().equals(f.issuer())) {
        continue;
      }
      if (!f.authorityKeyId().isEmpty()
          && !pf.subjectKeyId().isEmpty()
          && !f.authorityKeyId().equals(pf.subjectKeyId())) {
        continue;
      }
      return Optional.of(p);
    }
    return Optional.empty();
  }
}
