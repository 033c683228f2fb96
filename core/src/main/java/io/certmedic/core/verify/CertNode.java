package io.certmedic.core.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;

/**
 * One certificate as Go's verifier sees it, read once per verification: raw names for issuer links,
 * key identifiers for candidate order, basic constraints, key usage, EKU and critical extensions.
 * Package-private; nothing here is cached beyond one {@link ServingVerifier#verify} call.
 */
final class CertNode {

  static final String OID_SAN = "2.5.29.17";
  static final int SAN_DNS = 2;
  static final int SAN_IP = 7;
  static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String EKU_ANY = "2.5.29.37.0";

  private static final String OID_SKI = "2.5.29.14";
  private static final String OID_AKI = "2.5.29.35";
  private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
  private static final int KEY_CERT_SIGN_BIT = 5;
  private static final byte[] NO_ID = new byte[0];
  private static final int UNLIMITED = -1;

  /**
   * Extensions Go's parser handles (2.5.29.x and AIA); a critical SAN holding no usable name is
   * not.
   */
  private static final Set<String> HANDLED_EXTENSIONS =
      Set.of(
          "2.5.29.14",
          "2.5.29.15",
          OID_SAN,
          "2.5.29.19",
          "2.5.29.30",
          "2.5.29.31",
          "2.5.29.32",
          "2.5.29.33",
          "2.5.29.35",
          "2.5.29.36",
          "2.5.29.37",
          "2.5.29.54",
          "1.3.6.1.5.5.7.1.1");

  final X509Certificate cert;
  final ByteBuffer subject;
  final ByteBuffer issuer;
  final byte[] subjectKeyId;
  final byte[] authorityKeyId;
  final boolean basicConstraintsValid;
  final boolean isCa;
  final int maxPathLen;

  private CertNode(X509Certificate cert) {
    this.cert = cert;
    this.subject = ByteBuffer.wrap(cert.getSubjectX500Principal().getEncoded());
    this.issuer = ByteBuffer.wrap(cert.getIssuerX500Principal().getEncoded());
    this.subjectKeyId = keyId(cert.getExtensionValue(OID_SKI), false);
    this.authorityKeyId = keyId(cert.getExtensionValue(OID_AKI), true);
    this.basicConstraintsValid = cert.getExtensionValue(OID_BASIC_CONSTRAINTS) != null;
    int bc = cert.getBasicConstraints();
    this.isCa = bc >= 0;
    this.maxPathLen = bc == Integer.MAX_VALUE || bc < 0 ? UNLIMITED : bc;
  }

  static CertNode of(X509Certificate cert) {
    return new CertNode(cert);
  }

  /** Go's {@code UnhandledCriticalExtensions} is non-empty. */
  boolean hasUnhandledCriticalExtension() {
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical == null || critical.isEmpty()) {
      return false;
    }
    for (String oid : critical) {
      if (!HANDLED_EXTENSIONS.contains(oid)) {
        return true;
      }
      if (oid.equals(OID_SAN) && !hasParsableSanName()) {
        return true;
      }
    }
    return false;
  }

  private boolean hasParsableSanName() {
    try {
      var sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return false;
      }
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        if (type == 1 || type == SAN_DNS || type == 6 || type == SAN_IP) {
          return true;
        }
      }
      return false;
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /** A parent's key usage, if present and non-zero, must include keyCertSign. */
  boolean keyUsageForbidsCertSign() {
    boolean[] ku = cert.getKeyUsage();
    if (ku == null) {
      return false;
    }
    boolean any = false;
    for (boolean bit : ku) {
      any |= bit;
    }
    return any && !(ku.length > KEY_CERT_SIGN_BIT && ku[KEY_CERT_SIGN_BIT]);
  }

  /** The EKU OIDs, empty when the extension is absent. */
  List<String> extKeyUsage() {
    try {
      List<String> eku = cert.getExtendedKeyUsage();
      return eku == null ? List.of() : eku;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /**
   * Go only builds chains through keys it can parse: RSA, ECDSA, Ed25519 (and DSA, which then
   * fails).
   */
  boolean hasSupportedKey() {
    PublicKey k = cert.getPublicKey();
    if (k instanceof RSAPublicKey) {
      return !"RSASSA-PSS".equals(k.getAlgorithm());
    }
    if (k instanceof ECPublicKey || "DSA".equals(k.getAlgorithm())) {
      return true;
    }
    return k instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
  }

  /**
   * Go's {@code alreadyInChain}: same raw subject, same public key, same SAN extension (or both
   * none).
   */
  boolean sameAs(CertNode other) {
    if (!subject.equals(other.subject)) {
      return false;
    }
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), other.cert.getPublicKey().getEncoded())) {
      return false;
    }
    return Arrays.equals(cert.getExtensionValue(OID_SAN), other.cert.getExtensionValue(OID_SAN));
  }

  private static byte[] keyId(byte[] ext, boolean authority) {
    if (ext == null) {
      return NO_ID;
    }
    try {
      ASN1Primitive inner =
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      if (authority) {
        byte[] id = AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifierOctets();
        return id == null ? NO_ID : id;
      }
      return ASN1OctetString.getInstance(inner).getOctets();
    } catch (IOException | RuntimeException e) {
      return NO_ID;
    }
  }

  @Override
  public String toString() {
    return cert.getSubjectX500Principal().getName();
  }

  static boolean isEd25519(PublicKey k) {
    return k instanceof EdECPublicKey ed
        && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName());
  }
}
