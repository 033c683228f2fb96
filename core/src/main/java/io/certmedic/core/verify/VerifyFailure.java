package io.certmedic.core.verify;

import java.security.cert.X509Certificate;

/**
 * One way verification fails, with the words Go's crypto/x509 uses (as the API server logs them
 * after {@code tls: failed to verify certificate: }).
 */
public sealed interface VerifyFailure extends VerifyResult
    permits Expired,
        NotYetValid,
        HostnameMismatch,
        LegacyCommonName,
        UnknownAuthority,
        IncompatibleUsage,
        NotAuthorizedToSign,
        TooManyIntermediates,
        UnhandledCriticalExtension,
        NoCertificate,
        SignatureCheckLimit {

  Reason reason();

  /** Go's exact words, e.g. {@code x509: certificate signed by unknown authority}. */
  String message();

  /** The certificate the failure is about; null when there is none. */
  X509Certificate certificate();

  @Override
  default boolean ok() {
    return false;
  }
}
