package io.certmedic.controller;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.engine.Caches;
import io.certmedic.controller.engine.Engine;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Leadership;
import io.certmedic.controller.engine.ReconcileListener;
import io.certmedic.controller.engine.Router;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.WorkQueue;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.health.HttpEndpoints;
import io.certmedic.controller.log.Log;
import io.certmedic.controller.log.Slf4jBridge;
import io.certmedic.controller.metrics.CacheDoctor;
import io.certmedic.controller.metrics.ControllerMetrics;
import io.certmedic.controller.reconcile.Routes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The controller, wired: informer caches feed the work queue through the {@link Routes}; the
 * engine's workers run the reconcilers and write while this replica holds the Lease; the doctor
 * runs over the caches on a schedule; /metrics, /healthz and /readyz serve from the caches. {@link
 * #start} returns once the caches have synced; {@link #close} stops it all.
 */
public final class Controller implements AutoCloseable {

  /** How long start-up waits for the first list of every kind before giving up (exit 2). */
  public static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  /**
   * /healthz fails when keys waited this long while no reconcile finished: far above the slowest
   * reconcile (an RSA-4096 key is seconds), below the kubelet's patience with a wedged process.
   */
  public static final Duration STALL_AFTER = Duration.ofMinutes(5);

  private final Log log;
  private final Caches caches;
  private final Engine engine;
  private final Leadership leadership;
  private final HttpEndpoints endpoints;
  private final ScheduledExecutorService scheduler;
  private final CacheDoctor doctor;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private WorkQueue queue;
  private Routes routes;

  private Controller(
      Log log,
      Caches caches,
      Engine engine,
      Leadership leadership,
      HttpEndpoints endpoints,
      ScheduledExecutorService scheduler,
      CacheDoctor doctor) {
    this.log = log;
    this.caches = caches;
    this.engine = engine;
    this.leadership = leadership;
    this.endpoints = endpoints;
    this.scheduler = scheduler;
    this.doctor = doctor;
  }

  /**
   * Starts everything; returns once the caches have synced and the replica is campaigning.
   *
   * @throws IOException when a port cannot be bound
   * @throws IllegalStateException when the caches do not sync within {@link #SYNC_TIMEOUT}
   */
  public static Controller start(
      KubernetesClient client, ControllerOptions options, Clock clock, PrintStream err)
      throws IOException, InterruptedException {
    requireNonNull(client, "client == null");
    Log log = Log.create(options.logFormat(), err, clock);
    Slf4jBridge.route(log);
    WorkQueue queue = WorkQueue.create();
    Routes routes = new Routes(options);
    AtomicReference<Caches> cachesRef = new AtomicReference<>();
    Router router =
        new Router() {
          @Override
          public Collection<Key> keysFor(HasMetadata object, View view) {
            watchSources(object, cachesRef.get());
            return routes.keysFor(object, view);
          }

          @Override
          public Collection<Key> allKeys(View view) {
            return routes.allKeys(view);
          }
        };
    AtomicReference<Caches.Listener> listFailures = new AtomicReference<>(Caches.Listener.NONE);
    Caches caches =
        new Caches(client, options, router, queue, f -> listFailures.get().listFailed(f));
    cachesRef.set(caches);
    AtomicReference<Engine> engineRef = new AtomicReference<>();
    CacheDoctor doctor = new CacheDoctor(caches, options, log);
    ControllerMetrics metrics =
        new ControllerMetrics(
            caches,
            options,
            doctor::last,
            () -> engineRef.get() != null && engineRef.get().isLeading());
    ReconcileListener listener =
        (key, result, took, writes) -> {
          metrics.reconciled(result, took);
          for (Write w : writes) {
            if (w.object() instanceof Secret s
                && s.getMetadata().getAnnotations() != null
                && ("Issued".equals(w.reason()) || "Reissued".equals(w.reason()))) {
              String reason = s.getMetadata().getAnnotations().get(Annotations.ISSUE_REASON);
              if (reason != null) {
                metrics.reissued(reason);
              }
            }
          }
        };
    var writer = new io.certmedic.controller.engine.Writer(client, options.identity(), clock);
    listFailures.set(new ListFailureReporter(metrics, writer, options));
    Engine engine =
        new Engine(
            Routes.reconcilers(options, new SecureRandom()),
            caches,
            routes,
            queue,
            writer,
            clock,
            options.workers(),
            listener);
    engineRef.set(engine);
    HttpEndpoints endpoints =
        HttpEndpoints.start(
            options, metrics.registry(), () -> engine.sickness(STALL_AFTER), caches::notReady);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "certmedic-doctor");
              t.setDaemon(true);
              return t;
            });
    Leadership leadership = new Leadership(client, options, engine);
    Controller c = new Controller(log, caches, engine, leadership, endpoints, scheduler, doctor);
    c.queue = queue;
    c.routes = routes;
    try {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("namespace", options.namespace());
      f.put("identity", options.identity());
      f.put("metrics", endpoints.metricsPort());
      f.put("health", endpoints.healthPort());
      log.info("starting", f);
      caches.start();
      if (!caches.awaitSynced(SYNC_TIMEOUT)) {
        throw new IllegalStateException(
            "the informer caches did not sync within "
                + SYNC_TIMEOUT.toSeconds()
                + "s; check the API server and RBAC"
                + (caches.unavailable().isEmpty()
                    ? ""
                    : " (unavailable: " + caches.unavailable() + ")"));
      }
      if (!caches.unavailable().isEmpty()) {
        log.warn(
            "some kinds cannot be watched; they read as empty",
            new LinkedHashMap<>(caches.unavailable()));
      }
      engine.start();
      leadership.start();
      doctor.start(scheduler, clock);
      log.info("ready", Map.of("leaderElection", options.leaderElect()));
      return c;
    } catch (InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Objects naming another Secret's ca.crt get that Secret watched, so its changes reach them. */
  private static void watchSources(HasMetadata o, Caches caches) {
    String from =
        o.getMetadata() == null || o.getMetadata().getAnnotations() == null
            ? null
            : o.getMetadata().getAnnotations().get(Annotations.INJECT_CABUNDLE_FROM);
    if (from == null || caches == null) {
      return;
    }
    String[] p = from.trim().split("/", -1);
    if (p.length == 2 && !p[0].isBlank() && !p[1].isBlank()) {
      caches.watchSecret(p[0].trim(), p[1].trim());
    }
  }

  public int metricsPort() {
    return endpoints.metricsPort();
  }

  public int healthPort() {
    return endpoints.healthPort();
  }

  /** True while this replica holds the Lease and writes. */
  public boolean isLeader() {
    return engine.isLeading();
  }

  /** The informer caches: what the reconcilers, the doctor and the metrics read. */
  public View view() {
    return caches;
  }

  /**
   * Queues every key now, as a new leader does. Time-driven work (renewals, rotation steps) is
   * queued for when it falls due; a test whose clock jumps ahead calls this instead of waiting.
   */
  void resync() {
    routes.allKeys(caches).forEach(queue::add);
  }

  /** Runs the doctor over the caches now, as its schedule does every --doctor-interval. */
  void runDoctor(java.time.Instant at) {
    doctor.run(at);
  }

  /** Blocks until {@link #close} has run (SIGTERM's shutdown hook calls it). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Steps down (releasing the Lease), stops the workers, the informers and the endpoints. */
  @Override
  public void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      leadership.close();
      engine.close();
      scheduler.shutdownNow();
      caches.close();
      endpoints.close();
      log.info("stopped");
    } finally {
      stopped.countDown();
    }
  }
}
