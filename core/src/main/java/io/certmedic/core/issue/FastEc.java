package io.certmedic.core.issue;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * ECDSA key generation and certificate signing with BouncyCastle's lightweight API. JDK 17's
 * P-256/P-384 code has no precomputed table for the generator point; BouncyCastle's fixed-point
 * comb makes generation and signing over ten times faster (BENCHMARKS.md), without the ~0.3 s it
 * takes to construct the BouncyCastle JCA provider. Keys come back as the JDK's own {@code EC} keys
 * with named-curve encodings, so every other part of the JDK takes them as usual.
 */
final class FastEc {

  private static final ECNamedDomainParameters P256 = domain(SECObjectIdentifiers.secp256r1);
  private static final ECNamedDomainParameters P384 = domain(SECObjectIdentifiers.secp384r1);

  private static final ECParameterSpec JDK_P256 = jdkSpec("secp256r1");
  private static final ECParameterSpec JDK_P384 = jdkSpec("secp384r1");

  private FastEc() {}

  /** A P-256 ({@code bits == 256}) or P-384 key pair as JDK keys. */
  static KeyPair generate(int bits, SecureRandom random) throws GeneralSecurityException {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(bits == 256 ? P256 : P384, random));
    AsymmetricCipherKeyPair pair = g.generateKeyPair();
    // Through JDK key specs, not PKCS#8 bytes: BouncyCastle's PKCS#8 encoder recomputes the public
    // point, a second scalar multiplication that would cost as much as the key generation.
    ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
    ECParameterSpec spec = bits == 256 ? JDK_P256 : JDK_P384;
    KeyFactory f = KeyFactory.getInstance("EC");
    return new KeyPair(
        f.generatePublic(
            new ECPublicKeySpec(
                new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                spec)),
        f.generatePrivate(
            new ECPrivateKeySpec(((ECPrivateKeyParameters) pair.getPrivate()).getD(), spec)));
  }

  /** A certificate signer for EC key {@code key} with JCA algorithm name {@code algorithm}. */
  static ContentSigner signer(String algorithm, PrivateKey key) throws OperatorCreationException {
    AlgorithmIdentifier sig = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
    AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(sig);
    try {
      return new BcECContentSignerBuilder(sig, digest)
          .build(PrivateKeyFactory.createKey(key.getEncoded()));
    } catch (IOException e) {
      throw new OperatorCreationException("cannot read EC key: " + e.getMessage(), e);
    }
  }

  private static ECParameterSpec jdkSpec(String curve) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      return p.getParameterSpec(ECParameterSpec.class); // named: keys encode the curve's OID
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + curve, e);
    }
  }

  private static ECNamedDomainParameters domain(ASN1ObjectIdentifier oid) {
    return new ECNamedDomainParameters(oid, CustomNamedCurves.getByOID(oid));
  }
}
