package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * The leaf has no SAN extension and only its Common Name matches {@code host}; Go ignores the CN.
 */
public record LegacyCommonName(X509Certificate certificate, String host, String commonName)
    implements VerifyFailure {

  public LegacyCommonName {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(host, "host == null");
    requireNonNull(commonName, "commonName == null");
  }

  @Override
  public Reason reason() {
    return Reason.LEGACY_COMMON_NAME;
  }

  @Override
  public String message() {
    return "x509: certificate relies on legacy Common Name field, use SANs instead";
  }
}
