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

  /**
   * A certificate file and the key file beside it ({@code certPath}, {@code keyPath}: a node's PKI
   * or a kubeconfig user's client certificate and key); a key with no known public half passes.
   */
  public static Verdict files(CertInfo cert, DataField key, String certPath, String keyPath) {
    if (!(key instanceof DataField.Key k)
        || k.publicKeyId() == null
        || k.publicKeyId().equals(cert.publicKeyId())) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        keyPath
            + " does not belong to "
            + certPath
            + ": a server or client using this pair cannot complete a TLS handshake");
  }

  /**
   * The service-account signing pair: {@code publicKey} ({@code sa.pub}) must be the public half of
   * {@code key} ({@code sa.key}).
   */
  public static Verdict serviceAccount(
      DataField key, DataField publicKey, String keyPath, String publicKeyPath) {
    if (!(key instanceof DataField.Key k)
        || !(publicKey instanceof DataField.Key p)
        || k.publicKeyId() == null
        || p.publicKeyId() == null
        || k.publicKeyId().equals(p.publicKeyId())) {
      return Verdict.pass(Rule.KEY_PAIR_MATCH);
    }
    return Verdict.fail(
        Rule.KEY_PAIR_MATCH,
        FindingCode.CERT_KEY_MISMATCH,
        publicKeyPath
            + " is not the public half of "
            + keyPath
            + ": the API server rejects every service-account token the controller manager signs"
            + " (\"Unauthorized\" for every pod that talks to the API)");
  }

  private static boolean mismatched(ServingSecret sc) {
    return sc.key() instanceof DataField.Key k
        && k.publicKeyId() != null
        && !k.publicKeyId().equals(sc.leafCert().publicKeyId());
  }
}
