package io.certmedic.core.verify;

/** Why Go's verifier rejected a chain; {@link VerifyFailure#message()} carries Go's words. */
public enum Reason {
  /** {@code x509: certificate has expired or is not yet valid: current time ... is after ...}. */
  EXPIRED,
  /** {@code x509: certificate has expired or is not yet valid: current time ... is before ...}. */
  NOT_YET_VALID,
  /** The leaf's SANs do not carry the name dialled. */
  HOSTNAME_MISMATCH,
  /** The name is only in the Common Name, which Go ignores. */
  LEGACY_COMMON_NAME,
  /** No chain to the trust bundle, possibly with a hint naming a rejected candidate CA. */
  UNKNOWN_AUTHORITY,
  /** No chain allows serverAuth. */
  INCOMPATIBLE_USAGE,
  /** An intermediate that is not a CA (an X.509 v1 cert without basic constraints). */
  NOT_AUTHORIZED_TO_SIGN,
  /** A CA's pathLen is exceeded. */
  TOO_MANY_INTERMEDIATES,
  /** A critical extension Go does not understand. */
  UNHANDLED_CRITICAL_EXTENSION,
  /** The server sent no certificate. */
  NO_CERTIFICATE,
  /** More than 100 signature checks while building chains. */
  SIGNATURE_CHECK_LIMIT
}
