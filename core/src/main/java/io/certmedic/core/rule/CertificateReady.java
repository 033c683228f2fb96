package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.CertificateRequestRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A cert-manager Certificate is Ready, was renewed by its renewalTime, its Secret's certificate
 * carries every name it asks for, and its CertificateRequests were neither denied nor failed. The
 * words follow {@code cmctl status certificate}: the condition's reason and message, for how long,
 * and the failed issuance attempts.
 */
public final class CertificateReady {

  /**
   * How long past its renewalTime a Ready Certificate may go before it counts as not renewed:
   * cert-manager starts issuing at that instant, and an ACME order takes minutes, not an hour.
   */
  public static final Duration RENEWAL_GRACE = Duration.ofHours(1);

  private CertificateReady() {}

  /**
   * The Certificate's status at {@code at}: Ready=False or Unknown fails, and so does a Ready one
   * whose renewalTime passed more than {@link #RENEWAL_GRACE} ago. A Certificate with no Ready
   * condition (an install manifest's) passes: nothing says it failed.
   */
  public static Verdict status(CertificateRecord c, Instant at) {
    Optional<Condition> ready = c.ready();
    if (ready.isEmpty()) {
      return Verdict.pass(Rule.CERTIFICATE_READY);
    }
    Condition r = ready.get();
    CertificateRecord.Status s = c.status();
    if (!r.isTrue()) {
      StringBuilder w = new StringBuilder("is not Ready (Ready=").append(r.status());
      if (!r.reason().isEmpty()) {
        w.append(", ").append(r.reason());
      }
      if (!r.message().isEmpty()) {
        w.append(": \"").append(r.message()).append('"');
      }
      w.append(')');
      if (r.lastTransitionTime() != null && !r.lastTransitionTime().isAfter(at)) {
        w.append(" for ").append(HumanTime.duration(Duration.between(r.lastTransitionTime(), at)));
      }
      if (s.failedIssuanceAttempts() > 0) {
        w.append(", after ")
            .append(s.failedIssuanceAttempts())
            .append(
                s.failedIssuanceAttempts() == 1
                    ? " failed issuance attempt"
                    : " failed issuance attempts");
        if (s.lastFailureTime() != null && !s.lastFailureTime().isAfter(at)) {
          w.append(" (the last ")
              .append(HumanTime.duration(Duration.between(s.lastFailureTime(), at)))
              .append(" ago)");
        }
      }
      if (s.notAfter() != null) {
        w.append("; the certificate it holds ").append(expiry(s.notAfter(), at));
      }
      return Verdict.fail(Rule.CERTIFICATE_READY, FindingCode.CERTIFICATE_NOT_READY, w.toString());
    }
    if (s.renewalTime() != null && at.isAfter(s.renewalTime().plus(RENEWAL_GRACE))) {
      return Verdict.fail(
          Rule.CERTIFICATE_READY,
          FindingCode.CERTIFICATE_NOT_READY,
          "is Ready, but its renewalTime "
              + s.renewalTime()
              + " passed "
              + HumanTime.duration(Duration.between(s.renewalTime(), at))
              + " ago and cert-manager has not renewed it"
              + (s.notAfter() == null ? "" : "; the certificate " + expiry(s.notAfter(), at)));
    }
    return Verdict.pass(Rule.CERTIFICATE_READY);
  }

  /**
   * The certificate in the Certificate's Secret ({@code leaf}) carries every spec.dnsNames and
   * spec.ipAddresses entry (DNS names compared without case, as cert-manager copies them).
   */
  public static Verdict names(CertificateRecord c, CertFacts leaf) {
    List<String> missing = new ArrayList<>();
    for (String n : c.dnsNames()) {
      if (leaf.dnsNames().stream().noneMatch(d -> d.equalsIgnoreCase(n))) {
        missing.add(n);
      }
    }
    for (String ip : c.ipAddresses()) {
      if (!leaf.ipAddresses().contains(ip)) {
        missing.add(ip);
      }
    }
    if (missing.isEmpty()) {
      return Verdict.pass(Rule.CERTIFICATE_READY);
    }
    List<String> has = new ArrayList<>(leaf.dnsNames());
    has.addAll(leaf.ipAddresses());
    return Verdict.fail(
        Rule.CERTIFICATE_READY,
        FindingCode.CERTIFICATE_NOT_READY,
        "asks for "
            + missing
            + ", but the certificate in Secret "
            + c.meta().namespace()
            + "/"
            + c.secretName()
            + " is valid for "
            + has
            + " only: it was not reissued after the names changed, and clients dialling "
            + missing.get(0)
            + " fail with \"x509: certificate is valid for "
            + String.join(", ", has)
            + ", not "
            + missing.get(0)
            + "\"");
  }

  /**
   * A CertificateRequest was neither denied (Denied=True), nor invalid (InvalidRequest=True), nor
   * failed (Ready=False with reason Failed); one still pending or issued passes.
   */
  public static Verdict request(CertificateRequestRecord r) {
    Optional<Condition> denied = r.condition("Denied").filter(Condition::isTrue);
    if (denied.isPresent()) {
      return fail("was denied", denied.get());
    }
    Optional<Condition> invalid = r.condition("InvalidRequest").filter(Condition::isTrue);
    if (invalid.isPresent()) {
      return fail("is invalid", invalid.get());
    }
    Optional<Condition> failed =
        r.condition("Ready")
            .filter(Condition::isFalse)
            .filter(c -> c.reason().toLowerCase(Locale.ROOT).equals("failed"));
    if (failed.isPresent()) {
      return fail("failed", failed.get());
    }
    return Verdict.pass(Rule.CERTIFICATE_READY);
  }

  private static Verdict fail(String what, Condition c) {
    return Verdict.fail(
        Rule.CERTIFICATE_READY,
        FindingCode.CERTIFICATE_NOT_READY,
        what
            + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")")
            + (c.message().isEmpty() ? "" : ": \"" + c.message() + "\""));
  }

  private static String expiry(Instant notAfter, Instant at) {
    return at.isBefore(notAfter)
        ? "expires at "
            + notAfter
            + " (in "
            + HumanTime.duration(Duration.between(at, notAfter))
            + ")"
        : "expired at "
            + notAfter
            + " ("
            + HumanTime.duration(Duration.between(notAfter, at))
            + " ago)";
  }
}
