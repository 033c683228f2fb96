package io.certmedic.controller.metrics;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The validity of the first certificate in a Secret's data key, parsed once per Secret version:
 * entries are keyed by the Secret's uid and data key and hold the resourceVersion they were parsed
 * at, so a scrape over 1,000 unchanged Secrets parses none. Thread-safe; scrapes may run
 * concurrently.
 */
final class ValidityCache {

  /** A certificate's validity period. */
  record Validity(Instant notBefore, Instant notAfter) {}

  private record Entry(String resourceVersion, Optional<Validity> validity) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong parses = new AtomicLong();

  /**
   * The validity of the first certificate under {@code dataKey}, empty when it is absent or does
   * not parse.
   */
  Optional<Validity> of(Secret s, String dataKey) {
    String id = id(s, dataKey);
    String rv = s.getMetadata().getResourceVersion();
    Entry e = entries.get(id);
    if (e != null && rv != null && rv.equals(e.resourceVersion())) {
      return e.validity();
    }
    Optional<Validity> v = parse(s, dataKey);
    if (rv != null) {
      entries.put(id, new Entry(rv, v));
    }
    return v;
  }

  /** The cache key of a Secret's data key: its uid, or namespace/name when it has none (tests). */
  static String id(Secret s, String dataKey) {
    String uid = s.getMetadata().getUid();
    String who =
        uid != null && !uid.isEmpty()
            ? uid
            : s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    return who + "|" + dataKey;
  }

  /**
   * Forgets every entry not in {@code ids} (Secrets deleted since), so the cache never outgrows the
   * informer's.
   */
  void retain(Set<String> ids) {
    entries.keySet().retainAll(ids);
  }

  /** How many times a certificate was parsed (not served from the cache): for tests. */
  long parses() {
    return parses.get();
  }

  int size() {
    return entries.size();
  }

  private Optional<Validity> parse(Secret s, String dataKey) {
    parses.incrementAndGet();
    Map<String, String> data = s.getData();
    String b64 = data == null ? null : data.get(dataKey);
    if (b64 == null || b64.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] pem = Base64.getMimeDecoder().decode(b64);
      X509Certificate cert = PemReader.readCertificates(pem, dataKey).get(0);
      return Optional.of(
          new Validity(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
    } catch (CertParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
