package io.certmedic.controller.rotation;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a {@link CaState} is kept in the CA Secret's data and annotations, so any replica (after a
 * failover, a restart) continues a rotation exactly where it stood.
 *
 * <p>Data: {@code tls.crt}/{@code tls.key} the signer (PKCS#8 PEM), {@code next.crt}/{@code
 * next.key} the staged CA, {@code retiring.crt} the retiring CAs, {@code ca-bundle.crt} the bundle
 * (written for people and {@code inject-cabundle-from}; decoding ignores it). Annotations: the
 * phase, since when, and since when it has settled. No key material is ever written to an
 * annotation.
 */
public final class CaSecret {

  /** The CA that signs now: its certificate. */
  public static final String SIGNER_CERT = "tls.crt";

  /** The CA that signs now: its private key, PKCS#8 PEM. */
  public static final String SIGNER_KEY = "tls.key";

  /** In STAGED, the CA that signs next: its certificate. */
  public static final String NEXT_CERT = "next.crt";

  /** In STAGED, the CA that signs next: its private key, PKCS#8 PEM. */
  public static final String NEXT_KEY = "next.key";

  /** In PROMOTED, the certificates of the CAs that signed before, concatenated PEM. */
  public static final String RETIRING_CERTS = "retiring.crt";

  /** {@link CaState#bundlePem()}, under the key injected bundle ConfigMaps use. */
  public static final String BUNDLE = Annotations.CONFIGMAP_BUNDLE_KEY;

  /**
   * The bundle again under {@code ca.crt}, the key every TLS Secret consumer and {@code
   * inject-cabundle-from} read.
   */
  public static final String TRUST = "ca.crt";

  /** The Secret's content: data keys to bytes, and annotations. */
  public record Content(Map<String, byte[]> data, Map<String, String> annotations) {

    public Content {
      data = Map.copyOf(data);
      annotations = Map.copyOf(annotations);
    }
  }

  private CaSecret() {}

  public static Content encode(CaState state) {
    requireNonNull(state, "state == null");
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put(SIGNER_CERT, ascii(PemWriter.certificate(state.signer().certificate())));
    data.put(SIGNER_KEY, ascii(PemWriter.privateKey(state.signer().privateKey())));
    state
        .next()
        .ifPresent(
            next -> {
              data.put(NEXT_CERT, ascii(PemWriter.certificate(next.certificate())));
              data.put(NEXT_KEY, ascii(PemWriter.privateKey(next.privateKey())));
            });
    if (!state.retiring().isEmpty()) {
      data.put(RETIRING_CERTS, ascii(PemWriter.certificates(state.retiring())));
    }
    data.put(BUNDLE, state.bundlePem());
    data.put(
        TRUST,
        state.bundlePem()); // so inject-cabundle-from: <ns>/<ca secret> works as for any Secret
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.CA_PHASE, state.phase().name());
    annotations.put(Annotations.CA_PHASE_SINCE, state.since().toString());
    state
        .settledSince()
        .ifPresent(s -> annotations.put(Annotations.CA_SETTLED_SINCE, s.toString()));
    return new Content(data, annotations);
  }

  /**
   * Reads a CA Secret back. One with {@code tls.crt} and {@code tls.key} and no phase annotations
   * (a CA a user brought, or one written before rotation existed) is STABLE since its notBefore.
   *
   * @throws IllegalArgumentException naming the key or annotation that is missing or does not
   *     parse, or saying how the data does not fit the phase
   */
  public static CaState decode(Content content) {
    requireNonNull(content, "content == null");
    Map<String, byte[]> data = content.data();
    Map<String, String> annotations = content.annotations();
    CertificateAuthority signer = authority(data, SIGNER_CERT, SIGNER_KEY);
    Optional<CertificateAuthority> next =
        data.containsKey(NEXT_CERT) || data.containsKey(NEXT_KEY)
            ? Optional.of(authority(data, NEXT_CERT, NEXT_KEY))
            : Optional.empty();
    List<X509Certificate> retiring =
        data.containsKey(RETIRING_CERTS) ? certificates(data, RETIRING_CERTS) : List.of();
    Phase phase = Phase.STABLE;
    Instant since = signer.certificate().getNotBefore().toInstant();
    if (annotations.containsKey(Annotations.CA_PHASE)
        || annotations.containsKey(Annotations.CA_PHASE_SINCE)) {
      phase = phase(required(annotations, Annotations.CA_PHASE));
      since =
          instant(Annotations.CA_PHASE_SINCE, required(annotations, Annotations.CA_PHASE_SINCE));
    }
    Optional<Instant> settledSince =
        Optional.ofNullable(annotations.get(Annotations.CA_SETTLED_SINCE))
            .map(value -> instant(Annotations.CA_SETTLED_SINCE, value));
    try {
      return new CaState(phase, since, signer, next, retiring, settledSince);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the CA Secret's data and annotations do not fit together: " + e.getMessage(), e);
    }
  }

  private static CertificateAuthority authority(
      Map<String, byte[]> data, String certKey, String keyKey) {
    X509Certificate cert = certificates(data, certKey).get(0);
    PrivateKeyEntry key;
    try {
      List<PrivateKeyEntry> keys = PemReader.read(present(data, keyKey), keyKey).keys();
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(keyKey + " holds no private key");
      }
      key = keys.get(0);
    } catch (CertParseException e) {
      throw new IllegalArgumentException(
          e.getMessage(), e); // names the key and the problem, never the bytes
    }
    try {
      return CertificateAuthority.of(cert, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          certKey + " and " + keyKey + " are not a CA: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(Map<String, byte[]> data, String key) {
    try {
      return PemReader.readCertificates(present(data, key), key);
    } catch (CertParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static byte[] present(Map<String, byte[]> data, String key) {
    byte[] value = data.get(key);
    if (value == null) {
      throw new IllegalArgumentException("the CA Secret has no " + key);
    }
    return value; // an empty value is PemReader's to report ("tls.crt holds no data")
  }

  private static String required(Map<String, String> annotations, String name) {
    String value = annotations.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the CA Secret lacks annotation " + name);
    }
    return value;
  }

  private static Phase phase(String value) {
    try {
      return Phase.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "annotation "
              + Annotations.CA_PHASE
              + " is \""
              + value
              + "\", not one of "
              + Arrays.stream(Phase.values()).map(Phase::name).collect(Collectors.joining(", ")),
          e);
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "annotation " + name + " is \"" + value + "\", not an RFC 3339 instant", e);
    }
  }

  private static byte[] ascii(String pem) {
    return pem.getBytes(US_ASCII);
  }
}
