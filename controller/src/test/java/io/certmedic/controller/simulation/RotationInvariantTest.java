package io.certmedic.controller.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.rotation.Phase;
import io.certmedic.controller.simulation.Invariant.Violation;
import io.certmedic.controller.simulation.Simulation.Failover;
import io.certmedic.controller.simulation.Simulation.Issuance;
import io.certmedic.controller.simulation.Simulation.PhaseChange;
import io.certmedic.controller.testing.Objects8;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The rotation invariant on a simulated clock: at every instant, every certificate a pod serves
 * chains, for the name its caller dials, to every bundle that caller holds. The real reconcilers
 * run through SyncEngine every {@link #TICK}; the API server reads caBundles at once; pods see what
 * they mount up to {@link #KUBELET} late (see {@link Simulation}, {@link Kubelet}, {@link
 * Invariant}).
 *
 * <p>Lifetimes are shrunk so three CA lifetimes (four rotations) fit in 18 simulated days: a
 * converge costs two to three milliseconds (every reconciler decodes the CA Secret, deriving its
 * public key from the private key), so the 52,000 five-minute ticks of 180 days would take over two
 * minutes. What the invariant depends on is kept as in a cluster: the default 10-minute propagation
 * delay, a kubelet delay of up to 3 minutes, and a serving certificate six times shorter-lived than
 * its CA.
 */
class RotationInvariantTest {

  static final Instant START = TestPki.NOW;
  static final Duration CERT = Duration.ofDays(1);
  static final Duration CA = Duration.ofDays(6);
  static final Duration PROPAGATION = ControllerOptions.DEFAULT_PROPAGATION_DELAY;
  static final Duration TICK = Duration.ofMinutes(5);

  /** The kubelet's sync period plus its cache TTL (about 2 minutes), with a margin. */
  static final Duration KUBELET = Duration.ofMinutes(3);

  static final long SEED = 20260601L;

  static final Simulation.Config CONFIG =
      new Simulation.Config(CERT, CA, PROPAGATION, TICK, KUBELET, SEED, 1);

  /** The first rotation has finished: the first CA starts rotating at two thirds of six days. */
  static final Instant AFTER_FIRST_ROTATION = START.plus(Duration.ofDays(5));

  /**
   * For the scenarios about one rotation: the same ratios, a third of the lifetimes, so they reach
   * it sooner.
   */
  static final Simulation.Config SHORT =
      new Simulation.Config(
          CERT.dividedBy(3), CA.dividedBy(3), PROPAGATION, TICK, KUBELET, SEED, 1);

  /** The first rotation of {@link #SHORT} has finished (it starts after two thirds of two days). */
  static final Instant SHORT_AFTER_FIRST_ROTATION = START.plus(Duration.ofHours(40));

  @Test
  void everyServedCertificateChainsToEveryCallersBundleAcrossThreeCaLifetimes() {
    proveAcrossThreeCaLifetimes(CONFIG, "three CA lifetimes");
  }

  /**
   * The same with the lifetimes of the issue (10-day certificates, 60-day CAs): 180 days, over two
   * minutes.
   */
  @Test
  @EnabledIfSystemProperty(named = "certmedic.simulation.long", matches = "true")
  void everyServedCertificateChainsToEveryCallersBundleAcrossThreeSixtyDayCaLifetimes() {
    proveAcrossThreeCaLifetimes(
        new Simulation.Config(
            Duration.ofDays(10), Duration.ofDays(60), PROPAGATION, TICK, KUBELET, SEED, 1),
        "three 60-day CA lifetimes");
  }

  private static void proveAcrossThreeCaLifetimes(Simulation.Config config, String what) {
    Simulation sim = new Simulation(config, START);
    long started = System.nanoTime();

    Optional<Violation> violation = sim.runUntil(START.plus(config.caLifetime().multipliedBy(3)));

    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    violation.ifPresent(v -> fail(v.message()));
    report(what, sim, wall);

    // the CA rotated at least three times, through every phase, each wait at least the propagation
    // delay
    List<Phase> phases = sim.phaseChanges().stream().map(PhaseChange::to).toList();
    assertThat(phases)
        .as("STABLE, then STAGED, PROMOTED and STABLE again for each rotation")
        .isEqualTo(cycles(completedRotations(sim)));
    assertThat(completedRotations(sim)).isGreaterThanOrEqualTo(3);
    assertThat(sim.signers())
        .as("distinct signing CAs, the first included")
        .hasSizeGreaterThanOrEqualTo(4)
        .hasSize(completedRotations(sim) + 1);
    List<PhaseChange> changes = sim.phaseChanges();
    for (int i = 1; i + 1 < changes.size(); i++) {
      if (changes.get(i).to() != Phase.STABLE) {
        assertThat(Duration.between(changes.get(i).at(), changes.get(i + 1).at()))
            .as("time in %s from %s", changes.get(i).to(), changes.get(i).at())
            .isGreaterThanOrEqualTo(config.propagationDelay());
      }
    }

    // every serving certificate was renewed many times (27 renewal periods fit), for the expected
    // reasons only, and never flapped
    long renewalPeriods =
        config.caLifetime().multipliedBy(3).toMinutes()
            / (long) (config.certLifetime().toMinutes() * sim.options().renewalFraction());
    assertThat(sim.issuedPerSecret())
        .hasSize(SimCluster.SERVING_SECRETS.size())
        .allSatisfy(
            (secret, n) ->
                assertThat(n)
                    .as(secret)
                    .isGreaterThanOrEqualTo(20)
                    .isLessThanOrEqualTo((int) (1 + renewalPeriods + completedRotations(sim))));
    assertThat(sim.issueReasons().keySet())
        .containsExactlyInAnyOrder("SECRET_MISSING", "RENEWAL_DUE", "ISSUER_CHANGED");
    assertThat(sim.issueReasons().get("ISSUER_CHANGED"))
        .isEqualTo(completedRotations(sim) * SimCluster.SERVING_SECRETS.size());
    assertThat(sim.flaps())
        .as("between rotations a converge writes nothing but renewals")
        .isEmpty();
    assertThat(sim.writingReconciles()).isLessThan(sim.reconciles() / 20);

    // no certificate came near expiry while served: renewed at two thirds of its life, on the next
    // tick, seen within the kubelet delay
    Duration lastThird =
        Duration.ofMillis(
            (long) (config.certLifetime().toMillis() * (1 - sim.options().renewalFraction())));
    assertThat(sim.leastLifeLeft())
        .isGreaterThanOrEqualTo(lastThird.minus(config.tick()).minus(config.maxKubeletDelay()));
    assertThat(sim.pairChecks()).isGreaterThan(sim.checkInstants() * 10);
  }

  @Test
  void withoutAPropagationDelayTheInvariantBreaksAtTheFirstRotation() {
    // Given the same cluster, but a controller that steps the rotation as soon as the API objects
    // hold the new bundle
    Simulation sim = new Simulation(CONFIG.withPropagationDelay(Duration.ZERO), START);

    // When it runs to its first rotation
    Optional<Violation> violation = sim.runUntil(AFTER_FIRST_ROTATION);

    // Then the API server drops the old CA while server pods still serve what it signed: the check
    // bites
    assertThat(violation)
        .as("the invariant check must catch a rotation that does not wait for the kubelet")
        .hasValueSatisfying(
            v -> {
              assertThat(v.reason()).isEqualTo("UNKNOWN_AUTHORITY");
              assertThat(v.at()).isAfter(START.plus(Duration.ofDays(3)));
              assertThat(v.message())
                  .contains("CA phase ")
                  .contains(" rejects what pod ")
                  .contains("x509: certificate signed by unknown authority");
            });
    System.out.println("control, no propagation delay: " + violation.get().message());
  }

  @Test
  void withKubeletDelaysLongerThanThePropagationDelayTheInvariantBreaks() {
    // Given pods that may see a change only 15 minutes late, past the 10-minute propagation delay
    Simulation sim =
        new Simulation(
            new Simulation.Config(
                SHORT.certLifetime(),
                SHORT.caLifetime(),
                PROPAGATION,
                TICK,
                Duration.ofMinutes(15),
                SEED,
                1),
            START);

    Optional<Violation> violation = sim.runUntil(SHORT_AFTER_FIRST_ROTATION);

    assertThat(violation)
        .hasValueSatisfying(v -> assertThat(v.reason()).isEqualTo("UNKNOWN_AUTHORITY"));
    System.out.println(
        "control, kubelet slower than the propagation delay: " + violation.get().message());
  }

  @Test
  void withKubeletDelaysJustUnderThePropagationDelayTheInvariantStillHolds() {
    // Given pods that may see a change up to a second less than the propagation delay late: the
    // margin ROTATION.md claims
    Simulation sim =
        new Simulation(
            new Simulation.Config(
                SHORT.certLifetime(),
                SHORT.caLifetime(),
                PROPAGATION,
                TICK,
                PROPAGATION.minusSeconds(1),
                SEED,
                1),
            START);

    Optional<Violation> violation = sim.runUntil(SHORT_AFTER_FIRST_ROTATION);

    violation.ifPresent(v -> fail(v.message()));
    assertThat(completedRotations(sim)).isEqualTo(1);
  }

  @Test
  void aLeaderDyingAtEachStepOfARotationHandsItOverIntact() {
    // Given two controller instances; the leader dies right after each write of the CA Secret that
    // steps the rotation,
    // before it injects, reissues or drops anything, and the other takes over a lease duration
    // later
    Simulation sim =
        new Simulation(SHORT.withInstances(2), START)
            .crashLeaderWhenSteppingInto(Phase.STAGED)
            .crashLeaderWhenSteppingInto(Phase.PROMOTED)
            .crashLeaderWhenSteppingInto(Phase.STABLE);
    long started = System.nanoTime();

    Optional<Violation> violation = sim.runUntil(SHORT_AFTER_FIRST_ROTATION);

    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    violation.ifPresent(v -> fail(v.message()));
    report("failover", sim, wall);
    Duration lease = sim.options().leaseDuration();
    assertThat(sim.failovers())
        .extracting(Failover::crashedAfterWriting)
        .containsExactly(Phase.STAGED, Phase.PROMOTED, Phase.STABLE);
    assertThat(sim.failovers())
        .extracting(f -> f.from() + ">" + f.to())
        .containsExactly(
            "controller-a>controller-b", "controller-b>controller-a", "controller-a>controller-b");
    assertThat(sim.writesBy()).containsOnlyKeys("controller-a", "controller-b");
    // the rotation went on from the CA Secret, where each new leader found it
    assertThat(sim.phaseChanges())
        .extracting(PhaseChange::to)
        .containsExactly(Phase.STABLE, Phase.STAGED, Phase.PROMOTED, Phase.STABLE);
    assertThat(sim.signers()).hasSize(2);
    assertThat(sim.phase()).isEqualTo(Phase.STABLE);
    Instant promoted = sim.failovers().get(1).at();
    assertThat(promoted)
        .as(
            "the next CA signs only after the new leader injected it and waited the propagation delay")
        .isAfterOrEqualTo(sim.failovers().get(0).at().plus(lease).plus(PROPAGATION));
    assertThat(sim.issuances())
        .filteredOn(i -> i.reason().equals("ISSUER_CHANGED"))
        .as("the dead leader's promotion is acted on by the next one, a lease duration later")
        .hasSize(SimCluster.SERVING_SECRETS.size())
        .allSatisfy(
            i -> {
              assertThat(i.at()).isEqualTo(promoted.plus(lease));
              assertThat(i.by()).isEqualTo("controller-a");
            });
    assertThat(sim.flaps()).isEmpty();
  }

  @Test
  void aRenamedServiceIsReissuedWithinOneTickAndServedForItsNewNameWithinThePropagationDelay() {
    // Given a running cluster (the Spark incident: a chart renames the webhook's Service and points
    // the webhook at it)
    Simulation sim = new Simulation(SHORT, START);
    Instant renamed =
        START.plus(Duration.ofHours(12)).plus(Duration.ofMinutes(1)); // between two ticks
    sim.runUntil(renamed).ifPresent(v -> fail(v.message()));
    sim.tolerate(
        v ->
            v.dial().service().equals("policy-gate-webhook")
                && v.at().isBefore(renamed.plus(PROPAGATION)));

    // When the Service is renamed and both webhook configurations are edited to call the new name
    // (caBundle kept)
    sim.edit(
            cluster -> {
              cluster.remove(Service.class, "gatekeeper", "policy-gate");
              cluster.put(
                  Objects8.annotatedService(
                      "gatekeeper", "policy-gate-webhook", "policy-gate-tls"));
              ValidatingWebhookConfiguration v =
                  cluster
                      .get(ValidatingWebhookConfiguration.class, "", "policy-gate")
                      .orElseThrow();
              v.getWebhooks().get(0).getClientConfig().getService().setName("policy-gate-webhook");
              cluster.put(v);
              MutatingWebhookConfiguration m =
                  cluster
                      .get(MutatingWebhookConfiguration.class, "", "policy-defaults")
                      .orElseThrow();
              m.getWebhooks().get(0).getClientConfig().getService().setName("policy-gate-webhook");
              cluster.put(m);
            })
        .ifPresent(v -> fail(v.message()));
    Optional<Violation> violation = sim.runUntil(SHORT_AFTER_FIRST_ROTATION);

    // Then the Secret is reissued for the new names at the next tick ...
    violation.ifPresent(v -> fail(v.message()));
    List<Issuance> reissued =
        sim.issuances().stream().filter(i -> i.reason().equals("SAN_MISMATCH")).toList();
    assertThat(reissued)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.secret()).isEqualTo("gatekeeper/policy-gate-tls");
              assertThat(i.at()).isAfter(renamed).isBeforeOrEqualTo(renamed.plus(TICK));
            });
    Secret s = sim.view().get(Secret.class, "gatekeeper", "policy-gate-tls").orElseThrow();
    assertThat(CertFacts.of(Objects8.leaf(s)).dnsNames())
        .contains("policy-gate-webhook.gatekeeper.svc")
        .doesNotContain("policy-gate.gatekeeper.svc");
    // ... callers of the new name fail only until the pod sees it (the incident's "not valid for"
    // window), then the invariant holds
    assertThat(sim.tolerated())
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.reason()).isEqualTo("HOSTNAME_MISMATCH"));
    Instant lastFailure = sim.tolerated().get(sim.tolerated().size() - 1).at();
    assertThat(lastFailure).isBefore(reissued.get(0).at().plus(KUBELET).plusSeconds(1));
    assertThat(sim.tolerated()).first().satisfies(v -> assertThat(v.at()).isEqualTo(renamed));
    System.out.println(
        "rename: callers of the new name failed from "
            + renamed
            + " to "
            + lastFailure
            + ", e.g. "
            + sim.tolerated().get(0).message());
    assertThat(completedRotations(sim))
        .as("the renamed Service then went through a rotation")
        .isEqualTo(1);
    assertThat(sim.flaps()).isEmpty();
  }

  private static int completedRotations(Simulation sim) {
    return (int)
        sim.phaseChanges().stream()
            .filter(c -> c.from() == Phase.PROMOTED && c.to() == Phase.STABLE)
            .count();
  }

  private static List<Phase> cycles(int rotations) {
    List<Phase> out = new ArrayList<>(List.of(Phase.STABLE));
    for (int i = 0; i < rotations; i++) {
      out.addAll(List.of(Phase.STAGED, Phase.PROMOTED, Phase.STABLE));
    }
    return out;
  }

  private static void report(String what, Simulation sim, Duration wall) {
    int issued = sim.issuedPerSecret().values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "%s: %.1f simulated days in %d ms; %d converges (%d wrote), %d rotations completed, %d CAs and %d serving certificates"
            + " issued %s; %d check instants, %d pair checks (%d verifier calls); %d kubelet deliveries (%d overtaken);"
            + " least life left of a served certificate %s; failovers %s%n",
        what,
        Duration.between(START, sim.now()).toMinutes() / 1440.0,
        wall.toMillis(),
        sim.reconciles(),
        sim.writingReconciles(),
        completedRotations(sim),
        sim.casMade(),
        issued,
        sim.issueReasons(),
        sim.checkInstants(),
        sim.pairChecks(),
        sim.verifierCalls(),
        sim.kubelet().changes(),
        sim.kubelet().overtaken(),
        sim.leastLifeLeft(),
        sim.failovers());
  }
}
