package io.certmedic.core.issue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.KeyUsage;

/** The key types certmedic issues, by the names users type ({@code --key-type ecdsa-p256}). */
public enum KeyType {
  ECDSA_P256("ecdsa-p256", "EC", 256, "SHA256withECDSA"),
  ECDSA_P384("ecdsa-p384", "EC", 384, "SHA384withECDSA"),
  RSA_2048("rsa-2048", "RSA", 2048, "SHA256withRSA"),
  RSA_3072("rsa-3072", "RSA", 3072, "SHA256withRSA"),
  RSA_4096("rsa-4096", "RSA", 4096, "SHA256withRSA"),
  ED25519("ed25519", "Ed25519", 0, "Ed25519");

  /**
   * ECDSA P-256: small, fast to make (milliseconds, not the half second of RSA-2048), universal.
   */
  public static final KeyType DEFAULT = ECDSA_P256;

  private final String cliName;
  private final String algorithm;
  private final int size;
  private final String signatureAlgorithm;

  KeyType(String cliName, String algorithm, int size, String signatureAlgorithm) {
    this.cliName = cliName;
    this.algorithm = algorithm;
    this.size = size;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public String cliName() {
    return cliName;
  }

  /** The JCA signature algorithm a key of this type signs certificates with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /**
   * Key usage a leaf of this type needs for TLS: RSA key exchange also needs keyEncipherment; ECDSA
   * and Ed25519 only sign.
   */
  int leafKeyUsage() {
    return algorithm.equals("RSA")
        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
        : KeyUsage.digitalSignature;
  }

  public KeyPair generate(SecureRandom random) {
    try {
      if (algorithm.equals("EC")) {
        return FastEc.generate(size, random);
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      switch (algorithm) {
        case "RSA" -> g.initialize(size, random);
        default -> g.initialize(255, random);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + cliName + " key", e);
    }
  }

  /** Parses a CLI name; the message lists the valid ones. */
  public static KeyType parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (KeyType t : values()) {
      if (t.cliName.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown key type '" + name + "', expected one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(KeyType::cliName).collect(Collectors.joining(", "));
  }

  /** The signature algorithm for certificates signed by a key of this JCA algorithm and size. */
  static String signatureAlgorithmFor(java.security.PublicKey signerKey) {
    if (signerKey instanceof java.security.interfaces.ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 256 ? (bits > 384 ? "SHA512withECDSA" : "SHA384withECDSA") : "SHA256withECDSA";
    }
    if (signerKey instanceof java.security.interfaces.RSAPublicKey) {
      return "SHA256withRSA";
    }
    return "Ed25519";
  }
}
