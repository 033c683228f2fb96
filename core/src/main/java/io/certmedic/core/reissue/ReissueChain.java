package io.certmedic.core.reissue;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.rule.RenewalTime;
import io.certmedic.core.rule.Verdict;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named checks that decide whether a serving Secret must be (re)issued, in order; the first
 * that fails decides, as cert-manager's policy chain does. Each check applies a {@code core.rule}
 * rule (the one its reason names), so the controller and the doctor judge a certificate alike.
 * Pure: the instant is passed in.
 */
public final class ReissueChain {

  /** Every check, in the order they decide; a test locks it. */
  static final List<ReissueCheck> CHAIN =
      List.of(
          new SecretMissing(), // the Secret exists
          new SecretIncomplete(), // it holds a non-empty tls.crt, tls.key and ca.crt
          new CertUnparsable(), // tls.crt holds a certificate, tls.key an unencrypted key
          new CertKeyMismatch(), // tls.key is the key of tls.crt's leaf
          new SanMismatch(), // the leaf carries exactly the DNS names the Service needs now
          new IssuerChanged(), // the leaf is signed by the CA that signs now
          new RenewalDue() // the leaf has not reached its renewal time
          );

  /** Reasons after which there is no certificate worth scheduling a renewal for. */
  private static final Set<ReissueReason> NO_USABLE_CERTIFICATE =
      EnumSet.of(
          ReissueReason.SECRET_MISSING,
          ReissueReason.SECRET_INCOMPLETE,
          ReissueReason.CERT_UNPARSABLE,
          ReissueReason.CERT_KEY_MISMATCH);

  private ReissueChain() {}

  /**
   * Judges {@code secretData} (the Secret's {@code data}, decoded; null when the Secret does not
   * exist) against the names the Service needs now and the CA that signs now. The message is one
   * sentence, lower case and without a full stop, so the caller can put the Secret's name first; it
   * never holds key material.
   *
   * @param wantedDnsNames every DNS name the certificate must carry, exactly (order ignored)
   * @param signer the current signing CA certificate
   * @param renewalFraction renew once this fraction of notBefore..notAfter has passed
   */
  public static ReissueDecision evaluate(
      Map<String, byte[]> secretData,
      List<String> wantedDnsNames,
      X509Certificate signer,
      double renewalFraction,
      Instant now) {
    if (!(renewalFraction > 0 && renewalFraction < 1)) {
      throw new IllegalArgumentException(
          "the renewal fraction must be between 0 and 1 (exclusive), got " + renewalFraction);
    }
    ReissueInput in = ReissueInput.of(secretData, wantedDnsNames, signer, renewalFraction, now);
    for (ReissueCheck check : CHAIN) {
      Verdict verdict = check.judge(in);
      if (verdict.rule() != check.reason().rule()) {
        throw new IllegalStateException(
            check.reason()
                + " must decide by "
                + check.reason().rule()
                + ", not "
                + verdict.rule());
      }
      if (verdict instanceof Verdict.Fail fail) {
        Instant renewAt = NO_USABLE_CERTIFICATE.contains(check.reason()) ? null : renewAt(in);
        return new ReissueDecision(Optional.of(check.reason()), fail.words(), renewAt);
      }
    }
    Instant renewAt =
        requireNonNull(renewAt(in), "a Secret that passes every check has a certificate");
    return new ReissueDecision(
        Optional.empty(),
        "the certificate carries every wanted name, is signed by the current CA and falls due for renewal at "
            + renewAt,
        renewAt);
  }

  private static Instant renewAt(ReissueInput in) {
    return in.parsed().map(p -> RenewalTime.of(p.leaf(), in.renewalFraction())).orElse(null);
  }
}
