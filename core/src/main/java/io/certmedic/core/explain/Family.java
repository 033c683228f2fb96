package io.certmedic.core.explain;

/**
 * What kind of TLS verification failure a line reports; {@link #json()} is a stable JSON value. The
 * doctor codes that confirm each family depend on the connection and are chosen by the advice.
 */
public enum Family {
  /**
   * No chain to a trusted root: Go's unknown authority, Java PKIX, OpenSSL's local-issuer errors.
   */
  UNKNOWN_AUTHORITY("unknown_authority"),
  /** The verifier's clock is past a certificate's notAfter. */
  EXPIRED("expired"),
  /** The verifier's clock is before a certificate's notBefore. */
  NOT_YET_VALID("not_yet_valid"),
  /** The dialled name is not among the certificate's names. */
  HOSTNAME_MISMATCH("hostname_mismatch"),
  /** The certificate names its host only in the Common Name, which Go ignores. */
  LEGACY_CN("legacy_cn"),
  /** Key usage or extended key usage does not allow the use (usually serverAuth). */
  KEY_USAGE("key_usage"),
  /** A certificate in the chain is signed with SHA-1 or MD5. */
  WEAK_SIGNATURE("weak_signature"),
  /** The peer refused our certificate; the line comes from the side that presented it. */
  REMOTE_REJECTED("remote_rejected"),
  /** A TLS-looking failure that cannot be placed more precisely. */
  UNKNOWN("unknown"),
  /**
   * The two sides found no protocol version, cipher suite or handshake they both accept (or one
   * side spoke plain text): no certificate was judged.
   */
  HANDSHAKE_FAILURE("handshake_failure");

  private final String json;

  Family(String json) {
    this.json = json;
  }

  /** The stable JSON value, e.g. {@code hostname_mismatch}. */
  public String json() {
    return json;
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
