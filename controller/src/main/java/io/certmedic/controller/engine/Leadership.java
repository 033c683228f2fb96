package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.ControllerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one replica that writes, with fabric8's {@code LeaderElector} on a
 * coordination.k8s.io/v1 Lease ({@link ControllerOptions#leaseName()} in {@link
 * ControllerOptions#namespace()}, held as {@link ControllerOptions#identity()}), and tells a {@link
 * Listener} (the {@link Engine}) when this replica starts and stops leading.
 *
 * <p>A replica that loses the Lease (it could not renew within the renew deadline) stops leading at
 * once and stands for election again; {@link #close()} releases a held Lease so a standby takes
 * over after one lease duration instead of waiting for it to run out unrenewed. Without leader
 * election ({@link ControllerOptions#leaderElect()} false), {@link #start()} leads at once.
 */
public final class Leadership implements AutoCloseable {

  /** Told when this replica starts and stops leading; each call alternates with the other. */
  public interface Listener {
    void startedLeading();

    void stoppedLeading();
  }

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final KubernetesClient client;
  private final ControllerOptions options;
  private final Listener listener;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicReference<String> leader = new AtomicReference<>();
  private CompletableFuture<?> election;
  private boolean started;
  private volatile boolean closed;

  public Leadership(KubernetesClient client, ControllerOptions options, Listener listener) {
    this.client = requireNonNull(client, "client == null");
    this.options = requireNonNull(options, "options == null");
    this.listener = requireNonNull(listener, "listener == null");
    if (options.leaderElect()) {
      requireNonNull(options.identity(), "leader election needs an identity (the pod name)");
    }
  }

  /** Stands for election (or, without leader election, leads). Returns at once. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    if (!options.leaderElect()) {
      log.info("leader election is off: this replica leads");
      lead();
      return;
    }
    stand();
  }

  /** True while this replica holds the Lease (always, once started, without leader election). */
  public boolean isLeader() {
    return leading.get();
  }

  /** The identity the Lease was last seen held by, if any. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader.get());
  }

  /** Stops leading and releases the Lease if this replica holds it. */
  @Override
  public void close() {
    CompletableFuture<?> e;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      e = election;
    }
    if (e != null) {
      e.cancel(
          true); // the elector releases the Lease and calls onStopLeading before cancel returns
    }
    follow();
  }

  private synchronized void stand() {
    if (closed) {
      return;
    }
    LeaderElectionConfig config =
        new LeaderElectionConfigBuilder()
            .withName(options.leaseName())
            .withLock(new LeaseLock(options.namespace(), options.leaseName(), options.identity()))
            .withLeaseDuration(options.leaseDuration())
            .withRenewDeadline(options.renewDeadline())
            .withRetryPeriod(options.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::follow, this::observed))
            .build();
    log.info(
        "standing for election on Lease {}/{} as {}",
        options.namespace(),
        options.leaseName(),
        options.identity());
    CompletableFuture<?> e = client.leaderElector().withConfig(config).build().start();
    election = e;
    e.whenComplete(
        (v, t) -> {
          follow();
          synchronized (Leadership.this) {
            if (closed || election != e) {
              return;
            }
          }
          if (t != null) {
            log.warn(
                "leader election on Lease {}/{} stopped: {}; standing again",
                options.namespace(),
                options.leaseName(),
                t.toString());
          } else {
            log.warn(
                "lost the Lease {}/{}; standing again", options.namespace(), options.leaseName());
          }
          // wait one retry period, so an elector that fails at once does not spin
          CompletableFuture.runAsync(
              this::stand,
              CompletableFuture.delayedExecutor(
                  options.retryPeriod().toMillis(), TimeUnit.MILLISECONDS));
        });
  }

  private void observed(String identity) {
    leader.set(identity);
    log.info("the leader is now {}", identity);
  }

  private void lead() {
    if (closed) {
      return;
    }
    if (leading.compareAndSet(false, true)) {
      log.info("{} started leading", options.identity());
      listener.startedLeading();
    }
  }

  private void follow() {
    if (leading.compareAndSet(true, false)) {
      log.info("{} stopped leading", options.identity());
      listener.stoppedLeading();
    }
  }
}
