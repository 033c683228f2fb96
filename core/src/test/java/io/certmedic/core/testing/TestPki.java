package io.certmedic.core.testing;

import io.certmedic.core.issue.KeyType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates in memory for tests, including the broken ones real clusters hold (CN-only,
 * expired, wrong EKU, non-CA intermediates, SHA-1). All times derive from {@link #NOW}, a fixed
 * instant; nothing reads the clock.
 *
 * <pre>{@code
 * TestPki.Cert ca = TestPki.ca("test-ca").build();
 * TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").signedBy(ca).build();
 * }</pre>
 */
public final class TestPki {

  /** The fixed "now" every test judges at. */
  public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIALS = new AtomicLong(1000);
  private static final KeyPair SHARED_EC = KeyType.ECDSA_P256.generate(RANDOM);

  private TestPki() {}

  /** A certificate with its key pair. */
  public record Cert(X509Certificate cert, KeyPair keys) {
    public PrivateKey key() {
      return keys.getPrivate();
    }

    @Override
    public String toString() {
      return "Cert[" + cert.getSubjectX500Principal().getName() + "]";
    }
  }

  public static Builder ca(String cn) {
    return new Builder(cn)
        .ca(true)
        .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
        .noSans();
  }

  /** A serverAuth leaf with {@code sans} as DNS names (IP literals become IP SANs), CN = first. */
  public static Builder leaf(String... sans) {
    Builder b = new Builder(sans.length > 0 ? sans[0] : "leaf");
    b.sans = new ArrayList<>(List.of(sans));
    return b;
  }

  /** Fluent builder; every option defaults to what a well-made cert has. */
  public static final class Builder {
    private final String cn;
    private List<String> sans = new ArrayList<>();
    private boolean sanExtension = true;
    private boolean ca;
    private boolean basicConstraints = true;
    private int pathLen = -1;
    private int keyUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    private List<KeyPurposeId> eku = new ArrayList<>(List.of(KeyPurposeId.id_kp_serverAuth));
    private Instant notBefore = NOW.minus(Duration.ofDays(1));
    private Instant notAfter = NOW.plus(Duration.ofDays(90));
    private Cert issuer;
    private KeyType keyType = KeyType.ECDSA_P256;
    private KeyPair keys;
    private String sigAlg;
    private boolean authorityKeyId = true;
    private String caIssuersUrl;
    private BigInteger serial;

    private Builder(String cn) {
      this.cn = cn;
    }

    public Builder ca(boolean isCa) {
      this.ca = isCa;
      if (isCa) {
        this.eku = new ArrayList<>();
      }
      return this;
    }

    public Builder pathLen(int n) {
      this.pathLen = n;
      return this;
    }

    public Builder noBasicConstraints() {
      this.basicConstraints = false;
      return this;
    }

    public Builder keyUsage(int ku) {
      this.keyUsage = ku;
      return this;
    }

    public Builder eku(KeyPurposeId... ids) {
      this.eku = new ArrayList<>(List.of(ids));
      return this;
    }

    /** No SAN extension at all: the name lives only in the CN (legacy). */
    public Builder noSans() {
      this.sanExtension = false;
      this.sans = new ArrayList<>();
      return this;
    }

    public Builder sans(String... names) {
      this.sanExtension = true;
      this.sans = new ArrayList<>(List.of(names));
      return this;
    }

    public Builder validity(Instant from, Instant to) {
      this.notBefore = from;
      this.notAfter = to;
      return this;
    }

    public Builder expiredDaysAgo(int days) {
      this.notBefore = NOW.minus(Duration.ofDays(days + 365L));
      this.notAfter = NOW.minus(Duration.ofDays(days));
      return this;
    }

    public Builder signedBy(Cert parent) {
      this.issuer = parent;
      return this;
    }

    public Builder keyType(KeyType type) {
      this.keyType = type;
      return this;
    }

    /** Reuse a shared P-256 key: much faster when a test makes hundreds of certs. */
    public Builder sharedKey() {
      this.keys = SHARED_EC;
      return this;
    }

    /**
     * A fixed serial instead of the next one: with {@link #keys} and RSA, the same cert each run.
     */
    public Builder serial(long n) {
      this.serial = BigInteger.valueOf(n);
      return this;
    }

    public Builder keys(KeyPair pair) {
      this.keys = pair;
      return this;
    }

    /**
     * No Authority Key Identifier: the issuer is known only by name and signature (old or hand-made
     * certs).
     */
    public Builder noAuthorityKeyId() {
      this.authorityKeyId = false;
      return this;
    }

    /**
     * An Authority Information Access "CA Issuers" entry naming where the issuer's certificate is
     * published, as public CAs write it in their leaves.
     */
    public Builder caIssuers(String url) {
      this.caIssuersUrl = url;
      return this;
    }

    public Builder signatureAlgorithm(String alg) {
      this.sigAlg = alg;
      return this;
    }

    public Cert build() {
      try {
        KeyPair kp = keys != null ? keys : keyType.generate(RANDOM);
        X500Principal subject = new X500Principal("CN=" + cn);
        X500Principal issuerName =
            issuer == null ? subject : issuer.cert().getSubjectX500Principal();
        PrivateKey signer = issuer == null ? kp.getPrivate() : issuer.key();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                issuerName,
                serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                kp.getPublic());
        if (basicConstraints) {
          b.addExtension(
              Extension.basicConstraints,
              true,
              ca
                  ? (pathLen >= 0 ? new BasicConstraints(pathLen) : new BasicConstraints(true))
                  : new BasicConstraints(false));
        }
        if (keyUsage != 0) {
          b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        if (!eku.isEmpty()) {
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(eku.toArray(KeyPurposeId[]::new)));
        }
        if (sanExtension && !sans.isEmpty()) {
          List<GeneralName> names = new ArrayList<>();
          for (String s : sans) {
            boolean ip =
                s.contains(":") || s.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, s));
          }
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        b.addExtension(
            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        if (issuer != null && authorityKeyId) {
          b.addExtension(
              Extension.authorityKeyIdentifier,
              false,
              ext.createAuthorityKeyIdentifier(issuer.cert()));
        }
        if (caIssuersUrl != null) {
          b.addExtension(
              Extension.authorityInfoAccess,
              false,
              new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
                  org.bouncycastle.asn1.x509.AccessDescription.id_ad_caIssuers,
                  new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl)));
        }
        String alg =
            sigAlg != null
                ? sigAlg
                : defaultSigAlg(issuer == null ? kp.getPublic() : issuer.cert().getPublicKey());
        X509Certificate cert =
            new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
        return new Cert(cert, kp);
      } catch (Exception e) {
        throw new IllegalStateException("test PKI failed to build " + cn, e);
      }
    }
  }

  /**
   * The line that opens a PEM block of {@code kind} (e.g. "EC" for {@code EC PRIVATE KEY}, "" for
   * PKCS#8).
   */
  public static String keyBegin(String kind) {
    return "-----BEGIN " + (kind.isEmpty() ? "" : kind + " ") + "PRIVATE" + " KEY-----";
  }

  /** The line that closes it. */
  public static String keyEnd(String kind) {
    return "-----END " + (kind.isEmpty() ? "" : kind + " ") + "PRIVATE" + " KEY-----";
  }

  /**
   * A private-key PEM block of {@code kind} around {@code body} (base64, wrapped by the caller or
   * not): for tests that need a key armoured as OpenSSL or another tool writes it, or a
   * deliberately broken one. The key material itself is always made in memory by the test.
   */
  public static String keyBlock(String kind, String body) {
    return keyBegin(kind) + "\n" + body + (body.endsWith("\n") ? "" : "\n") + keyEnd(kind) + "\n";
  }

  /**
   * A PKCS#8 EC private key (PEM) that carries {@code cert}'s public point in its optional {@code
   * publicKey} field but a different, random scalar: the key file Go's {@code tls.X509KeyPair}
   * rejects, because it derives the point from the scalar and ignores the stored one. {@code cert}
   * must have an EC key.
   */
  public static String keyWithStoredPointOf(Cert cert) {
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
            cert.cert().getPublicKey().getEncoded());
    java.security.interfaces.ECPrivateKey own = (java.security.interfaces.ECPrivateKey) cert.key();
    BigInteger n = own.getParams().getOrder();
    BigInteger d;
    do {
      d = new BigInteger(n.bitLength(), RANDOM);
    } while (d.signum() == 0 || d.compareTo(n) >= 0 || d.equals(own.getS()));
    try {
      org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
          new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(
              spki.getAlgorithm(),
              new org.bouncycastle.asn1.sec.ECPrivateKey(
                  n.bitLength(),
                  d,
                  new org.bouncycastle.asn1.DERBitString(spki.getPublicKeyData().getBytes()),
                  null));
      return keyBlock(
          "",
          java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(info.getEncoded()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String defaultSigAlg(java.security.PublicKey k) {
    if (k instanceof java.security.interfaces.RSAPublicKey) {
      return "SHA256withRSA";
    }
    if (k instanceof java.security.interfaces.ECPublicKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize() > 256
          ? "SHA384withECDSA"
          : "SHA256withECDSA";
    }
    return "Ed25519";
  }
}
