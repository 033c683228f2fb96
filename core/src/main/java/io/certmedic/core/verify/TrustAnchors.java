package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A caBundle prepared for {@link ServingVerifier}: its certificates indexed by subject once, so
 * judging many serving certificates against one bundle does not re-read it each time. Immutable and
 * safe to share between threads; the caller owns it (nothing is cached globally).
 */
public final class TrustAnchors {

  private final LinkedHashSet<X509Certificate> certificates;
  private final Pool pool;

  private TrustAnchors(LinkedHashSet<X509Certificate> certificates) {
    this.certificates = certificates;
    this.pool = Pool.of(certificates);
  }

  /** The trust anchors in {@code roots}, duplicates dropped (as Go's CertPool does). */
  public static TrustAnchors of(List<X509Certificate> roots) {
    requireNonNull(roots, "roots == null");
    return new TrustAnchors(new LinkedHashSet<>(roots));
  }

  /** The anchors, in bundle order. */
  public List<X509Certificate> certificates() {
    return List.copyOf(certificates);
  }

  boolean contains(X509Certificate cert) {
    return certificates.contains(cert);
  }

  Pool pool() {
    return pool;
  }
}
