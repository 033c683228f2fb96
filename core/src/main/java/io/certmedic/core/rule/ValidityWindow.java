package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The judged instant is inside the certificate's notBefore..notAfter, and more than the warning
 * window before its end: {@code CERT_EXPIRED}, {@code CERT_NOT_YET_VALID}, {@code
 * CERT_EXPIRING_SOON}. A served certificate's words quote what the API server (Go) says.
 */
public final class ValidityWindow {

  private ValidityWindow() {}

  /**
   * A leaf a caller is served, named {@code where}; {@code blocks} says which requests its expiry
   * breaks.
   */
  public static Verdict served(
      CertInfo leaf, Instant at, Duration warning, String where, String blocks) {
    CertFacts f = leaf.facts();
    if (at.isAfter(f.notAfter())) {
      return Verdict.fail(
          Rule.VALIDITY_WINDOW,
          FindingCode.CERT_EXPIRED,
          where
              + " expired "
              + HumanTime.duration(Duration.between(f.notAfter(), at))
              + " ago; the API server says \""
              + goText(leaf.certificate(), at)
              + "\" ("
              + blocks
              + ")");
    }
    if (at.isBefore(f.notBefore())) {
      return Verdict.fail(
          Rule.VALIDITY_WINDOW,
          FindingCode.CERT_NOT_YET_VALID,
          where
              + " is not valid for another "
              + HumanTime.duration(Duration.between(at, f.notBefore()))
              + "; the API server says \""
              + goText(leaf.certificate(), at)
              + "\" (is a clock wrong?)");
    }
    return expiringSoon(f, at, warning, where);
  }

  /** Any certificate at rest, named {@code which}. */
  public static Verdict stored(CertFacts f, Instant at, Duration warning, String which) {
    if (at.isAfter(f.notAfter())) {
      return Verdict.fail(
          Rule.VALIDITY_WINDOW,
          FindingCode.CERT_EXPIRED,
          which
              + " expired "
              + HumanTime.duration(Duration.between(f.notAfter(), at))
              + " ago ("
              + f.notAfter()
              + ")");
    }
    if (at.isBefore(f.notBefore())) {
      return Verdict.fail(
          Rule.VALIDITY_WINDOW,
          FindingCode.CERT_NOT_YET_VALID,
          which
              + " is not valid for another "
              + HumanTime.duration(Duration.between(at, f.notBefore())));
    }
    return expiringSoon(f, at, warning, which);
  }

  /**
   * {@code at}, or the nearest end of the window: names and chains are judged apart from expiry.
   */
  public static Instant inside(CertFacts f, Instant at) {
    if (at.isAfter(f.notAfter())) {
      return f.notAfter();
    }
    return at.isBefore(f.notBefore()) ? f.notBefore() : at;
  }

  private static Verdict expiringSoon(CertFacts f, Instant at, Duration warning, String which) {
    if (at.plus(warning).isBefore(f.notAfter())) {
      return Verdict.pass(Rule.VALIDITY_WINDOW);
    }
    return Verdict.fail(
        Rule.VALIDITY_WINDOW,
        FindingCode.CERT_EXPIRING_SOON,
        which
            + " expires in "
            + HumanTime.duration(Duration.between(at, f.notAfter()))
            + " ("
            + f.notAfter()
            + ")");
  }

  /** What Go's verifier says about {@code cert} at {@code at} ("x509: certificate has expired"). */
  private static String goText(X509Certificate cert, Instant at) {
    VerifyResult r = ServingVerifier.verify(List.of(cert), List.of(cert), "", at);
    return r instanceof VerifyFailure vf ? vf.message() : "";
  }
}
