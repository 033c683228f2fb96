package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import java.util.Set;

/**
 * Every rule, one per class of this package (the constant's name is the class's, in capitals), with
 * the finding codes it alone may report. A rule judges a certificate in up to three views, one
 * method each: {@code served} (what a caller is shown, as the API server judges it), {@code stored}
 * (any certificate at rest: a Secret, ConfigMap, kubeconfig or file) and {@code issued} (a serving
 * Secret the controller keeps). The doctor's checks, the controller's reissue chain and {@code
 * fix}'s planner decide from these verdicts, so they cannot disagree. A test locks this list.
 */
public enum Rule {
  /** The Secret exists (controller only). */
  SECRET_PRESENT(Set.of()),
  /** The Secret holds every key a server and its callers need, none empty (controller only). */
  SECRET_FIELDS(Set.of()),
  /** The certificate and key parse. */
  PARSING(Set.of(FindingCode.CERT_UNPARSABLE)),
  /** The judged instant is inside notBefore..notAfter, and not within the warning window. */
  VALIDITY_WINDOW(
      Set.of(
          FindingCode.CERT_EXPIRED,
          FindingCode.CERT_NOT_YET_VALID,
          FindingCode.CERT_EXPIRING_SOON)),
  /** The private key is the certificate's. */
  KEY_PAIR_MATCH(Set.of(FindingCode.CERT_KEY_MISMATCH)),
  /** The certificate carries the names its Service is dialled by (SANs only). */
  SERVING_NAMES(
      Set.of(FindingCode.SAN_MISMATCH, FindingCode.CERT_NO_SAN, FindingCode.SAN_INCOMPLETE)),
  /** The served chain verifies to the CAs the caller trusts. */
  CHAIN_TRUST(Set.of(FindingCode.CABUNDLE_UNTRUSTED)),
  /** The served certificate may serve (extended key usage serverAuth). */
  KEY_USAGE(Set.of(FindingCode.CERT_WRONG_USAGE)),
  /** The key and signature are strong enough for Go. */
  KEY_STRENGTH(Set.of(FindingCode.CERT_WEAK)),
  /** The certificate is signed by the CA that signs now (controller only). */
  CURRENT_ISSUER(Set.of()),
  /** The certificate has not reached its renewal time (controller only). */
  RENEWAL_DUE(Set.of()),
  /**
   * The TLS Secret an Ingress or Gateway listener names exists, holds a certificate, may be used.
   */
  TLS_SECRET_PRESENT(Set.of(FindingCode.TLS_SECRET_MISSING)),
  /** The served chain carries every intermediate between the leaf and a root. */
  CHAIN_COMPLETE(Set.of(FindingCode.CHAIN_INCOMPLETE)),
  /**
   * A cert-manager Certificate is Ready, renewed on time, carries its dnsNames, and its requests
   * are not denied or failed.
   */
  CERTIFICATE_READY(Set.of(FindingCode.CERTIFICATE_NOT_READY)),
  /** A cert-manager Issuer or ClusterIssuer is Ready. */
  ISSUER_READY(Set.of(FindingCode.ISSUER_NOT_READY)),
  /** A kubelet's CertificateSigningRequest is approved in time. */
  KUBELET_CSR(Set.of(FindingCode.CSR_PENDING)),
  /** No CA in the chain expires, within a year, before the certificate it signed. */
  CA_EXPIRES_FIRST(Set.of(FindingCode.CA_EXPIRES_FIRST)),
  /** A running container started after the CA bundle it mounts last changed. */
  POD_TRUST_STALE(Set.of(FindingCode.POD_TRUST_STALE));

  private final Set<FindingCode> codes;

  Rule(Set<FindingCode> codes) {
    this.codes = Set.copyOf(codes);
  }

  /**
   * The finding codes this rule reports, and no other rule does; empty for controller-only rules.
   */
  public Set<FindingCode> codes() {
    return codes;
  }
}
