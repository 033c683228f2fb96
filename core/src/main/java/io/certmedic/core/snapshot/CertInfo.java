package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import java.security.cert.X509Certificate;

/**
 * A certificate as the snapshot keeps it. Facts are read once, when the certificate is parsed;
 * the parsed certificate itself is kept for verification. Identical certificates (a CA repeated
 * in every Secret's {@code ca.crt}) are one shared instance, interned by fingerprint.
 */
public final class CertInfo {

  private final X509Certificate certificate;
  private final CertFacts facts;
  private final String publicKeyId;

  private CertInfo(X509Certificate certificate, CertFacts facts, String publicKeyId) {
    this.certificate = certificate;
    this.facts = facts;
    this.publicKeyId = publicKeyId;
  }

  public static CertInfo of(X509Certificate certificate) {
    requireNonNull(certificate, "certificate == null");
    return new CertInfo(certificate, CertFacts.of(certificate), KeyFacts.publicKeyId(certificate.getPublicKey()));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public CertFacts facts() {
    return facts;
  }

  /** See {@link KeyFacts#publicKeyId}. */
  public String publicKeyId() {
    return publicKeyId;
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
