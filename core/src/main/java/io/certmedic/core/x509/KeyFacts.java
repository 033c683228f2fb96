package io.certmedic.core.x509;

import io.certmedic.core.pem.PrivateKeyEntry;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
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
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * What a key is ("EC P-256", "RSA 2048", "Ed25519") and whether a private key belongs to a
 * certificate. The match compares public keys derived from the private one; nothing is signed, so
 * it is fast enough to run over every TLS Secret of a large cluster.
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
      return describe(PrivateKeyFactory.createKey(key.info()), key);
    } catch (IOException | RuntimeException e) {
      return "unreadable private key";
    }
  }

  private static String describe(AsymmetricKeyParameter p, PrivateKeyEntry key) {
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
  }

  /** True when {@code key} is the private half of {@code cert}'s public key. */
  public static boolean matches(java.security.cert.X509Certificate cert, PrivateKeyEntry key) {
    String id = publicKeyId(key);
    return id != null && id.equals(publicKeyId(cert.getPublicKey()));
  }

  /**
   * A stable identifier of a public key (SHA-256 of its canonical numbers, not of an encoding that
   * may vary): equal for a certificate and the private key that belongs to it. Lets the doctor
   * match keys without keeping private key bytes, and a redacted snapshot stand in a public key for
   * a private one. Null when the key cannot be read.
   */
  public static String publicKeyId(PublicKey key) {
    // The JDK has decoded RSA and prime-curve EC keys already: read their numbers directly
    // rather than re-encoding and decoding them again (the same canonical form either way).
    if (key instanceof RSAPublicKey rsa) {
      return sha256Id(
          "rsa:" + rsa.getModulus().toString(16) + ":" + rsa.getPublicExponent().toString(16));
    }
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField() instanceof java.security.spec.ECFieldFp fp
        && !java.security.spec.ECPoint.POINT_INFINITY.equals(ec.getW())) {
      return sha256Id(
          "ec:"
              + fp.getFieldSize()
              + ":"
              + ec.getW().getAffineX().toString(16)
              + ":"
              + ec.getW().getAffineY().toString(16));
    }
    return publicKeyId(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  /** See {@link #publicKeyId(PublicKey)}. */
  public static String publicKeyId(SubjectPublicKeyInfo spki) {
    try {
      return canonicalId(PublicKeyFactory.createKey(spki));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The id of the public half of {@code key}, derived from it; null if encrypted or unreadable. */
  public static String publicKeyId(PrivateKeyEntry key) {
    return read(key, null).publicKeyId();
  }

  /**
   * A certificate's public key as a private key is compared with it: its {@link #publicKeyId} and,
   * for an EC key on a prime field, its affine point and field size ({@code x} null otherwise).
   */
  public record PublicHalf(String id, int fieldBits, BigInteger x, BigInteger y) {

    /** The public half of {@code key}; null when its id cannot be read. */
    public static PublicHalf of(PublicKey key) {
      String id = publicKeyId(key);
      if (id == null) {
        return null;
      }
      if (key instanceof ECPublicKey ec
          && ec.getParams().getCurve().getField() instanceof java.security.spec.ECFieldFp fp
          && !java.security.spec.ECPoint.POINT_INFINITY.equals(ec.getW())) {
        return new PublicHalf(
            id, fp.getFieldSize(), ec.getW().getAffineX(), ec.getW().getAffineY());
      }
      return new PublicHalf(id, 0, null, null);
    }
  }

  /** A private key read once: what it is ({@link #describe(PrivateKeyEntry)}) and its key id. */
  public record Reading(String description, String publicKeyId) {}

  /**
   * Reads {@code key} once: its description and the id of its public half, derived from the scalar
   * (the public point a key file may carry is never trusted, as Go's {@code tls.X509KeyPair} does
   * not trust it). When {@code expected} (the certificate beside the key; may be null) is a P-256
   * point, {@code d * G} is compared with it in Jacobian coordinates and, if equal, its id is
   * returned: the same id the full derivation gives, without the inversion and hashing it costs.
   */
  public static Reading read(PrivateKeyEntry key, PublicHalf expected) {
    if (key.isEncrypted()) {
      return new Reading("encrypted private key", null);
    }
    AsymmetricKeyParameter priv;
    try {
      priv = PrivateKeyFactory.createKey(key.info());
    } catch (IOException | RuntimeException e) {
      return new Reading("unreadable private key", null);
    }
    String description;
    try {
      description = describe(priv, key);
    } catch (RuntimeException e) {
      return new Reading("unreadable private key", null);
    }
    try {
      return new Reading(description, publicKeyId(priv, expected));
    } catch (RuntimeException e) {
      return new Reading(description, null);
    }
  }

  private static String publicKeyId(AsymmetricKeyParameter priv, PublicHalf expected) {
    if (priv instanceof RSAPrivateCrtKeyParameters r) {
      return canonicalId(new RSAKeyParameters(false, r.getModulus(), r.getPublicExponent()));
    }
    if (priv instanceof ECPrivateKeyParameters e) {
      BigInteger d = e.getD();
      int fieldBits = e.getParameters().getCurve().getFieldSize();
      FixedBaseMultiplier fast =
          d.signum() > 0 && d.compareTo(e.getParameters().getN()) < 0
              ? FixedBaseMultiplier.of(e.getParameters())
              : null;
      FixedBaseMultiplier.P256Point jq = fast == null ? null : fast.jacobianP256(d);
      if (jq != null) {
        if (expected != null
            && expected.x() != null
            && expected.fieldBits() == fieldBits
            && jq.is(expected.x(), expected.y())) {
          return expected.id(); // "ec:256:x:y" of the same x and y: the id derived below
        }
        BigInteger[] xy = jq.affine();
        return sha256Id("ec:" + fieldBits + ":" + xy[0].toString(16) + ":" + xy[1].toString(16));
      }
      ECPoint q =
          fast != null
              ? fast.multiply(d)
              : new FixedPointCombMultiplier().multiply(e.getParameters().getG(), d);
      return canonicalId(new ECPublicKeyParameters(q, e.getParameters()));
    }
    if (priv instanceof Ed25519PrivateKeyParameters ed) {
      return canonicalId(ed.generatePublicKey());
    }
    if (priv instanceof Ed448PrivateKeyParameters ed) {
      return canonicalId(ed.generatePublicKey());
    }
    return null;
  }

  /**
   * The public half of {@code key} as a {@code SubjectPublicKeyInfo}, derived from it: what a
   * redacted snapshot keeps in place of the private key. Null if encrypted or unreadable.
   */
  public static SubjectPublicKeyInfo publicKey(PrivateKeyEntry key) {
    if (key.isEncrypted()) {
      return null;
    }
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(key.info());
      AsymmetricKeyParameter pub;
      if (priv instanceof RSAPrivateCrtKeyParameters r) {
        pub = new RSAKeyParameters(false, r.getModulus(), r.getPublicExponent());
      } else if (priv instanceof ECPrivateKeyParameters e) {
        pub =
            new ECPublicKeyParameters(
                new FixedPointCombMultiplier()
                    .multiply(e.getParameters().getG(), e.getD())
                    .normalize(),
                e.getParameters());
      } else if (priv instanceof Ed25519PrivateKeyParameters ed) {
        pub = ed.generatePublicKey();
      } else if (priv instanceof Ed448PrivateKeyParameters ed) {
        pub = ed.generatePublicKey();
      } else {
        return null;
      }
      return org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
          pub);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String canonicalId(AsymmetricKeyParameter pub) {
    String canonical;
    if (pub instanceof RSAKeyParameters r) {
      canonical = "rsa:" + r.getModulus().toString(16) + ":" + r.getExponent().toString(16);
    } else if (pub instanceof ECPublicKeyParameters q) {
      var point = q.getQ().normalize();
      canonical =
          "ec:"
              + q.getParameters().getCurve().getFieldSize()
              + ":"
              + point.getAffineXCoord().toBigInteger().toString(16)
              + ":"
              + point.getAffineYCoord().toBigInteger().toString(16);
    } else if (pub instanceof Ed25519PublicKeyParameters ed) {
      canonical = "ed25519:" + HexFormat.of().formatHex(ed.getEncoded());
    } else if (pub instanceof Ed448PublicKeyParameters ed) {
      canonical = "ed448:" + HexFormat.of().formatHex(ed.getEncoded());
    } else {
      return null;
    }
    return sha256Id(canonical);
  }

  private static String sha256Id(String canonical) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
