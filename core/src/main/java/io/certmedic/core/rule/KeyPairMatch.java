package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.x509.KeyFacts;
import java.security.cert.X509Certificate;

/**
 * The private key is the certificate's own: {@code CERT_KEY_MISMATCH}. (Not named {@code KeyPair},
 * which would shadow {@link java.security.KeyPair}.) A snapshot keeps only the id of a key's public
 * half, or a redacted snapshot's public-key stand-in; an encrypted key has no id and is not judged.
 */
public final class KeyPairMatch {

  private KeyPairMatch() {}

  /** The pair a caller is served from Secret {@code secret} ({@code namespace/name}). */
  public static Verdict served(ServingSecret sc, String secret) {
    if (!mismatched(sc)) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        sc.keyKey()
            + " in Secret "
            + secret
            + " does not belong to "
            + sc.certKey()
            + ": the server cannot complete a TLS handshake with this pair");
  }

  /**
   * A pair given inline (an OpenShift Route's {@code certificate} and {@code key}), named {@code
   * where}; the key is judged by the id of its public half only.
   */
  public static Verdict inline(CertInfo leaf, DataField key, String where) {
    if (!(key instanceof DataField.Key k)
        || k.publicKeyId() == null
        || k.publicKeyId().equals(leaf.publicKeyId())) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        "the key of "
            + where
            + " does not belong to its certificate: the router cannot complete a TLS handshake with this pair");
  }

  /** A pair at rest in a Secret no caller is linked to. */
  public static Verdict stored(ServingSecret sc) {
    if (!mismatched(sc)) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        sc.keyKey()
            + " does not belong to "
            + sc.certKey()
            + ": a server using this pair cannot complete a TLS handshake");
  }

  /** The parsed pair of a Secret the controller issues; never quotes key material. */
  public static Verdict issued(
      String certKey, X509Certificate leaf, String keyKey, PrivateKeyEntry key) {
    if (KeyFacts.matches(leaf, key)) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        keyKey
            + " ("
            + KeyFacts.describe(key)
            + ") is not the private key of "
            + certKey
            + " ("
            + KeyFacts.describe(leaf.getPublicKey())
            + ")");
  }

  private static boolean mismatched(ServingSecret sc) {
    return sc.key() instanceof DataField.Key k
        && k.publicKeyId() != null
        && !k.publicKeyId().equals(sc.leafCert().publicKeyId());
  }
}
