package io.certmedic.controller.rotation;

import io.certmedic.core.issue.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CA Secret's meaning: who signs, who else is trusted, and where the rotation stands.
 *
 * @param signer the CA that signs serving certificates now
 * @param next in STAGED, the CA that will sign next (trusted, not signing yet)
 * @param retiring in PROMOTED, the CAs that signed before (trusted until nothing they signed is served)
 * @param since when the phase began
 * @param settledSince in STAGED: since when every bundle holds {@link #bundle()}; in PROMOTED: since
 *     when no managed Secret holds a certificate signed by a retiring CA; empty until then
 */
public record CaState(
    Phase phase,
    Instant since,
    CertificateAuthority signer,
    Optional<CertificateAuthority> next,
    List<X509Certificate> retiring,
    Optional<Instant> settledSince) {

  /** Every CA certificate that must be trusted now: the signer first, then next, then retiring. */
  public List<X509Certificate> bundle() {
    throw new UnsupportedOperationException("filled in by the rotation work");
  }

  /** {@link #bundle()} as PEM, the bytes injected everywhere. */
  public byte[] bundlePem() {
    throw new UnsupportedOperationException("filled in by the rotation work");
  }
}
