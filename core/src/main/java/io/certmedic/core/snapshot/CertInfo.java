package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A certificate as the snapshot keeps it. Facts are read once, when the certificate is parsed; the
 * parsed certificate is then let go and only its DER encoding kept: a JDK certificate object weighs
 * several kilobytes, and a dump of 50,000 TLS Secrets must fit a small heap. The few certificates a
 * verification needs are parsed again on first {@link #certificate()} and kept from then on.
 * Identical certificates (a CA repeated in every Secret's {@code ca.crt}) are one shared instance,
 * interned by fingerprint.
 */
public final class CertInfo {

  private final byte[] encoded;
  private final CertFacts facts;
  private final KeyFacts.PublicHalf publicHalf;
  private volatile X509Certificate certificate;

  private CertInfo(byte[] encoded, CertFacts facts, KeyFacts.PublicHalf publicHalf) {
    this.encoded = encoded;
    this.facts = facts;
    this.publicHalf = publicHalf;
  }

  public static CertInfo of(X509Certificate certificate) {
    requireNonNull(certificate, "certificate == null");
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate has no encoding: " + e.getMessage(), e);
    }
    return new CertInfo(
        der, CertFacts.of(certificate), KeyFacts.PublicHalf.of(certificate.getPublicKey()));
  }

  /** The parsed certificate (parsed again from its encoding on first use, then kept). */
  public X509Certificate certificate() {
    X509Certificate c = certificate;
    if (c == null) {
      try {
        c = io.certmedic.core.pem.PemReader.certificate(encoded);
      } catch (CertificateException e) {
        throw new IllegalStateException(
            "a certificate that parsed once no longer parses: " + e.getMessage(), e);
      }
      certificate = c;
    }
    return c;
  }

  public CertFacts facts() {
    return facts;
  }

  /** See {@link KeyFacts#publicKeyId}. */
  public String publicKeyId() {
    return publicHalf == null ? null : publicHalf.id();
  }

  /**
   * The public key as a private key beside it is compared with ({@link KeyFacts#read}); null when
   * its id cannot be read.
   */
  public KeyFacts.PublicHalf publicHalf() {
    return publicHalf;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertInfo c && c.facts.sha256().equals(facts.sha256());
  }

  @Override
  public int hashCode() {
    return facts.sha256().hashCode();
  }

  @Override
  public String toString() {
    return "CertInfo[" + facts.subject() + ", " + facts.sha256().substring(0, 12) + "]";
  }
}
