package io.certmedic.core.x509;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The facts of one certificate that a person or a check needs, read once. Names come from the SAN
 * extension; {@link #commonName()} is kept only to explain Go's "legacy Common Name" error.
 */
public record CertFacts(
    String subject,
    String commonName,
    String issuer,
    String serialHex,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> uris,
    List<String> emails,
    boolean hasSanExtension,
    String keyAlgorithm,
    int rsaBits,
    String signatureAlgorithm,
    Instant notBefore,
    Instant notAfter,
    boolean basicConstraintsPresent,
    boolean ca,
    int pathLen,
    List<String> keyUsage,
    List<String> extKeyUsage,
    String subjectKeyId,
    String authorityKeyId,
    String sha256,
    boolean selfIssued) {

  /** {@link #pathLen()} when the CA sets no path length constraint. */
  public static final int UNLIMITED_PATH_LEN = -1;

  private static final String[] KEY_USAGE_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private static final Map<String, String> EKU_NAMES =
      Map.of(
          "1.3.6.1.5.5.7.3.1", "serverAuth",
          "1.3.6.1.5.5.7.3.2", "clientAuth",
          "1.3.6.1.5.5.7.3.3", "codeSigning",
          "1.3.6.1.5.5.7.3.4", "emailProtection",
          "1.3.6.1.5.5.7.3.8", "timeStamping",
          "1.3.6.1.5.5.7.3.9", "OCSPSigning",
          "2.5.29.37.0", "any");

  public CertFacts {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
    emails = List.copyOf(emails);
    keyUsage = List.copyOf(keyUsage);
    extKeyUsage = List.copyOf(extKeyUsage);
  }

  /** Reads the facts of {@code cert}. */
  public static CertFacts of(X509Certificate cert) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    boolean hasSan = cert.getExtensionValue(Extension.subjectAlternativeName.getId()) != null;
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          Object value = san.get(1);
          switch (type) {
            case 1 -> emails.add(String.valueOf(value));
            case 2 -> dns.add(String.valueOf(value));
            case 6 -> uris.add(String.valueOf(value));
            case 7 -> ips.add(normaliseIp(String.valueOf(value)));
            default -> {}
          }
        }
      }
    } catch (CertificateParsingException e) {
      // An unreadable SAN extension leaves the names empty; verification then fails on names.
    }
    String subject = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    String issuer = cert.getIssuerX500Principal().getName(X500Principal.RFC2253);
    int bc = cert.getBasicConstraints();
    boolean bcPresent = cert.getExtensionValue(Extension.basicConstraints.getId()) != null;
    return new CertFacts(
        subject,
        commonName(cert.getSubjectX500Principal()),
        issuer,
        cert.getSerialNumber().toString(16),
        dns,
        ips,
        uris,
        emails,
        hasSan,
        KeyFacts.describe(cert.getPublicKey()),
        KeyFacts.rsaBits(cert.getPublicKey()),
        cert.getSigAlgName(),
        cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(),
        bcPresent,
        bc >= 0,
        bc == Integer.MAX_VALUE || bc < 0 ? UNLIMITED_PATH_LEN : bc,
        keyUsage(cert),
        extKeyUsage(cert),
        subjectKeyId(cert),
        authorityKeyId(cert),
        sha256(cert),
        cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
  }

  /** Every name in the SAN extension, DNS names first, as Go lists them in its errors. */
  public List<String> allNames() {
    List<String> all = new ArrayList<>(dnsNames);
    all.addAll(ipAddresses);
    all.addAll(uris);
    all.addAll(emails);
    return all;
  }

  /** True for an RSA key under 2048 bits or a SHA-1 / MD5 signature. */
  public boolean weak() {
    String sig = signatureAlgorithm.toUpperCase(Locale.ROOT);
    return (rsaBits > 0 && rsaBits < 2048)
        || sig.contains("SHA1")
        || sig.contains("MD5")
        || sig.contains("MD2");
  }

  static String commonName(X500Principal principal) {
    try {
      List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }

  private static List<String> keyUsage(X509Certificate cert) {
    boolean[] bits = cert.getKeyUsage();
    List<String> out = new ArrayList<>();
    if (bits != null) {
      for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
        if (bits[i]) {
          out.add(KEY_USAGE_NAMES[i]);
        }
      }
    }
    return out;
  }

  private static List<String> extKeyUsage(X509Certificate cert) {
    try {
      List<String> oids = cert.getExtendedKeyUsage();
      if (oids == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>(oids.size());
      for (String oid : oids) {
        out.add(EKU_NAMES.getOrDefault(oid, oid));
      }
      return out;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /** The Subject Key Identifier in lower-case hex, or "" when absent or unreadable. */
  public static String subjectKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext == null) {
      return "";
    }
    try {
      ASN1Primitive inner =
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      return HexFormat.of().formatHex(SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier());
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The Authority Key Identifier's key id in lower-case hex, or "" when absent or unreadable. */
  public static String authorityKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (ext == null) {
      return "";
    }
    try {
      ASN1Primitive inner =
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      byte[] id = AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier();
      return id == null ? "" : HexFormat.of().formatHex(id);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The URLs of the Authority Information Access "CA Issuers" entries (where public CAs publish the
   * issuer's certificate), in order; empty when absent or unreadable.
   */
  public static List<String> caIssuers(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (ext == null) {
      return List.of();
    }
    try {
      ASN1Primitive inner =
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      List<String> urls = new ArrayList<>();
      for (AccessDescription d :
          AuthorityInformationAccess.getInstance(inner).getAccessDescriptions()) {
        if (AccessDescription.id_ad_caIssuers.equals(d.getAccessMethod())
            && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
          urls.add(d.getAccessLocation().getName().toString());
        }
      }
      return List.copyOf(urls);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Lower-case hex SHA-256 of the DER encoding. */
  public static String sha256(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  private static String normaliseIp(String ip) {
    // The JDK renders IPv6 SANs in full form (0:0:0:0:0:0:0:1); Go prints the short one (::1).
    byte[] b = io.certmedic.core.verify.IpLiteral.parse(ip);
    return b == null ? ip : io.certmedic.core.verify.IpLiteral.format(b);
  }
}
