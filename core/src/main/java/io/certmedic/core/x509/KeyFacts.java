package io.certmedic.core.x509;

import io.certmedic.core.pem.PrivateKeyEntry;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * What a key is ("EC P-256", "RSA 2048", "Ed25519") and whether a private key belongs to a
 * certificate. The match compares public keys derived from the private one; nothing is signed,
 * so it is fast enough to run over every TLS Secret of a large cluster.
 */
public final class KeyFacts {

  private KeyFacts() {}

  /** Describes a certificate's public key, e.g. {@code EC P-256} or {@code RSA 2048}. */
  public static String describe(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return "EC " + curveName(ec.getParams().getCurve().getField().getFieldSize());
    }
    String alg = key.getAlgorithm();
    if ("EdDSA".equals(alg) || "Ed25519".equals(alg) || "Ed448".equals(alg)) {
      return key.getEncoded().length > 50 ? "Ed448" : "Ed25519";
    }
    return alg;
  }

  /** RSA modulus size in bits; 0 for other key types. */
  public static int rsaBits(PublicKey key) {
    return key instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() : 0;
  }

  /** Describes a private key without revealing it, e.g. {@code EC P-256 (SEC1)}. */
  public static String describe(PrivateKeyEntry key) {
    if (key.isEncrypted()) {
      return "encrypted private key";
    }
    try {
      AsymmetricKeyParameter p = PrivateKeyFactory.createKey(key.info());
      if (p instanceof RSAKeyParameters rsa) {
        return "RSA " + rsa.getModulus().bitLength();
      }
      if (p instanceof ECPrivateKeyParameters ec) {
        return "EC " + curveName(ec.getParameters().getCurve().getFieldSize());
      }
      if (p instanceof Ed25519PrivateKeyParameters) {
        return "Ed25519";
      }
      if (p instanceof Ed448PrivateKeyParameters) {
        return "Ed448";
      }
      return key.info().getPrivateKeyAlgorithm().getAlgorithm().getId();
    } catch (IOException | RuntimeException e) {
      return "unreadable private key";
    }
  }

  /** True when {@code key} is the private half of {@code cert}'s public key. */
  public static boolean matches(java.security.cert.X509Certificate cert, PrivateKeyEntry key) {
    if (key.isEncrypted()) {
      return false;
    }
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(key.info());
      AsymmetricKeyParameter pub =
          PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()));
      if (priv instanceof RSAPrivateCrtKeyParameters r && pub instanceof RSAKeyParameters p) {
        return r.getModulus().equals(p.getModulus()) && r.getPublicExponent().equals(p.getExponent());
      }
      if (priv instanceof RSAKeyParameters r && pub instanceof RSAKeyParameters p) {
        // A non-CRT RSA key has no public exponent; the modulus decides.
        return r.getModulus().equals(p.getModulus());
      }
      if (priv instanceof ECPrivateKeyParameters e && pub instanceof ECPublicKeyParameters q) {
        if (!e.getParameters().getCurve().equals(q.getParameters().getCurve())) {
          return false;
        }
        BigInteger d = e.getD();
        return new FixedPointCombMultiplier()
            .multiply(e.getParameters().getG(), d)
            .normalize()
            .equals(q.getQ().normalize());
      }
      if (priv instanceof Ed25519PrivateKeyParameters ed && pub instanceof Ed25519PublicKeyParameters q) {
        return Arrays.equals(ed.generatePublicKey().getEncoded(), q.getEncoded());
      }
      if (priv instanceof Ed448PrivateKeyParameters ed && pub instanceof Ed448PublicKeyParameters q) {
        return Arrays.equals(ed.generatePublicKey().getEncoded(), q.getEncoded());
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String curveName(int fieldBits) {
    return switch (fieldBits) {
      case 256 -> "P-256";
      case 384 -> "P-384";
      case 521 -> "P-521";
      case 224 -> "P-224";
      default -> fieldBits + "-bit curve";
    };
  }
}
