package io.certmedic.controller.rotation;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.rule.RenewalTime;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The CA rotation state machine, pure: given the state in the CA Secret and what the caches show,
 * the next state and when to look again.
 *
 * <p>STABLE until the rotation fraction of the signer's life has passed; then STAGED: a new CA
 * joins every bundle but does not sign until every bundle has held it for the propagation delay;
 * then PROMOTED: the new CA signs, serving certificates are reissued, and the old CA stays trusted
 * until no managed Secret has held a certificate it signed for the propagation delay; then STABLE
 * again. A signer that has expired (the controller was not running) is replaced at once: nothing it
 * signed verifies any more, so there is nothing left to overlap.
 */
public final class CaRotation {

  /**
   * What the caches show that rotation waits on.
   *
   * @param bundlesCurrent every injected caBundle, bundle ConfigMap, bundle copy and serving
   *     Secret's ca.crt holds every certificate of the current {@link CaState#bundle()}
   * @param retiringStillServed some managed serving Secret holds a certificate signed by a retiring
   *     CA (or by a CA no longer in the state)
   */
  public record Facts(boolean bundlesCurrent, boolean retiringStillServed) {}

  /**
   * The rotation's timing, from ControllerOptions.
   *
   * @param caLifetime how long each new CA is valid
   * @param rotationFraction the fraction of the signer's life after which the next CA is staged
   * @param propagationDelay how long a settled condition must hold before the next step
   * @param keyType the key type of new CAs
   * @param caCommonName the common name of new CAs, followed by the epoch second each is made
   */
  public record Timing(
      Duration caLifetime,
      double rotationFraction,
      Duration propagationDelay,
      KeyType keyType,
      String caCommonName) {

    public Timing {
      requireNonNull(caLifetime, "caLifetime == null");
      requireNonNull(propagationDelay, "propagationDelay == null");
      requireNonNull(keyType, "keyType == null");
      requireNonNull(caCommonName, "caCommonName == null");
      if (caLifetime.isNegative() || caLifetime.isZero()) {
        throw new IllegalArgumentException("the CA lifetime must be positive, got " + caLifetime);
      }
      if (!(rotationFraction > 0 && rotationFraction < 1)) {
        throw new IllegalArgumentException(
            "the CA rotation fraction must be between 0 and 1 (exclusive), got "
                + rotationFraction);
      }
      if (propagationDelay.isNegative()) {
        throw new IllegalArgumentException(
            "the propagation delay must not be negative, got " + propagationDelay);
      }
      if (caCommonName.isBlank()) {
        throw new IllegalArgumentException("the CA common name must not be blank");
      }
    }
  }

  /**
   * The next state ({@code changed} when it must be written back), the Event message saying what
   * changed (one sentence, lower case, no full stop; empty when nothing changed) and when to step
   * again.
   */
  public record Step(CaState state, boolean changed, String event, Instant nextCheck) {

    public Step {
      requireNonNull(state, "state == null");
      requireNonNull(event, "event == null");
      requireNonNull(nextCheck, "nextCheck == null");
      if (changed == event.isEmpty()) {
        throw new IllegalArgumentException(
            changed ? "a change needs an event" : "no event without a change");
      }
    }
  }

  private CaRotation() {}

  /**
   * One step of the rotation at {@code now}. {@code nextCheck} is the earliest instant at which
   * time alone could change the answer (the rotation time, the end of a propagation delay, the
   * signer's expiry), or {@code now + propagationDelay} while the step waits on facts, whose
   * changes the caller's watches report anyway; never before {@code now}.
   */
  public static Step step(
      Optional<CaState> current, Facts facts, Timing timing, Instant now, SecureRandom random) {
    requireNonNull(current, "current == null");
    requireNonNull(facts, "facts == null");
    requireNonNull(timing, "timing == null");
    requireNonNull(now, "now == null");
    requireNonNull(random, "random == null");
    if (current.isEmpty()) {
      CertificateAuthority ca = newCa(timing, now, random);
      return changed(
          CaState.stable(ca, now),
          "created the CA "
              + describe(ca)
              + ", which signs from now; its rotation starts at "
              + rotateAt(ca, timing),
          rotateAt(ca, timing),
          now);
    }
    CaState state = current.get();
    Instant signerExpiry = notAfter(state.signer().certificate());
    if (!now.isBefore(signerExpiry)) {
      CertificateAuthority ca = newCa(timing, now, random);
      return changed(
          CaState.stable(ca, now),
          "the CA "
              + describe(state.signer())
              + " expired before its rotation finished,"
              + " so nothing it signed verifies any more: created the CA "
              + describe(ca)
              + ", which signs and is trusted from now in its place",
          rotateAt(ca, timing),
          now);
    }
    Step step =
        switch (state.phase()) {
          case STABLE -> stable(state, timing, now, random);
          case STAGED -> staged(state, facts, timing, now);
          case PROMOTED -> promoted(state, facts, timing, now);
        };
    Instant expiry =
        notAfter(
            step.state()
                .signer()
                .certificate()); // in every phase, time alone changes the answer then
    return step.nextCheck().isAfter(expiry)
        ? new Step(step.state(), step.changed(), step.event(), expiry)
        : step;
  }

  private static Step stable(CaState state, Timing timing, Instant now, SecureRandom random) {
    Instant rotateAt = rotateAt(state.signer(), timing);
    if (now.isBefore(rotateAt)) {
      return unchanged(state, rotateAt, now);
    }
    CertificateAuthority next = newCa(timing, now, random);
    return changed(
        CaState.staged(state.signer(), next, now),
        "the CA "
            + describe(state.signer())
            + " reached its rotation time "
            + rotateAt
            + ": staged the next CA "
            + describe(next)
            + ", which every trust bundle must hold before it signs",
        waitingOnFacts(timing, now),
        now);
  }

  private static Step staged(CaState state, Facts facts, Timing timing, Instant now) {
    CertificateAuthority next = state.next().orElseThrow();
    return settle(
        state,
        facts.bundlesCurrent(),
        timing,
        now,
        settledAt ->
            "every trust bundle holds the next CA "
                + describe(next)
                + "; it signs from "
                + settledAt
                + " if they still do then",
        "a trust bundle no longer holds the next CA "
            + describe(next)
            + "; it signs once every bundle has held it for "
            + HumanTime.duration(timing.propagationDelay()),
        () -> {
          List<X509Certificate> retiring = new ArrayList<>();
          retiring.add(state.signer().certificate());
          retiring.addAll(state.retiring());
          return changed(
              CaState.promoted(next, retiring, now),
              "the CA "
                  + describe(next)
                  + " signs from now; certificates signed by "
                  + describe(state.signer())
                  + " are reissued, and it stays trusted until none is served",
              waitingOnFacts(timing, now),
              now);
        });
  }

  private static Step promoted(CaState state, Facts facts, Timing timing, Instant now) {
    String retiring = "the retiring " + cas(state.retiring());
    return settle(
        state,
        !facts.retiringStillServed(),
        timing,
        now,
        settledAt ->
            "no managed Secret holds a certificate signed by a retiring CA; the trust bundles drop "
                + retiring
                + " at "
                + settledAt
                + " if none does then",
        "a managed Secret holds a certificate signed by a retiring CA again; the trust bundles keep "
            + retiring
            + " until none has for "
            + HumanTime.duration(timing.propagationDelay()),
        () ->
            changed(
                CaState.stable(state.signer(), now),
                "dropped "
                    + retiring
                    + " from the trust bundles; the CA "
                    + describe(state.signer())
                    + " alone signs and is trusted",
                rotateAt(state.signer(), timing),
                now));
  }

  /** "CA a (valid until ...)", "CAs a (...) and a (...)". */
  private static String cas(List<X509Certificate> certs) {
    List<String> described = certs.stream().map(CaRotation::describe).toList();
    if (described.size() == 1) {
      return "CA " + described.get(0);
    }
    return described.isEmpty()
        ? "CAs"
        : "CAs "
            + String.join(", ", described.subList(0, described.size() - 1))
            + " and "
            + described.get(described.size() - 1);
  }

  /**
   * The settling every waiting phase shares: once {@code holds} is true, note since when; if it
   * stops holding, forget it; once it has held for the propagation delay, take {@code advance}.
   */
  private static Step settle(
      CaState state,
      boolean holds,
      Timing timing,
      Instant now,
      Function<Instant, String> settledEvent,
      String unsettledEvent,
      Supplier<Step> advance) {
    Optional<Instant> settledSince = state.settledSince();
    if (!holds) {
      return settledSince.isEmpty()
          ? unchanged(state, waitingOnFacts(timing, now), now)
          : changed(
              state.settled(Optional.empty()), unsettledEvent, waitingOnFacts(timing, now), now);
    }
    if (settledSince.isEmpty()) {
      Instant advanceAt = now.plus(timing.propagationDelay());
      return changed(
          state.settled(Optional.of(now)), settledEvent.apply(advanceAt), advanceAt, now);
    }
    Instant advanceAt = settledSince.get().plus(timing.propagationDelay());
    return now.isBefore(advanceAt) ? unchanged(state, advanceAt, now) : advance.get();
  }

  private static CertificateAuthority newCa(Timing timing, Instant now, SecureRandom random) {
    // each CA gets its own subject (the name plus the second it was made), so chain builders,
    // openssl's output and people can tell the old CA from the new one during a rotation
    return Issuer.newCa(
        timing.caCommonName() + " " + now.getEpochSecond(),
        timing.keyType(),
        timing.caLifetime(),
        now,
        random);
  }

  private static Instant rotateAt(CertificateAuthority ca, Timing timing) {
    return RenewalTime.of(ca.certificate(), timing.rotationFraction());
  }

  private static Instant waitingOnFacts(Timing timing, Instant now) {
    return now.plus(timing.propagationDelay());
  }

  private static Step changed(CaState state, String event, Instant nextCheck, Instant now) {
    return new Step(state, true, event, latest(nextCheck, now));
  }

  private static Step unchanged(CaState state, Instant nextCheck, Instant now) {
    return new Step(state, false, "", latest(nextCheck, now));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant notAfter(X509Certificate cert) {
    return cert.getNotAfter().toInstant();
  }

  /**
   * "certmedic-ca (valid until 2031-05-31T12:00:00Z)": every CA has the same name; the end of its
   * life tells them apart.
   */
  private static String describe(CertificateAuthority ca) {
    return describe(ca.certificate());
  }

  private static String describe(X509Certificate cert) {
    return CertFacts.of(cert).commonName() + " (valid until " + notAfter(cert) + ")";
  }
}
