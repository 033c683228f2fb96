package io.certmedic.bench;

import io.certmedic.core.issue.KeyType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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

/** A root, an intermediate and a serving leaf of one key type, made in memory for benchmarks. */
record BenchPki(X509Certificate root, X509Certificate intermediate, X509Certificate leaf) {

  static final String NAME = "webhook.bench.svc";
  static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  List<X509Certificate> presented() {
    return List.of(leaf, intermediate);
  }

  static BenchPki of(KeyType type) {
    SecureRandom rnd = new SecureRandom();
    KeyPair rootKeys = type.generate(rnd);
    KeyPair interKeys = type.generate(rnd);
    KeyPair leafKeys = type.generate(rnd);
    X509Certificate root = cert("bench-root", rootKeys, null, rootKeys, true, type);
    X509Certificate inter = cert("bench-intermediate", interKeys, root, rootKeys, true, type);
    X509Certificate leaf = cert(NAME, leafKeys, inter, interKeys, false, type);
    return new BenchPki(root, inter, leaf);
  }

  private static X509Certificate cert(
      String cn,
      KeyPair keys,
      X509Certificate issuer,
      KeyPair issuerKeys,
      boolean ca,
      KeyType type) {
    try {
      X500Principal subject = new X500Principal("CN=" + cn);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer == null ? subject : issuer.getSubjectX500Principal(),
              BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
              Date.from(AT.minus(Duration.ofDays(30))),
              Date.from(AT.plus(Duration.ofDays(365))),
              subject,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              ca
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                  : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      if (!ca) {
        b.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, cn)));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      if (issuer != null) {
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder(type.signatureAlgorithm())
                      .build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make bench certificate " + cn, e);
    }
  }
}
