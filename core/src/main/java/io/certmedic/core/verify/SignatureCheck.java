package io.certmedic.core.verify;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Go's {@code (*Certificate).CheckSignatureFrom} as chain building calls it: the parent must be
 * allowed to sign certificates, SHA-1 and MD5 signatures are refused before any maths, the
 * signature algorithm must fit the parent's key type, then the signature is verified (with a fresh
 * {@link Signature}, so nothing is cached between calls). Returns Go's error text or null.
 */
final class SignatureCheck {

  static final String CONSTRAINT_VIOLATION =
      "x509: invalid signature: parent certificate cannot sign this kind of certificate";
  static final String UNSUPPORTED = "x509: cannot verify signature: algorithm unimplemented";

  private enum KeyAlg {
    RSA("RSA"),
    ECDSA("ECDSA"),
    ED25519("Ed25519"),
    DSA("DSA");

    final String goName;

    KeyAlg(String goName) {
      this.goName = goName;
    }
  }

  private enum Hash {
    NONE,
    MD5,
    SHA1,
    SECURE
  }

  /** A signature algorithm as Go's {@code signatureAlgorithmDetails} knows it. */
  private record Alg(String goName, KeyAlg key, Hash hash, String jca) {}

  private static final Map<String, Alg> ALGORITHMS =
      Map.ofEntries(
          Map.entry("1.2.840.113549.1.1.2", new Alg("MD2-RSA", KeyAlg.RSA, Hash.NONE, null)),
          Map.entry("1.2.840.113549.1.1.4", new Alg("MD5-RSA", KeyAlg.RSA, Hash.MD5, null)),
          Map.entry("1.2.840.113549.1.1.5", new Alg("SHA1-RSA", KeyAlg.RSA, Hash.SHA1, null)),
          Map.entry("1.3.14.3.2.29", new Alg("SHA1-RSA", KeyAlg.RSA, Hash.SHA1, null)),
          Map.entry(
              "1.2.840.113549.1.1.11",
              new Alg("SHA256-RSA", KeyAlg.RSA, Hash.SECURE, "SHA256withRSA")),
          Map.entry(
              "1.2.840.113549.1.1.12",
              new Alg("SHA384-RSA", KeyAlg.RSA, Hash.SECURE, "SHA384withRSA")),
          Map.entry(
              "1.2.840.113549.1.1.13",
              new Alg("SHA512-RSA", KeyAlg.RSA, Hash.SECURE, "SHA512withRSA")),
          Map.entry(
              "1.2.840.113549.1.1.10", new Alg("RSAPSS", KeyAlg.RSA, Hash.SECURE, "RSASSA-PSS")),
          Map.entry("1.2.840.10040.4.3", new Alg("DSA-SHA1", KeyAlg.DSA, Hash.SHA1, null)),
          Map.entry("2.16.840.1.101.3.4.3.2", new Alg("DSA-SHA256", KeyAlg.DSA, Hash.SECURE, null)),
          Map.entry("1.2.840.10045.4.1", new Alg("ECDSA-SHA1", KeyAlg.ECDSA, Hash.SHA1, null)),
          Map.entry(
              "1.2.840.10045.4.3.2",
              new Alg("ECDSA-SHA256", KeyAlg.ECDSA, Hash.SECURE, "SHA256withECDSA")),
          Map.entry(
              "1.2.840.10045.4.3.3",
              new Alg("ECDSA-SHA384", KeyAlg.ECDSA, Hash.SECURE, "SHA384withECDSA")),
          Map.entry(
              "1.2.840.10045.4.3.4",
              new Alg("ECDSA-SHA512", KeyAlg.ECDSA, Hash.SECURE, "SHA512withECDSA")),
          Map.entry("1.3.101.112", new Alg("Ed25519", KeyAlg.ED25519, Hash.NONE, "Ed25519")));

  /**
   * ECDSA and Ed25519 are verified with BouncyCastle, 2-3 times faster than the JDK 17 SunEC
   * provider; the provider object is used directly and never registered globally. RSA uses the JDK.
   * Made on first use only (a holder class): NIST-curve ECDSA goes through {@link EcdsaVerify}'s
   * lightweight API, so most runs never need it, and building it loads several hundred classes
   * (every symmetric cipher and digest it offers).
   */
  private static final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {}
  }

  private SignatureCheck() {}

  /**
   * Go's error for checking {@code child}'s signature with {@code parent}, or null if it verifies.
   */
  static String checkSignatureFrom(CertNode child, CertNode parent) {
    if ((parent.cert.getVersion() == 3 && !parent.basicConstraintsValid)
        || (parent.basicConstraintsValid && !parent.isCa)) {
      return CONSTRAINT_VIOLATION;
    }
    if (parent.keyUsageForbidsCertSign()) {
      return CONSTRAINT_VIOLATION;
    }
    return checkSignature(child.cert, parent.cert.getPublicKey());
  }

  private static String checkSignature(X509Certificate child, PublicKey key) {
    Alg alg = ALGORITHMS.get(child.getSigAlgOID());
    if (alg == null) {
      return UNSUPPORTED;
    }
    switch (alg.hash()) {
      case NONE -> {
        if (alg.key() != KeyAlg.ED25519) {
          return UNSUPPORTED;
        }
      }
      case MD5 -> {
        return insecure(alg.goName());
      }
      case SHA1 -> {
        return insecure(alg.goName());
      }
      case SECURE -> {}
    }
    KeyAlg have = keyAlg(key);
    if (have == null || have == KeyAlg.DSA || alg.jca() == null) {
      return UNSUPPORTED;
    }
    if (have != alg.key()) {
      return "x509: signature algorithm specifies an "
          + alg.key().goName
          + " public key, but have public key of type "
          + goType(have);
    }
    if (have == KeyAlg.ECDSA) {
      Boolean ok = EcdsaVerify.verify(child, (ECPublicKey) key, alg.jca());
      if (ok != null) {
        return ok ? null : "x509: ECDSA verification failure";
      }
    }
    try {
      Signature s =
          have == KeyAlg.RSA
              ? Signature.getInstance(alg.jca())
              : Signature.getInstance(alg.jca(), Bc.PROVIDER);
      if ("RSASSA-PSS".equals(alg.jca())) {
        AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
        p.init(child.getSigAlgParams());
        s.setParameter(p.getParameterSpec(PSSParameterSpec.class));
      }
      s.initVerify(key);
      s.update(child.getTBSCertificate());
      if (s.verify(child.getSignature())) {
        return null;
      }
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      // a malformed signature fails as a wrong one does
    }
    return switch (have) {
      case RSA -> "crypto/rsa: verification error";
      case ECDSA -> "x509: ECDSA verification failure";
      case ED25519 -> "x509: Ed25519 verification failure";
      case DSA -> UNSUPPORTED;
    };
  }

  private static String insecure(String goName) {
    String override =
        goName.equals("SHA1-RSA") || goName.equals("ECDSA-SHA1")
            ? " (temporarily override with GODEBUG=x509sha1=1)"
            : "";
    return "x509: cannot verify signature: insecure algorithm " + goName + override;
  }

  private static KeyAlg keyAlg(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return KeyAlg.RSA;
    }
    if (key instanceof ECPublicKey) {
      return KeyAlg.ECDSA;
    }
    if (CertNode.isEd25519(key)) {
      return KeyAlg.ED25519;
    }
    return "DSA".equals(key.getAlgorithm()) ? KeyAlg.DSA : null;
  }

  private static String goType(KeyAlg k) {
    return switch (k) {
      case RSA -> "*rsa.PublicKey";
      case ECDSA -> "*ecdsa.PublicKey";
      case ED25519 -> "ed25519.PublicKey";
      case DSA -> "*dsa.PublicKey";
    };
  }
}
