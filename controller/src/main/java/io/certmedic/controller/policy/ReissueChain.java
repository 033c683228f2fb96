package io.certmedic.controller.policy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The named checks that decide whether a serving Secret must be (re)issued, in order; the first
 * that fails decides, as cert-manager's policy chain does. Pure: the instant is passed in.
 */
public final class ReissueChain {

  private ReissueChain() {}

  /**
   * Judges {@code secretData} (the Secret's {@code data}, decoded; null when the Secret does not
   * exist) against the names the Service needs now and the CA that signs now.
   *
   * @param wantedDnsNames every DNS name the certificate must carry, exactly (order ignored)
   * @param signer the current signing CA certificate
   * @param renewalFraction renew once this fraction of notBefore..notAfter has passed
   */
  public static ReissueDecision evaluate(
      Map<String, byte[]> secretData, List<String> wantedDnsNames, X509Certificate signer, double renewalFraction, Instant now) {
    throw new UnsupportedOperationException("filled in by the policy work");
  }
}
