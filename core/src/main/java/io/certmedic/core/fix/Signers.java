package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.SecretRecord;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which CA signs a reissued certificate: a CA whose key is in the cluster and that fits (trusted by
 * the most callers, then the one that signed what is served, then one in the Secret's namespace;
 * valid long enough), else a new CA, with a note saying why no existing one could.
 */
final class Signers {

  /** Pairs of Secret keys that hold a CA certificate and its key. */
  static final List<List<String>> CA_KEY_PAIRS =
      List.of(
          List.of("ca.crt", "ca.key"),
          List.of("tls.crt", "tls.key"),
          List.of("ca.pem", "ca-key.pem"));

  private Signers() {}

  /** The CA that signs, how the plan names it, and a note when it is a new one. */
  record Signer(CertificateAuthority ca, CertInfo info, String description, Optional<String> note) {
    Signer {
      requireNonNull(ca, "ca == null");
      requireNonNull(info, "info == null");
      requireNonNull(description, "description == null");
      requireNonNull(note, "note == null");
    }

    X509Certificate cert() {
      return ca.certificate();
    }
  }

  /**
   * @param chain the chain served now
   * @param inside an instant inside the served leaf's validity (trust judged apart from expiry)
   */
  static Signer choose(
      PlanInput in,
      ServingLink link,
      List<X509Certificate> chain,
      List<CallerLink> callers,
      Instant inside) {
    Instant at = in.at();
    Signer best = null;
    int bestScore = -1;
    List<String> unusable = new ArrayList<>();
    for (SecretRecord x : in.snapshot().secrets()) {
      for (List<String> pair : CA_KEY_PAIRS) {
        List<CertInfo> certs = x.field(pair.get(0)).certs();
        if (certs.isEmpty() || !certs.get(0).facts().ca()) {
          continue;
        }
        CertInfo c = certs.get(0);
        int trustedBy =
            (int)
                callers.stream()
                    .filter(l -> Bundles.contains(Bundles.of(l), c.certificate()))
                    .count();
        boolean signedCurrent = Bundles.verifies(chain, List.of(c), inside);
        boolean sameNamespace = x.meta().namespace().equals(link.secretNamespace());
        if (trustedBy == 0 && !signedCurrent && !sameNamespace) {
          continue; // a CA unrelated to this Service: not ours to sign with
        }
        if (!(x.field(pair.get(1)) instanceof DataField.Key k)
            || k.publicKeyId() == null
            || !k.publicKeyId().equals(c.publicKeyId())) {
          continue;
        }
        String where = "Secret " + x.meta().namespace() + "/" + x.meta().name() + " " + pair.get(1);
        if (k.standIn()) {
          unusable.add(where + " is a public-key stand-in (a redacted dump), not the key");
          continue;
        }
        if (c.facts().notAfter().isBefore(at.plus(DoctorOptions.DEFAULT_EXPIRY_WARNING))
            || c.facts().notBefore().isAfter(at)) {
          unusable.add(
              "CA "
                  + c.facts().subject()
                  + " in "
                  + where
                  + " is not valid long enough to sign (until "
                  + c.facts().notAfter()
                  + ")");
          continue;
        }
        Optional<PrivateKeyEntry> key =
            in.options().caKeys().privateKey(x.meta().ref(), pair.get(1));
        if (key.isEmpty()) {
          unusable.add(where + " could not be read");
          continue;
        }
        CertificateAuthority ca;
        try {
          ca = CertificateAuthority.of(c.certificate(), key.get());
        } catch (IllegalArgumentException e) {
          unusable.add(where + ": " + e.getMessage());
          continue;
        }
        int score = trustedBy * 4 + (signedCurrent ? 2 : 0) + (sameNamespace ? 1 : 0);
        if (score > bestScore) {
          bestScore = score;
          best =
              new Signer(
                  ca,
                  c,
                  "the existing CA " + c.facts().subject() + " (its key is in " + where + ")",
                  Optional.empty());
        }
      }
    }
    if (best != null) {
      return best;
    }
    String cn = caName(link.secretName(), link.secretNamespace());
    CertificateAuthority ca =
        Issuer.newCa(cn, in.options().keyType(), in.options().caLifetime(), at, in.random());
    String note =
        "A new CA '"
            + cn
            + "' signs the certificate for "
            + link.secretRef().describe()
            + ": no key of a CA its callers trust is in the cluster"
            + (unusable.isEmpty() ? "" : " (" + String.join("; ", unusable) + ")")
            + ". Its private key is used once and not kept; the next reissue makes another CA.";
    return new Signer(
        ca, CertInfo.of(ca.certificate()), "a new CA '" + cn + "'", Optional.of(note));
  }

  /** RFC 5280's upper bound on a Common Name, which BouncyCastle enforces. */
  static final int MAX_COMMON_NAME = 64;

  /**
   * The Common Name of a new CA for Secret {@code name} in {@code namespace}: {@code certmedic
   * name.namespace CA}, or, past {@link #MAX_COMMON_NAME} characters, the start of {@code
   * name.namespace} and 8 hex digits of its SHA-256, so long names stay distinct and valid.
   */
  static String caName(String name, String namespace) {
    String prefix = "certmedic ";
    String suffix = " CA";
    String id = name + "." + namespace;
    if (prefix.length() + id.length() + suffix.length() <= MAX_COMMON_NAME) {
      return prefix + id + suffix;
    }
    String hash;
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      hash = java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    int room = MAX_COMMON_NAME - prefix.length() - suffix.length() - hash.length() - 1;
    return prefix + id.substring(0, room) + "~" + hash + suffix;
  }
}
