package io.certmedic.core.explain;

import java.util.Optional;

/**
 * Reads one error line the way an expert would: which stack wrote it, which family of verification
 * failure it reports, and what it says about the connection (webhook, URL, Service, names, times).
 * Pure: text in, facts out; nothing here reads the clock or the network.
 *
 * <pre>{@code
 * Explainer.classify("x509: certificate is valid for a.ns.svc, not b.ns.svc")
 *     .map(f -> f.family())   // HOSTNAME_MISMATCH, service ns/b, valid_for [a.ns.svc]
 * }</pre>
 */
public final class Explainer {

  /**
   * Wording that marks a TLS failure even when no matcher can place it (family {@code unknown}).
   */
  private static final String[] TLS_FAILURE_MARKERS = {
    "x509: ",
    "remote error: tls: ",
    "tls: failed",
    "tls: bad",
    "tls: unknown",
    "tls: handshake failure",
    "SSLHandshakeException",
    "SSLPeerUnverifiedException",
    "CertPathValidatorException",
    "CERTIFICATE_VERIFY_FAILED",
    "certificate verify failed",
    "SSL routines",
    "SSL certificate problem",
    "ERR_TLS_",
    "ERR_SSL_",
    "SSL_ERROR_",
    "TLS error: ",
    "TLS handshake failed"
  };

  /**
   * Characters of a line the matchers read: 16 Ki. A real error line, even Go's list of every SAN
   * of a certificate with a hundred names, is shorter; a longer line is read up to this point, so a
   * runaway or hostile line costs the matchers no more than this (they run in linear time, RE2/J).
   */
  public static final int MAX_MATCH_CHARS = 4 * 1024;

  private Explainer() {}

  /**
   * The facts of {@code line} if it reports a TLS failure, else empty. Never throws on odd input.
   */
  public static Optional<ErrorFacts> classify(String line) {
    return classify(line, null);
  }

  /** As {@link #classify(String)}; {@code year} (nullable) completes klog/syslog timestamps. */
  public static Optional<ErrorFacts> classify(String rawLine, Integer year) {
    if (rawLine == null || rawLine.isEmpty()) {
      return Optional.empty();
    }
    String line =
        Fields.unescape(
            rawLine.length() > MAX_MATCH_CHARS ? rawLine.substring(0, MAX_MATCH_CHARS) : rawLine);
    ErrorFacts.Builder b = ErrorFacts.builder(Family.UNKNOWN);
    Text text = new Text(line);
    boolean matched = matchAny(text, b);
    if (!matched) {
      // Wrapped, re-spaced or misspelt words ("signedby", "certficate"): read once more, repaired.
      String repaired = Wording.normalise(text);
      if (!repaired.equals(line)) {
        b = ErrorFacts.builder(Family.UNKNOWN);
        Text repairedText = new Text(repaired);
        matched = matchAny(repairedText, b);
        if (matched) {
          text = repairedText;
        }
      }
    }
    if (!matched) {
      if (!looksLikeTlsFailure(text)) {
        return Optional.empty();
      }
      b.family(Family.UNKNOWN);
    }
    Fields.extract(text, b);
    b.timestamp(LogTimestamp.find(rawLine, year));
    return Optional.of(b.build());
  }

  private static boolean matchAny(Text line, ErrorFacts.Builder b) {
    for (LineMatcher m : LineMatcher.ALL) {
      if (m.match(line, b)) {
        return true;
      }
    }
    return false;
  }

  /** One explanation for one line (count 1), or empty when the line is not a TLS failure. */
  public static Optional<Explanation> explain(String line) {
    return classify(line).map(f -> Advisor.explain(f, 1, f.timestamp(), f.timestamp(), line));
  }

  static boolean looksLikeTlsFailure(Text line) {
    for (String marker : TLS_FAILURE_MARKERS) {
      if (line.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
