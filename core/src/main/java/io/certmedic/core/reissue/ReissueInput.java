package io.certmedic.core.reissue;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.rule.Parsing;
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
 * @param pair what parsing tls.crt and tls.key gave (the {@link Parsing} rule reads it once)
 */
record ReissueInput(
    Map<String, byte[]> data,
    Set<String> wantedDnsNames,
    X509Certificate signer,
    double renewalFraction,
    Instant now,
    Parsing.Pair pair) {

  /** The serving certificate, leaf first, then any chain (kubernetes.io/tls). */
  static final String CERT = "tls.crt";

  /** The private key of the leaf in {@link #CERT}. */
  static final String KEY = "tls.key";

  /** The CA bundle callers verify the leaf with. */
  static final String CA = "ca.crt";

  /** Every key a serving Secret needs, in the order messages name them. */
  static final List<String> REQUIRED = List.of(CERT, KEY, CA);

  ReissueInput {
    wantedDnsNames = Set.copyOf(wantedDnsNames);
    requireNonNull(signer, "signer == null");
    requireNonNull(now, "now == null");
    requireNonNull(pair, "pair == null");
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
        data,
        Set.copyOf(wantedDnsNames),
        signer,
        renewalFraction,
        now,
        data == null
            ? new Parsing.Absent()
            : Parsing.pair(CERT, data.get(CERT), KEY, data.get(KEY)));
  }

  /** The parsed leaf and key, when both parse. */
  Optional<Parsing.Read> parsed() {
    return pair instanceof Parsing.Read p ? Optional.of(p) : Optional.empty();
  }
}
