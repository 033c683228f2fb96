package io.certmedic.core.verify;

import java.security.cert.X509Certificate;

/**
 * Nothing was presented. Go never reaches crypto/x509 here: crypto/tls fails the handshake with
 * these words, so this is the one message that does not start with {@code x509: }.
 */
public record NoCertificate() implements VerifyFailure {

  @Override
  public Reason reason() {
    return Reason.NO_CERTIFICATE;
  }

  @Override
  public String message() {
    return "tls: received empty certificates message";
  }

  @Override
  public X509Certificate certificate() {
    return null;
  }
}
