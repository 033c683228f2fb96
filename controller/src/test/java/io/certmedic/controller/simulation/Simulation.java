package io.certmedic.controller.simulation;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.rotation.Phase;
import io.certmedic.controller.simulation.Invariant.Violation;
import io.certmedic.controller.simulation.Kubelet.Mount;
import io.certmedic.controller.simulation.Pems.Pem;
import io.certmedic.controller.testing.MapView;
import io.certmedic.controller.testing.SyncEngine;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The controller, the API server and the kubelet of {@link SimCluster} on a simulated clock.
 *
 * <p>Every {@code tick} the leader converges (the real reconcilers through {@link SyncEngine},
 * reading the {@link MapView} at once, as a controller reads its informer caches). The API server
 * reads injected caBundles the instant they are written. Pods see a change to what they mount only
 * when the {@link Kubelet} delivers it. The invariant is judged after every reconcile and after
 * every delivery: nothing any caller or pod holds changes in between, so that is every instant (a
 * judgement covers the interval up to the next change, expiry included).
 *
 * <p>With several controller instances only the leader reconciles. A planned crash stops the leader
 * right after it writes the CA Secret stepping into a given phase, before anything else of that
 * converge; the next instance takes over one lease duration later and converges from what the
 * cluster holds, as a newly elected leader does.
 */
final class Simulation {

  /**
   * What is simulated.
   *
   * @param certLifetime serving certificates' lifetime (ControllerOptions.certLifetime)
   * @param caLifetime each CA's lifetime (ControllerOptions.caLifetime)
   * @param propagationDelay ControllerOptions.propagationDelay
   * @param tick how often the leader converges
   * @param maxKubeletDelay the longest a pod waits for a change to what it mounts
   * @param seed seeds the kubelet's delays (key material comes from each instance's SecureRandom)
   * @param instances controller instances; one leads at a time
   */
  record Config(
      Duration certLifetime,
      Duration caLifetime,
      Duration propagationDelay,
      Duration tick,
      Duration maxKubeletDelay,
      long seed,
      int instances) {

    Config {
      requireNonNull(tick, "tick == null");
      if (instances < 1) {
        throw new IllegalArgumentException("at least one controller instance, got " + instances);
      }
    }

    ControllerOptions options(String identity) {
      return ControllerOptions.defaults("certmedic", identity)
          .withLifetimes(certLifetime, caLifetime, propagationDelay);
    }

    Config withPropagationDelay(Duration d) {
      return new Config(certLifetime, caLifetime, d, tick, maxKubeletDelay, seed, instances);
    }

    Config withInstances(int n) {
      return new Config(certLifetime, caLifetime, propagationDelay, tick, maxKubeletDelay, seed, n);
    }
  }

  record PhaseChange(Instant at, Phase from, Phase to) {}

  record Failover(Instant at, String from, String to, Phase crashedAfterWriting) {}

  /**
   * A serving certificate issued into {@code secret} (ns/name) at {@code at} for {@code reason}, by
   * {@code by}.
   */
  record Issuance(Instant at, String secret, String reason, String by) {}

  private final Config config;
  private final ControllerOptions options;
  private final MapView view = new MapView();
  private final List<SyncEngine> engines = new ArrayList<>();
  private final List<String> identities = new ArrayList<>();
  private final Pems pems = new Pems();
  private final CaNames cas = new CaNames();
  private final Kubelet kubelet;
  private final Invariant invariant;
  private final List<Mount> servers = SimCluster.servers();

  private Instant now;
  private Instant nextReconcile;
  private int leader;
  private final Deque<Phase> crashes = new ArrayDeque<>();
  private boolean tookOver; // the leader reconciling next follows one that died mid-converge
  private Predicate<Violation> tolerated = v -> false;

  // what was observed
  private Phase phase;
  private String phaseLabel = "none yet";
  private String caVersion = "";
  private final Set<X509Certificate> signers = new LinkedHashSet<>();
  private final List<PhaseChange> phaseChanges = new ArrayList<>();
  private final List<Failover> failovers = new ArrayList<>();
  private final Map<String, Integer> issuedPerSecret = new TreeMap<>();
  private final Map<String, Integer> issueReasons = new TreeMap<>();
  private final List<String> flaps = new ArrayList<>();
  private final List<Violation> toleratedSeen = new ArrayList<>();
  private final List<Issuance> issuances = new ArrayList<>();
  private final Map<String, Integer> writesBy = new TreeMap<>();
  private long reconciles;
  private long writingReconciles;
  private long caWrites;
  private long checkInstants;
  private Duration leastLifeLeft = Duration.ofDays(100_000);

  Simulation(Config config, Instant start) {
    this.config = requireNonNull(config, "config == null");
    this.options = config.options("sim");
    for (int i = 0; i < config.instances(); i++) {
      String identity = "controller-" + (char) ('a' + i);
      identities.add(identity);
      engines.add(new SyncEngine(view, config.options(identity), new SecureRandom()));
    }
    this.kubelet = new Kubelet(new Random(config.seed()), config.maxKubeletDelay(), pems);
    servers.forEach(kubelet::mount);
    SimCluster.clients().forEach(kubelet::mount);
    this.invariant = new Invariant(kubelet, pems, cas, SimCluster.clients());
    this.now = requireNonNull(start, "start == null");
    this.nextReconcile = start;
    SimCluster.populate(view);
    invariant.refresh(view);
  }

  /**
   * The leader dies right after it writes the CA Secret stepping into {@code phase}; once per call,
   * in order.
   */
  Simulation crashLeaderWhenSteppingInto(Phase phase) {
    crashes.add(phase);
    return this;
  }

  /** Violations {@code p} accepts are recorded ({@link #tolerated()}) instead of ending the run. */
  Simulation tolerate(Predicate<Violation> p) {
    this.tolerated = requireNonNull(p, "p == null");
    return this;
  }

  /**
   * A user's change to the cluster at the current instant (kubectl apply, edit, delete); the API
   * server acts on it at once, so the invariant is judged again right away.
   */
  Optional<Violation> edit(Consumer<MapView> change) {
    change.accept(view);
    kubelet.observe(view, now);
    invariant.refresh(view);
    return check();
  }

  /**
   * Runs the clock to {@code end}, or to the first violation of the invariant that is not
   * tolerated, which it returns.
   */
  Optional<Violation> runUntil(Instant end) {
    while (true) {
      Instant delivery = kubelet.nextDelivery().orElse(Instant.MAX);
      boolean deliver =
          !delivery.isAfter(nextReconcile); // at the same instant, the kubelet goes first
      Instant next = deliver ? delivery : nextReconcile;
      if (next.isAfter(end)) {
        now = end;
        return Optional.empty();
      }
      now = next;
      if (deliver) {
        kubelet.deliverNext();
      } else {
        reconcile();
      }
      Optional<Violation> v = check();
      if (v.isPresent()) {
        return v;
      }
    }
  }

  private void reconcile() {
    reconciles++;
    Phase dieInto = crashes.peek();
    Phase before = phase;
    Predicate<Write> dies =
        w -> dieInto != null && dieInto != before && dieInto == caPhaseWritten(w);
    List<Write> writes = engines.get(leader).converge(now, dies);
    boolean died = !writes.isEmpty() && dies.test(writes.get(writes.size() - 1));
    account(writes, identities.get(leader), tookOver);
    tookOver = died;
    if (!writes.isEmpty()) { // nothing else changes what the API server or the kubelet read
      kubelet.observe(view, now);
      invariant.refresh(view);
      trackCa();
    }
    if (died) {
      crashes.poll();
      int next = (leader + 1) % engines.size();
      failovers.add(new Failover(now, identities.get(leader), identities.get(next), dieInto));
      leader = next;
      nextReconcile =
          now.plus(options.leaseDuration()); // nobody reconciles until the lease runs out
    } else {
      nextReconcile = now.plus(config.tick());
    }
  }

  private Optional<Violation> check() {
    checkInstants++;
    Instant until =
        kubelet.nextDelivery().filter(d -> d.isBefore(nextReconcile)).orElse(nextReconcile);
    for (Mount m : servers) {
      Pem served = kubelet.seen(m, "tls.crt");
      if (served != null && !served.certs().isEmpty()) {
        Duration left = Duration.between(now, served.certs().get(0).getNotAfter().toInstant());
        if (left.compareTo(leastLifeLeft) < 0) {
          leastLifeLeft = left;
        }
      }
    }
    for (Violation v : invariant.check(now, until, phaseLabel)) {
      if (!tolerated.test(v)) {
        return Optional.of(v);
      }
      toleratedSeen.add(v);
    }
    return Optional.empty();
  }

  /**
   * Counts what a converge wrote, and notes a flap: a converge that stepped no CA and issued no
   * certificate but still wrote something (between rotations, a converge writes nothing but
   * renewals), or one that issued a Secret twice. A new leader's first converge after a crash may
   * finish what the dead one's CA step started.
   */
  private void account(List<Write> writes, String by, boolean finishesACrashedConverge) {
    if (writes.isEmpty()) {
      return;
    }
    writingReconciles++;
    writesBy.merge(by, writes.size(), Integer::sum);
    boolean caStep = false;
    List<String> other = new ArrayList<>();
    Set<String> issuedNow = new LinkedHashSet<>();
    for (Write w : writes) {
      if (isCaSecret(w)) {
        caWrites++;
        caStep = true;
      } else if (w.object() instanceof Secret s
          && (w.reason().equals("Issued") || w.reason().equals("Reissued"))) {
        String name = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
        issuedPerSecret.merge(name, 1, Integer::sum);
        String reason = s.getMetadata().getAnnotations().get(Annotations.ISSUE_REASON);
        issueReasons.merge(reason, 1, Integer::sum);
        issuances.add(new Issuance(now, name, reason, by));
        if (!issuedNow.add(name)) {
          flaps.add(now + ": Secret " + name + " issued twice in one converge");
        }
      } else {
        other.add(
            w.reason() + " " + w.object().getKind() + " " + w.object().getMetadata().getName());
      }
    }
    if (!caStep && !other.isEmpty() && !finishesACrashedConverge) {
      flaps.add(now + " (CA phase " + phaseLabel + "): no CA step and no issuance, yet " + other);
    }
  }

  private void trackCa() {
    Optional<Secret> found = view.get(Secret.class, options.namespace(), options.caSecretName());
    if (found.isEmpty() || found.get().getMetadata().getResourceVersion().equals(caVersion)) {
      return;
    }
    Secret ca = found.get();
    caVersion = ca.getMetadata().getResourceVersion();
    X509Certificate signer = pems.of(decoded(ca, "tls.crt")).certs().get(0);
    cas.note(signer);
    signers.add(signer);
    if (ca.getData().containsKey("next.crt")) {
      cas.note(pems.of(decoded(ca, "next.crt")).certs().get(0));
    }
    Map<String, String> ann = ca.getMetadata().getAnnotations();
    Phase p = Phase.valueOf(ann.get(Annotations.CA_PHASE));
    phaseLabel =
        p + " since " + ann.get(Annotations.CA_PHASE_SINCE) + ", signer " + cas.name(signer);
    if (p != phase) {
      phaseChanges.add(new PhaseChange(now, phase, p));
      phase = p;
    }
  }

  private boolean isCaSecret(Write w) {
    return w.object() instanceof Secret
        && options.namespace().equals(w.object().getMetadata().getNamespace())
        && options.caSecretName().equals(w.object().getMetadata().getName());
  }

  /** The phase a write of the CA Secret records; null for any other write. */
  private Phase caPhaseWritten(Write w) {
    if (!isCaSecret(w) || w instanceof Write.Delete) {
      return null;
    }
    Map<String, String> ann = w.object().getMetadata().getAnnotations();
    return ann == null || ann.get(Annotations.CA_PHASE) == null
        ? null
        : Phase.valueOf(ann.get(Annotations.CA_PHASE));
  }

  private static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.US_ASCII);
  }

  // ---- what the tests read

  Instant now() {
    return now;
  }

  MapView view() {
    return view;
  }

  ControllerOptions options() {
    return options;
  }

  Phase phase() {
    return phase;
  }

  List<PhaseChange> phaseChanges() {
    return List.copyOf(phaseChanges);
  }

  /** Every certificate that signed, in order. */
  List<X509Certificate> signers() {
    return List.copyOf(signers);
  }

  List<Failover> failovers() {
    return List.copyOf(failovers);
  }

  Map<String, Integer> issuedPerSecret() {
    return Map.copyOf(issuedPerSecret);
  }

  Map<String, Integer> issueReasons() {
    return Map.copyOf(issueReasons);
  }

  List<Issuance> issuances() {
    return List.copyOf(issuances);
  }

  /** How many writes each controller instance made. */
  Map<String, Integer> writesBy() {
    return Map.copyOf(writesBy);
  }

  List<String> flaps() {
    return List.copyOf(flaps);
  }

  List<Violation> tolerated() {
    return List.copyOf(toleratedSeen);
  }

  long reconciles() {
    return reconciles;
  }

  long writingReconciles() {
    return writingReconciles;
  }

  long caWrites() {
    return caWrites;
  }

  long checkInstants() {
    return checkInstants;
  }

  long pairChecks() {
    return invariant.pairChecks();
  }

  long verifierCalls() {
    return invariant.verifierCalls();
  }

  Kubelet kubelet() {
    return kubelet;
  }

  int casMade() {
    return cas.count();
  }

  /** The least time left before expiry of any certificate a pod served at any instant. */
  Duration leastLifeLeft() {
    return leastLifeLeft;
  }
}
