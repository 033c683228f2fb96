package io.certmedic.controller.rotation;

import static io.certmedic.controller.rotation.RotationFixtures.A;
import static io.certmedic.controller.rotation.RotationFixtures.A_MADE;
import static io.certmedic.controller.rotation.RotationFixtures.A_ROTATES;
import static io.certmedic.controller.rotation.RotationFixtures.B;
import static io.certmedic.controller.rotation.RotationFixtures.CN;
import static io.certmedic.controller.rotation.RotationFixtures.DELAY;
import static io.certmedic.controller.rotation.RotationFixtures.LIFETIME;
import static io.certmedic.controller.rotation.RotationFixtures.OLD;
import static io.certmedic.controller.rotation.RotationFixtures.RANDOM;
import static io.certmedic.controller.rotation.RotationFixtures.TIMING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row is a sentence: a state, the facts and the instant, and the exact step that follows. */
class CaRotationTest {

  private static final CaRotation.Facts NOTHING_CURRENT = new CaRotation.Facts(false, true);
  private static final CaRotation.Facts BUNDLES_CURRENT = new CaRotation.Facts(true, true);
  private static final CaRotation.Facts ALL_SETTLED = new CaRotation.Facts(true, false);

  private static final String A_NAME = "certmedic-ca (valid until 2026-07-01T12:00:00Z)";
  private static final String B_NAME = "certmedic-ca (valid until 2026-08-30T11:58:20Z)";
  private static final String OLD_NAME = "certmedic-ca (valid until 2026-04-01T00:00:00Z)";

  private static final Instant STAGED_AT = A_ROTATES;
  private static final CaState STAGED = CaState.staged(A, B, STAGED_AT);
  private static final Instant PROMOTED_AT = Instant.parse("2026-06-01T12:09:20Z");
  private static final CaState PROMOTED =
      CaState.promoted(B, List.of(A.certificate()), PROMOTED_AT);

  /**
   * A step to take and the step expected. {@code expected} builds the expected state from the
   * actual one, which only matters for CAs made during the step ({@code freshCas} of them).
   */
  record Case(
      Optional<CaState> current,
      CaRotation.Facts facts,
      Instant now,
      boolean changed,
      String event,
      Instant nextCheck,
      int freshCas,
      Function<CaState, CaState> expected) {

    static Case from(CaState current, CaRotation.Facts facts, Instant now) {
      return new Case(Optional.of(current), facts, now, false, "", null, 0, actual -> current);
    }

    Case keeps(Instant next) {
      return new Case(current, facts, now, false, "", next, 0, actual -> current.get());
    }

    Case becomes(CaState state, String ev, Instant next) {
      return new Case(current, facts, now, true, ev, next, 0, actual -> state);
    }

    /**
     * A change that makes {@code fresh} new CAs; {@code state} builds the expected state from the
     * actual one.
     */
    Case makes(int fresh, Function<CaState, CaState> state, String ev, Instant next) {
      return new Case(current, facts, now, true, ev, next, fresh, state);
    }
  }

  static Stream<Arguments> steps() {
    Instant settled = STAGED_AT.plus(Duration.ofMinutes(1));
    CaState stagedSettled = STAGED.settled(Optional.of(settled));
    Instant promotedSettled = PROMOTED_AT.plus(Duration.ofMinutes(2));
    CaState promotedSettledState = PROMOTED.settled(Optional.of(promotedSettled));
    CaState twoRetiring =
        CaState.promoted(B, List.of(A.certificate(), OLD.certificate()), PROMOTED_AT)
            .settled(Optional.of(promotedSettled));
    Instant outage = Instant.parse("2029-03-01T00:00:00Z");
    Instant aExpires = Instant.parse("2026-07-01T12:00:00Z");

    return Stream.of(
        row(
            "creates a CA when there is none",
            new Case(Optional.empty(), NOTHING_CURRENT, TestPki.NOW, false, "", null, 0, null)
                .makes(
                    1,
                    actual -> CaState.stable(actual.signer(), TestPki.NOW),
                    "created the CA certmedic-ca 1780315200 (valid until 2026-08-30T12:00:00Z), which signs from now; its rotation starts at 2026-07-31T11:58:20Z",
                    Instant.parse("2026-07-31T11:58:20Z"))),
        row(
            "keeps a STABLE CA until two thirds of its life have passed",
            Case.from(CaState.stable(A, A_MADE), ALL_SETTLED, A_ROTATES.minusSeconds(1))
                .keeps(A_ROTATES)),
        row(
            "stages a next CA at the very instant of the rotation time",
            Case.from(CaState.stable(A, A_MADE), ALL_SETTLED, A_ROTATES)
                .makes(
                    1,
                    actual -> CaState.staged(A, actual.next().orElseThrow(), A_ROTATES),
                    "the CA "
                        + A_NAME
                        + " reached its rotation time 2026-06-01T11:58:20Z: staged the next CA certmedic-ca 1780315100"
                        + " (valid until 2026-08-30T11:58:20Z), which every trust bundle must hold before it signs",
                    A_ROTATES.plus(DELAY))),
        row(
            "stages a next CA late when the controller was away at the rotation time",
            Case.from(CaState.stable(A, A_MADE), ALL_SETTLED, Instant.parse("2026-06-10T00:00:00Z"))
                .makes(
                    1,
                    actual ->
                        CaState.staged(
                            A, actual.next().orElseThrow(), Instant.parse("2026-06-10T00:00:00Z")),
                    "the CA "
                        + A_NAME
                        + " reached its rotation time 2026-06-01T11:58:20Z: staged the next CA certmedic-ca 1781049600"
                        + " (valid until 2026-09-08T00:00:00Z), which every trust bundle must hold before it signs",
                    Instant.parse("2026-06-10T00:10:00Z"))),
        row(
            "waits in STAGED while some trust bundle lacks the next CA",
            Case.from(STAGED, NOTHING_CURRENT, settled).keeps(settled.plus(DELAY))),
        row(
            "notes the instant every trust bundle holds the next CA",
            Case.from(STAGED, BUNDLES_CURRENT, settled)
                .becomes(
                    stagedSettled,
                    "every trust bundle holds the next CA "
                        + B_NAME
                        + "; it signs from 2026-06-01T12:09:20Z if they still do then",
                    Instant.parse("2026-06-01T12:09:20Z"))),
        row(
            "waits out the propagation delay while every trust bundle holds the next CA",
            Case.from(stagedSettled, BUNDLES_CURRENT, settled.plus(Duration.ofMinutes(4)))
                .keeps(settled.plus(DELAY))),
        row(
            "starts waiting again when a trust bundle loses the next CA",
            Case.from(stagedSettled, NOTHING_CURRENT, settled.plus(Duration.ofMinutes(4)))
                .becomes(
                    STAGED,
                    "a trust bundle no longer holds the next CA "
                        + B_NAME
                        + "; it signs once every bundle has held it for 10 minutes",
                    settled.plus(Duration.ofMinutes(14)))),
        row(
            "promotes the next CA once every trust bundle has held it for the propagation delay",
            Case.from(stagedSettled, BUNDLES_CURRENT, PROMOTED_AT)
                .becomes(
                    PROMOTED,
                    "the CA "
                        + B_NAME
                        + " signs from now; certificates signed by "
                        + A_NAME
                        + " are reissued, and it stays trusted until none is served",
                    PROMOTED_AT.plus(DELAY))),
        row(
            "waits in PROMOTED while a Secret holds a certificate signed by the retiring CA",
            Case.from(PROMOTED, BUNDLES_CURRENT, PROMOTED_AT.plus(Duration.ofMinutes(1)))
                .keeps(PROMOTED_AT.plus(Duration.ofMinutes(11)))),
        row(
            "notes the instant no Secret holds a certificate signed by a retiring CA",
            Case.from(PROMOTED, ALL_SETTLED, promotedSettled)
                .becomes(
                    promotedSettledState,
                    "no managed Secret holds a certificate signed by a retiring CA; the trust bundles drop the retiring CA "
                        + A_NAME
                        + " at 2026-06-01T12:21:20Z if none does then",
                    Instant.parse("2026-06-01T12:21:20Z"))),
        row(
            "waits out the propagation delay after the last certificate of a retiring CA is replaced",
            Case.from(
                    promotedSettledState, ALL_SETTLED, promotedSettled.plus(Duration.ofMinutes(3)))
                .keeps(promotedSettled.plus(DELAY))),
        row(
            "starts waiting again when a Secret holds a certificate of a retiring CA again",
            Case.from(
                    promotedSettledState,
                    BUNDLES_CURRENT,
                    promotedSettled.plus(Duration.ofMinutes(3)))
                .becomes(
                    PROMOTED,
                    "a managed Secret holds a certificate signed by a retiring CA again; the trust bundles keep the retiring CA "
                        + A_NAME
                        + " until none has for 10 minutes",
                    promotedSettled.plus(Duration.ofMinutes(13)))),
        row(
            "drops the retiring CA once nothing it signed has been held for the propagation delay",
            Case.from(promotedSettledState, ALL_SETTLED, promotedSettled.plus(DELAY))
                .becomes(
                    CaState.stable(B, promotedSettled.plus(DELAY)),
                    "dropped the retiring CA "
                        + A_NAME
                        + " from the trust bundles; the CA "
                        + B_NAME
                        + " alone signs and is trusted",
                    Instant.parse("2026-07-31T11:56:40Z"))),
        row(
            "names every retiring CA it drops",
            Case.from(twoRetiring, ALL_SETTLED, promotedSettled.plus(DELAY))
                .becomes(
                    CaState.stable(B, promotedSettled.plus(DELAY)),
                    "dropped the retiring CAs "
                        + A_NAME
                        + " and "
                        + OLD_NAME
                        + " from the trust bundles; the CA "
                        + B_NAME
                        + " alone signs and is trusted",
                    Instant.parse("2026-07-31T11:56:40Z"))),
        row(
            "replaces an expired CA at once, as when the cluster was down for years",
            Case.from(CaState.stable(A, A_MADE), ALL_SETTLED, outage)
                .makes(
                    1,
                    actual -> CaState.stable(actual.signer(), outage),
                    "the CA "
                        + A_NAME
                        + " expired before its rotation finished, so nothing it signed verifies any more:"
                        + " created the CA certmedic-ca 1867017600 (valid until 2029-05-30T00:00:00Z), which signs and is trusted from now in its place",
                    Instant.parse("2029-04-29T23:58:20Z"))),
        row(
            "replaces the signer at the instant it expires, since it can no longer sign",
            Case.from(CaState.stable(A, A_MADE), ALL_SETTLED, aExpires)
                .makes(
                    1,
                    actual -> CaState.stable(actual.signer(), aExpires),
                    "the CA "
                        + A_NAME
                        + " expired before its rotation finished, so nothing it signed verifies any more:"
                        + " created the CA certmedic-ca 1782907200 (valid until 2026-09-29T12:00:00Z), which signs and is trusted from now in its place",
                    Instant.parse("2026-08-30T11:58:20Z"))),
        row(
            "replaces an expired signer in the middle of a rotation, dropping the staged CA",
            Case.from(stagedSettled, BUNDLES_CURRENT, Instant.parse("2026-07-02T00:00:00Z"))
                .makes(
                    1,
                    actual ->
                        CaState.stable(actual.signer(), Instant.parse("2026-07-02T00:00:00Z")),
                    "the CA "
                        + A_NAME
                        + " expired before its rotation finished, so nothing it signed verifies any more:"
                        + " created the CA certmedic-ca 1782950400 (valid until 2026-09-30T00:00:00Z), which signs and is trusted from now in its place",
                    Instant.parse("2026-08-30T23:58:20Z"))),
        row(
            "looks again when the signer expires if that comes before the wait ends",
            Case.from(STAGED, NOTHING_CURRENT, aExpires.minus(Duration.ofMinutes(5)))
                .keeps(aExpires)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void steps(Case c) {
    CaRotation.Step step =
        CaRotation.step(c.current(), c.facts(), RotationFixtures.TIMING, c.now(), RANDOM);

    assertThat(step.changed()).isEqualTo(c.changed());
    assertThat(step.event()).isEqualTo(c.event());
    assertThat(step.nextCheck()).isEqualTo(c.nextCheck());
    assertThat(step.state()).isEqualTo(c.expected().apply(step.state()));
    List<CertificateAuthority> fresh = cas(step.state());
    c.current().ifPresent(before -> fresh.removeAll(cas(before)));
    assertThat(fresh).hasSize(c.freshCas());
    for (CertificateAuthority ca : fresh) {
      CertFacts facts = CertFacts.of(ca.certificate());
      assertThat(facts.commonName())
          .as("each CA has its own subject: the name and the second it was made")
          .isEqualTo(CN + " " + c.now().getEpochSecond());
      assertThat(facts.notBefore()).isEqualTo(c.now().minus(Issuer.BACKDATE));
      assertThat(facts.notAfter()).isEqualTo(c.now().plus(LIFETIME));
    }
  }

  @Test
  void refusesATimingThatWouldNeverRotate() {
    assertThatThrownBy(() -> new CaRotation.Timing(LIFETIME, 1.0, DELAY, KeyType.ECDSA_P256, CN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the CA rotation fraction must be between 0 and 1 (exclusive), got 1.0");
  }

  @Test
  void refusesANegativePropagationDelay() {
    assertThatThrownBy(
            () ->
                new CaRotation.Timing(
                    LIFETIME, 0.5, Duration.ofMinutes(-1), KeyType.ECDSA_P256, CN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the propagation delay must not be negative, got PT-1M");
  }

  @Test
  void refusesAChangeWithoutAnEvent() {
    assertThatThrownBy(() -> new CaRotation.Step(STAGED, true, "", A_ROTATES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change needs an event");
  }

  @Test
  void walksTwoWholeRotationsAndEveryServedCertificateChainsToEveryBundleACallerMayHold() {
    Walk walk = Walk.run(DELAY.minus(Duration.ofMinutes(1)));

    assertThat(walk.phases())
        .containsExactly(
            Phase.STABLE,
            Phase.STAGED,
            Phase.PROMOTED,
            Phase.STABLE,
            Phase.STAGED,
            Phase.PROMOTED,
            Phase.STABLE);
    assertThat(walk.violations()).isEmpty();
  }

  @Test
  void wouldServeACertificateSomeCallerCannotVerifyIfPodsLaggedBeyondThePropagationDelay() {
    // The control for the walk above: with pods 12 minutes behind (the 10-minute delay plus the
    // minute the reconcilers take), the overlap is too short, and the walk must notice.
    assertThat(Walk.run(DELAY.plus(Duration.ofMinutes(2))).violations()).isNotEmpty();
  }

  /**
   * Steps the machine from nothing through two rotations with a model cluster: a minute after each
   * change the reconcilers inject {@link CaState#bundle()} and reissue every serving certificate
   * from the signer; pods see a bundle or a certificate up to {@code podLag} after it is written. A
   * violation is a moment at which some pod may serve a certificate from a signer that some
   * caller's bundle, as it may still see it, lacks.
   */
  record Walk(List<Phase> phases, List<String> violations) {

    private static final Duration RECONCILE = Duration.ofMinutes(1);
    private static final Duration LENGTH = Duration.ofDays(130);

    /** A value the cluster held from {@code from} until the next version. */
    record Version<T>(Instant from, T value) {}

    static Walk run(Duration podLag) {
      Instant t = TestPki.NOW;
      Optional<CaState> state = Optional.empty();
      Instant catchUpAt = null;
      List<Version<Set<X509Certificate>>> bundles = new ArrayList<>();
      List<Version<X509Certificate>> served = new ArrayList<>();
      List<Phase> phases = new ArrayList<>();
      while (t.isBefore(TestPki.NOW.plus(LENGTH))) {
        if (catchUpAt != null && !t.isBefore(catchUpAt)) {
          Set<X509Certificate> bundle = Set.copyOf(state.orElseThrow().bundle());
          if (bundles.isEmpty() || !bundles.get(bundles.size() - 1).value().equals(bundle)) {
            bundles.add(new Version<>(t, bundle));
          }
          X509Certificate signer = state.orElseThrow().signer().certificate();
          if (served.isEmpty() || !served.get(served.size() - 1).value().equals(signer)) {
            served.add(new Version<>(t, signer));
          }
          catchUpAt = null;
        }
        CaRotation.Facts facts =
            new CaRotation.Facts(
                !bundles.isEmpty()
                    && state.isPresent()
                    && bundles.get(bundles.size() - 1).value().containsAll(state.get().bundle()),
                served.isEmpty()
                    || state.isEmpty()
                    || !served
                        .get(served.size() - 1)
                        .value()
                        .equals(state.get().signer().certificate()));
        CaRotation.Step step = CaRotation.step(state, facts, TIMING, t, RANDOM);
        if (step.changed()) {
          if (state.isEmpty() || state.get().phase() != step.state().phase()) {
            phases.add(step.state().phase());
          }
          state = Optional.of(step.state());
          catchUpAt = t.plus(RECONCILE);
        }
        t =
            catchUpAt != null && catchUpAt.isBefore(step.nextCheck())
                ? catchUpAt
                : step.nextCheck();
      }
      List<String> violations = new ArrayList<>();
      for (int b = 0; b < bundles.size(); b++) {
        for (int s = 0; s < served.size(); s++) {
          Instant bundleGone =
              b + 1 < bundles.size() ? bundles.get(b + 1).from().plus(podLag) : Instant.MAX;
          Instant servedGone =
              s + 1 < served.size() ? served.get(s + 1).from().plus(podLag) : Instant.MAX;
          boolean meet =
              bundles.get(b).from().isBefore(servedGone)
                  && served.get(s).from().isBefore(bundleGone);
          if (meet && !bundles.get(b).value().contains(served.get(s).value())) {
            violations.add(
                "the bundle written at "
                    + bundles.get(b).from()
                    + " lacks the signer of the certificates written at "
                    + served.get(s).from());
          }
        }
      }
      return new Walk(phases, violations);
    }
  }

  private static List<CertificateAuthority> cas(CaState state) {
    List<CertificateAuthority> all = new ArrayList<>();
    all.add(state.signer());
    state.next().ifPresent(all::add);
    return all;
  }

  private static Arguments row(String sentence, Case c) {
    return Arguments.of(Named.of(sentence, c));
  }
}
