package io.certmedic.controller.policy;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the reissue checks judge: the Secret's data, read once (the leaf and key parsed when both
 * are there), and what the Service and the CA want now.
 *
 * @param data the Secret's data; null when the Secret does not exist
 * @param material what parsing tls.crt and tls.key gave
 */
record ReissueInput(
    Map<String, byte[]> data,
    Set<String> wantedDnsNames,
    X509Certificate signer,
    double renewalFraction,
    Instant now,
    Material material) {

  /** The serving certificate, leaf first, then any chain (kubernetes.io/tls). */
  static final String CERT = "tls.crt";

  /** The private key of the leaf in {@link #CERT}. */
  static final String KEY = "tls.key";

  /** The CA bundle callers verify the leaf with. */
  static final String CA = "ca.crt";

  /** Every key a serving Secret needs, in the order messages name them. */
  static final List<String> REQUIRED = List.of(CERT, KEY, CA);

  /** What tls.crt and tls.key hold, as far as parsing goes. */
  sealed interface Material {}

  /** tls.crt or tls.key is absent or empty: nothing to parse. */
  record Absent() implements Material {}

  /**
   * tls.crt or tls.key does not parse; {@code problem} names the key and what is wrong, never the
   * bytes.
   */
  record Unparsable(String problem) implements Material {}

  /** The leaf (the first certificate of tls.crt) and the first private key of tls.key. */
  record Parsed(X509Certificate leaf, PrivateKeyEntry key) implements Material {}

  ReissueInput {
    wantedDnsNames = Set.copyOf(wantedDnsNames);
    requireNonNull(signer, "signer == null");
    requireNonNull(now, "now == null");
    requireNonNull(material, "material == null");
  }

  /** Reads {@code data} once, for every check. */
  static ReissueInput of(
      Map<String, byte[]> data,
      List<String> wantedDnsNames,
      X509Certificate signer,
      double renewalFraction,
      Instant now) {
    requireNonNull(wantedDnsNames, "wantedDnsNames == null");
    return new ReissueInput(
        data, Set.copyOf(wantedDnsNames), signer, renewalFraction, now, parse(data));
  }

  /** The parsed leaf and key, when both parse. */
  Optional<Parsed> parsed() {
    return material instanceof Parsed p ? Optional.of(p) : Optional.empty();
  }

  /** True when {@code key} is absent from the data or holds no bytes. */
  boolean lacks(String key) {
    return isEmpty(data.get(key));
  }

  private static Material parse(Map<String, byte[]> data) {
    if (data == null || isEmpty(data.get(CERT)) || isEmpty(data.get(KEY))) {
      return new Absent();
    }
    X509Certificate leaf;
    PemContents keyContents;
    try {
      leaf = PemReader.readCertificates(data.get(CERT), CERT).get(0);
      keyContents = PemReader.read(data.get(KEY), KEY);
    } catch (CertParseException e) {
      return new Unparsable(
          e.getMessage()); // names the key and the problem; PemReader never quotes the input
    }
    if (keyContents.keys().isEmpty()) {
      return new Unparsable(KEY + " holds no private key" + foundInstead(keyContents));
    }
    PrivateKeyEntry key = keyContents.keys().get(0);
    if (key.isEncrypted()) {
      return new Unparsable(
          KEY + " holds an encrypted private key, which no server can load without its passphrase");
    }
    return new Parsed(leaf, key);
  }

  private static String foundInstead(PemContents contents) {
    if (!contents.certificates().isEmpty()) {
      return ": found only a certificate";
    }
    if (!contents.publicKeys().isEmpty()) {
      return ": found only a public key";
    }
    return contents.otherBlocks().isEmpty()
        ? ""
        : ": found " + String.join(", ", contents.otherBlocks());
  }

  private static boolean isEmpty(byte[] value) {
    return value == null || value.length == 0;
  }
}
