package io.certmedic.controller.rotation;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.pem.PemWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CA Secret's meaning: who signs, who else is trusted, and where the rotation stands. Only a
 * STAGED state has a next CA, only a PROMOTED one retiring CAs, and a STABLE one is never settling:
 * the constructor refuses any other shape.
 *
 * @param signer the CA that signs serving certificates now
 * @param next in STAGED, the CA that will sign next (trusted, not signing yet)
 * @param retiring in PROMOTED, the CAs that signed before (trusted until nothing they signed is
 *     served)
 * @param since when the phase began
 * @param settledSince in STAGED: since when every bundle holds {@link #bundle()}; in PROMOTED:
 *     since when no managed Secret holds a certificate signed by a retiring CA; empty until then
 */
public record CaState(
    Phase phase,
    Instant since,
    CertificateAuthority signer,
    Optional<CertificateAuthority> next,
    List<X509Certificate> retiring,
    Optional<Instant> settledSince) {

  public CaState {
    requireNonNull(phase, "phase == null");
    requireNonNull(since, "since == null");
    requireNonNull(signer, "signer == null");
    requireNonNull(next, "next == null");
    retiring = List.copyOf(retiring);
    requireNonNull(settledSince, "settledSince == null");
    if (next.isPresent() != (phase == Phase.STAGED)) {
      throw new IllegalArgumentException(
          next.isPresent()
              ? "only a STAGED CA state has a next CA, not a " + phase + " one"
              : "a STAGED CA state needs a next CA");
    }
    if (!retiring.isEmpty() && phase != Phase.PROMOTED) {
      throw new IllegalArgumentException(
          "only a PROMOTED CA state has retiring CAs, not a " + phase + " one");
    }
    if (settledSince.isPresent() && phase == Phase.STABLE) {
      throw new IllegalArgumentException("a STABLE CA state has nothing to settle");
    }
  }

  /** One CA signs and is trusted, since {@code since}. */
  static CaState stable(CertificateAuthority signer, Instant since) {
    return new CaState(Phase.STABLE, since, signer, Optional.empty(), List.of(), Optional.empty());
  }

  /** {@code signer} signs and {@code next} is trusted too, since {@code since}, not settled yet. */
  static CaState staged(CertificateAuthority signer, CertificateAuthority next, Instant since) {
    return new CaState(Phase.STAGED, since, signer, Optional.of(next), List.of(), Optional.empty());
  }

  /**
   * {@code signer} signs and {@code retiring} stay trusted, since {@code since}, not settled yet.
   */
  static CaState promoted(
      CertificateAuthority signer, List<X509Certificate> retiring, Instant since) {
    return new CaState(Phase.PROMOTED, since, signer, Optional.empty(), retiring, Optional.empty());
  }

  /** This state, settled since {@code instant} (or no longer settled, when empty). */
  CaState settled(Optional<Instant> instant) {
    return new CaState(phase, since, signer, next, retiring, instant);
  }

  /** Every CA certificate that must be trusted now: the signer first, then next, then retiring. */
  public List<X509Certificate> bundle() {
    Set<X509Certificate> certs = new LinkedHashSet<>(); // X509Certificate equality is DER equality
    certs.add(signer.certificate());
    next.ifPresent(n -> certs.add(n.certificate()));
    certs.addAll(retiring);
    return List.copyOf(certs);
  }

  /** {@link #bundle()} as PEM, the bytes injected everywhere. */
  public byte[] bundlePem() {
    return PemWriter.certificates(bundle()).getBytes(US_ASCII);
  }
}
