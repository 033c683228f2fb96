package io.certmedic.controller.simulation;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PEM texts a pod or the API server holds, parsed once: equal texts give the same {@link Pem}, so
 * the invariant's verdict cache can key on them cheaply.
 */
final class Pems {

  /**
   * Certificates as held: the text, and what it parses to (empty when it holds none or does not
   * parse). Equal texts are one instance, so identity is equality.
   */
  static final class Pem {
    private final String text;
    private final List<X509Certificate> certs;

    private Pem(String text, List<X509Certificate> certs) {
      this.text = requireNonNull(text, "text == null");
      this.certs = List.copyOf(certs);
    }

    String text() {
      return text;
    }

    List<X509Certificate> certs() {
      return certs;
    }
  }

  private final Map<String, Pem> parsed = new HashMap<>();

  Pem of(String text) {
    return parsed.computeIfAbsent(text, t -> new Pem(t, parse(t)));
  }

  private static List<X509Certificate> parse(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    try {
      return PemReader.readCertificates(
          text.getBytes(StandardCharsets.US_ASCII), "simulated volume");
    } catch (CertParseException e) {
      return List.of(); // a verifier given no certificates says so; nothing here hides it
    }
  }
}
