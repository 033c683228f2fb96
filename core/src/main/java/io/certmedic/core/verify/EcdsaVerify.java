package io.certmedic.core.verify;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA certificate signatures on the NIST curves, verified with BouncyCastle's lightweight API and
 * its dedicated curve arithmetic: several times faster than the JDK 17 provider, which matters when
 * the doctor verifies thousands of serving chains. Same maths and the same strictness as Go's
 * {@code ecdsa.VerifyASN1}: a DER signature with nothing after it, r and s in [1, n), the hash
 * truncated to the order's length. Parent keys (a few CAs, each signing many leaves) are decoded
 * once and keep their precomputation.
 */
final class EcdsaVerify {

  private static final int MAX_CACHED_KEYS = 1024;
  private static final Map<ByteBuffer, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

  private EcdsaVerify() {}

  /** True or false when verified here; null when the key's curve is not one this handles. */
  static Boolean verify(X509Certificate child, ECPublicKey key, String jcaAlgorithm) {
    Digest digest =
        switch (jcaAlgorithm) {
          case "SHA256withECDSA" -> new SHA256Digest();
          case "SHA384withECDSA" -> new SHA384Digest();
          case "SHA512withECDSA" -> new SHA512Digest();
          default -> null;
        };
    if (digest == null) {
      return null;
    }
    ECPublicKeyParameters pub = publicKey(key);
    if (pub == null) {
      return null;
    }
    try {
      BigInteger[] rs =
          StandardDSAEncoding.INSTANCE.decode(pub.getParameters().getN(), child.getSignature());
      byte[] tbs = child.getTBSCertificate();
      digest.update(tbs, 0, tbs.length);
      byte[] hash = new byte[digest.getDigestSize()];
      digest.doFinal(hash, 0);
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, pub);
      return signer.verifySignature(hash, rs[0], rs[1]);
    } catch (CertificateEncodingException | java.io.IOException | RuntimeException e) {
      return false; // a malformed signature fails as a wrong one does
    }
  }

  private static ECPublicKeyParameters publicKey(ECPublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      return null;
    }
    ByteBuffer k = ByteBuffer.wrap(encoded);
    ECPublicKeyParameters p = KEYS.get(k);
    if (p != null) {
      return p;
    }
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(encoded);
      X962Parameters params = X962Parameters.getInstance(spki.getAlgorithm().getParameters());
      if (!params.isNamedCurve()) {
        return null;
      }
      ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(params.getParameters());
      X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
      if (x9 == null) {
        return null;
      }
      p =
          new ECPublicKeyParameters(
              x9.getCurve().decodePoint(spki.getPublicKeyData().getOctets()),
              new ECNamedDomainParameters(oid, x9));
    } catch (RuntimeException e) {
      return null; // let the JDK judge what cannot be decoded here
    }
    if (KEYS.size() >= MAX_CACHED_KEYS) {
      KEYS.clear();
    }
    KEYS.put(k, p);
    return p;
  }
}
