package io.certmedic.core.explain;

import io.certmedic.core.finding.FindingCode;
import java.util.List;

/** What kind of TLS verification failure a line reports; {@link #json()} is a stable JSON value. */
public enum Family {
  /** No chain to a trusted root: Go's unknown authority, Java PKIX, OpenSSL's local-issuer errors. */
  UNKNOWN_AUTHORITY("unknown_authority", List.of(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.CABUNDLE_MISSING, FindingCode.TRUST_BUNDLE_STALE, FindingCode.ENV_TRUST_OVERRIDE)),
  /** The verifier's clock is past a certificate's notAfter. */
  EXPIRED("expired", List.of(FindingCode.CERT_EXPIRED, FindingCode.SERVING_CERT_STALE, FindingCode.CERT_NOT_MANAGED)),
  /** The verifier's clock is before a certificate's notBefore. */
  NOT_YET_VALID("not_yet_valid", List.of(FindingCode.CERT_NOT_YET_VALID)),
  /** The dialled name is not among the certificate's names. */
  HOSTNAME_MISMATCH("hostname_mismatch", List.of(FindingCode.SAN_MISMATCH, FindingCode.SERVING_CERT_STALE)),
  /** The certificate names its host only in the Common Name, which Go ignores. */
  LEGACY_CN("legacy_cn", List.of(FindingCode.CERT_NO_SAN)),
  /** Key usage or extended key usage does not allow the use (usually serverAuth). */
  KEY_USAGE("key_usage", List.of(FindingCode.PROBE_FAILED)),
  /** A certificate in the chain is signed with SHA-1 or MD5. */
  WEAK_SIGNATURE("weak_signature", List.of(FindingCode.CERT_WEAK)),
  /** The peer refused our certificate; the line comes from the side that presented it. */
  REMOTE_REJECTED("remote_rejected", List.of(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.SAN_MISMATCH, FindingCode.CERT_EXPIRED)),
  /** A TLS-looking failure that cannot be placed more precisely. */
  UNKNOWN("unknown", List.of(FindingCode.PROBE_FAILED));

  private final String json;
  private final List<FindingCode> codes;

  Family(String json, List<FindingCode> codes) {
    this.json = json;
    this.codes = codes;
  }

  /** The stable JSON value, e.g. {@code hostname_mismatch}. */
  public String json() {
    return json;
  }

  /** The doctor codes that would confirm this family, most telling first (context may reorder). */
  public List<FindingCode> defaultCodes() {
    return codes;
  }

  /** The family whose JSON value is {@code json}. */
  public static Family fromJson(String json) {
    for (Family f : values()) {
      if (f.json.equals(json)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no family " + json);
  }
}
