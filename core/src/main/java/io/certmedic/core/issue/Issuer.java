package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.verify.IpLiteral;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes CAs and serving certificates that the API server, OpenSSL and the JDK all accept: SANs for
 * every name, serverAuth, the key usage the key type needs, 128-bit random serials, and a notBefore
 * a few minutes in the past so a node whose clock runs slow does not reject a new cert. Time and
 * randomness are passed in.
 *
 * <p>Example: {@code Issuer.serving(Issuer.newCa("my-ca", KeyType.DEFAULT, Issuer.CA_LIFETIME, now,
 * rnd), ServingCertRequest.forService("webhook", "ns"), now, rnd)}.
 */
public final class Issuer {

  /** CAs live five years: long enough to outlast many leaf renewals, short enough to rotate. */
  public static final Duration CA_LIFETIME = Duration.ofDays(5 * 365);

  /** notBefore is set this far back to absorb clock skew between issuer and verifiers. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  /** Serial numbers carry this many random bits (CA/Browser Forum asks for at least 64). */
  static final int SERIAL_BITS = 128;

  private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

  private Issuer() {}

  /**
   * A self-signed CA named {@code commonName}, valid from {@code now - BACKDATE} for {@code
   * lifetime}.
   */
  public static CertificateAuthority newCa(
      String commonName, KeyType keyType, Duration lifetime, Instant now, SecureRandom random) {
    requireNonNull(commonName, "commonName == null");
    KeyPair keys = keyType.generate(random);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial(random),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(lifetime)),
              name,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate cert = sign(b, keys.getPrivate(), keys.getPublic());
      return new CertificateAuthority(cert, keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue CA " + commonName + ": " + e.getMessage(), e);
    }
  }

  /**
   * A serving certificate for {@code request}, signed by {@code ca}. Its notAfter is {@code now +
   * request.lifetime()}, or the CA's notAfter if that comes first.
   *
   * @throws IllegalArgumentException if the CA has expired at {@code now}
   */
  public static IssuedCertificate serving(
      CertificateAuthority ca, ServingCertRequest request, Instant now, SecureRandom random) {
    requireNonNull(request, "request == null");
    return leaf(
        ca,
        ServiceNames.apiServerName(request.service(), request.namespace()),
        request.dnsNames(),
        request.ipAddresses(),
        request.keyType(),
        request.lifetime(),
        now,
        random);
  }

  /**
   * A serverAuth leaf carrying exactly {@code dnsNames} and {@code ipAddresses}, named {@code
   * commonName}, signed by {@code ca}, valid from {@code now - BACKDATE} for {@code lifetime} (cut
   * to the CA's notAfter). {@link #serving} is this with a Service's names.
   *
   * @throws IllegalArgumentException if the CA has expired at {@code now}, or no name is given
   */
  public static IssuedCertificate leaf(
      CertificateAuthority ca,
      String commonName,
      List<String> dnsNames,
      List<String> ipAddresses,
      KeyType keyType,
      Duration lifetime,
      Instant now,
      SecureRandom random) {
    requireNonNull(ca, "ca == null");
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a leaf needs at least one DNS name or IP address");
    }
    KeyPair keys = keyType.generate(random);
    Instant notAfter = now.plus(lifetime);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (!caNotAfter.isAfter(now)) {
      throw new IllegalArgumentException(
          "the CA certificate expired at " + caNotAfter + "; it cannot sign");
    }
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter; // a leaf never outlives the CA that vouches for it
    }
    List<GeneralName> names = new ArrayList<>();
    for (String d : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, d));
    }
    for (String ip : ipAddresses) {
      names.add(new GeneralName(GeneralName.iPAddress, IpLiteral.canonical(ip)));
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca.certificate().getSubjectX500Principal(),
              serial(random),
              Date.from(now.minus(BACKDATE)),
              Date.from(notAfter),
              new X500Principal(subject.getEncoded()),
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(keyType.leafKeyUsage()));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.certificate()));
      X509Certificate cert = sign(b, ca.privateKey(), ca.certificate().getPublicKey());
      return new IssuedCertificate(cert, keys.getPrivate(), ca.certificate());
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException(
          "cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder b, java.security.PrivateKey signer, PublicKey signerPublic)
      throws OperatorCreationException, GeneralSecurityException {
    String algorithm = KeyType.signatureAlgorithmFor(signerPublic);
    ContentSigner cs =
        signerPublic instanceof java.security.interfaces.ECPublicKey
            ? FastEc.signer(algorithm, signer)
            : new JcaContentSignerBuilder(algorithm).build(signer);
    return CONVERTER.getCertificate(b.build(cs));
  }

  private static BigInteger serial(SecureRandom random) {
    BigInteger s;
    do {
      s = new BigInteger(SERIAL_BITS, random);
    } while (s.signum() == 0);
    return s;
  }
}
