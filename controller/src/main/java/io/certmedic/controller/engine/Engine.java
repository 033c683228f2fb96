package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconcilers: worker threads take keys from the {@link WorkQueue}, hand each to the
 * {@link Reconciler} registered for its kind with the {@link View} and the time, and make the
 * writes it returns with the {@link Writer}.
 *
 * <ul>
 *   <li>Success forgets the key's backoff and, when the result asks, looks again later.
 *   <li>A conflict (409), any other API error, and a reconciler that throws requeue the key with
 *       backoff; a worker never dies of a reconcile.
 *   <li>Only the leader reconciles. A standby's informers keep its caches warm and its queue
 *       filled, but its workers wait; on becoming the leader it queues every key the {@link Router}
 *       knows ({@link Router#allKeys}).
 * </ul>
 */
public final class Engine implements Leadership.Listener, AutoCloseable {

  /** How long {@link #close()} waits for a reconcile in progress to finish its writes. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final Map<String, Reconciler> reconcilers;
  private final View view;
  private final Router router;
  private final WorkQueue queue;
  private final Writer writer;
  private final Clock clock;
  private final int workers;
  private final ReconcileListener listener;
  private final Object leadership = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean leading;
  private volatile boolean closed;
  private volatile String died;
  private volatile long progressAt = System.nanoTime();

  /**
   * @param reconcilers by the kind of key they reconcile ({@link Key#kind()})
   * @param clock the {@code now} each reconcile is given
   * @param workers how many keys are reconciled at once ({@code ControllerOptions.workers()})
   * @param listener told about each reconcile (metrics); {@link ReconcileListener#NONE} for none
   */
  public Engine(
      Map<String, Reconciler> reconcilers,
      View view,
      Router router,
      WorkQueue queue,
      Writer writer,
      Clock clock,
      int workers,
      ReconcileListener listener) {
    this.reconcilers = Map.copyOf(reconcilers);
    this.view = requireNonNull(view, "view == null");
    this.router = requireNonNull(router, "router == null");
    this.queue = requireNonNull(queue, "queue == null");
    this.writer = requireNonNull(writer, "writer == null");
    this.clock = requireNonNull(clock, "clock == null");
    this.listener = requireNonNull(listener, "listener == null");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    this.workers = workers;
  }

  /** Starts the worker threads; they wait until this replica leads. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the engine is closed");
    }
    if (!threads.isEmpty()) {
      return;
    }
    for (int i = 1; i <= workers; i++) {
      Thread t = new Thread(this::work, "certmedic-reconcile-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    progressAt = System.nanoTime();
  }

  /**
   * Why this engine is sick, or empty when it is well: the controller's {@code /healthz}. Sick when
   * a reconcile worker died (an Error escaped a reconcile), or when this replica leads, keys are
   * ready in the queue, and for {@code stallAfter} no worker took a key nor finished a reconcile
   * (every worker stuck in a reconcile that never returns).
   */
  public Optional<String> sickness(Duration stallAfter) {
    return sickness(stallAfter, System.nanoTime());
  }

  Optional<String> sickness(Duration stallAfter, long nowNanos) {
    String dead = died;
    if (dead != null) {
      return Optional.of(dead);
    }
    List<Thread> started;
    synchronized (this) {
      started = List.copyOf(threads);
    }
    if (!closed) {
      for (Thread t : started) {
        if (!t.isAlive()) {
          return Optional.of("reconcile worker " + t.getName() + " is not running");
        }
      }
    }
    long idle = nowNanos - progressAt;
    if (leading && !closed && queue.size() > 0 && idle > stallAfter.toNanos()) {
      return Optional.of(
          "no reconcile finished for "
              + Duration.ofNanos(idle).toSeconds()
              + "s while "
              + queue.size()
              + " keys wait: every reconcile worker is stuck");
    }
    return Optional.empty();
  }

  /** True while this replica leads and so reconciles and writes. */
  public boolean isLeading() {
    return leading;
  }

  /** Called by {@link Leadership}: reconcile everything the caches hold, then whatever changes. */
  @Override
  public void startedLeading() {
    synchronized (leadership) {
      leading = true;
      progressAt = System.nanoTime();
      leadership.notifyAll();
    }
    try {
      Collection<Key> keys = router.allKeys(view);
      keys.forEach(queue::add);
      log.info("leading: queued {} keys", keys.size());
    } catch (RuntimeException e) {
      log.error("listing the keys to reconcile failed; only changed objects are reconciled", e);
    }
  }

  /** Called by {@link Leadership}: stop writing; a reconcile in progress makes no further write. */
  @Override
  public void stoppedLeading() {
    synchronized (leadership) {
      leading = false;
    }
    log.info("not leading: reconciles paused");
  }

  /**
   * Stops the workers, waiting up to {@link #SHUTDOWN_GRACE} for reconciles in progress (less if
   * interrupted).
   */
  @Override
  public void close() {
    List<Thread> running;
    synchronized (this) {
      closed = true;
      running = List.copyOf(threads);
    }
    queue.shutDown();
    synchronized (leadership) {
      leadership.notifyAll();
    }
    long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
    try {
      for (Thread t : running) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (t.isAlive()) {
          log.warn("{} is still reconciling after {}; leaving it", t.getName(), SHUTDOWN_GRACE);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    try {
      while (awaitLeading()) {
        Optional<Key> next = queue.take();
        if (next.isEmpty()) {
          return;
        }
        Key key = next.get();
        progressAt = System.nanoTime();
        try {
          if (closed) {
            return;
          }
          if (!leading) {
            queue.add(key); // queued again when done: for this replica's next turn as leader
            continue;
          }
          reconcile(key);
        } finally {
          queue.done(key);
          progressAt = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      died = "reconcile worker " + Thread.currentThread().getName() + " died: " + e;
      log.error("{} died", Thread.currentThread().getName(), e);
      throw e;
    }
  }

  private boolean awaitLeading() throws InterruptedException {
    synchronized (leadership) {
      while (!leading && !closed) {
        leadership.wait();
      }
      return !closed;
    }
  }

  /** One reconcile of {@code key}, with its writes; never throws. */
  void reconcile(Key key) {
    long start = System.nanoTime();
    List<Write> made = new ArrayList<>();
    String outcome;
    Reconciler reconciler = reconcilers.get(key.kind());
    if (reconciler == null) {
      log.error(
          "no reconciler for {}: the router queued a kind nobody reconciles ({})",
          key,
          reconcilers.keySet());
      queue.forget(key);
      report(key, ReconcileListener.ERROR, start, made);
      return;
    }
    try {
      Result result = reconciler.reconcile(key, view, clock.instant());
      for (Result.Problem p : result.problems()) {
        writer.warn(p);
      }
      for (Write w : result.writes()) {
        if (!leading) {
          throw new NotLeading();
        }
        writer.apply(w);
        made.add(w);
      }
      queue.forget(key);
      result.requeueAfter().ifPresent(d -> queue.addAfter(key, d));
      outcome = ReconcileListener.SUCCESS;
    } catch (NotLeading e) {
      log.info(
          "{}: not leading any more after {} of its writes; the rest are left to the leader",
          key,
          made.size());
      queue.add(key);
      outcome = ReconcileListener.ERROR;
    } catch (ConflictException e) {
      Duration wait = queue.addRateLimited(key);
      log.info("{}: {}; retrying in {}", key, e.getMessage(), wait);
      outcome = ReconcileListener.CONFLICT;
    } catch (KubernetesClientException e) {
      Duration wait = queue.addRateLimited(key);
      log.warn(
          "{}: the API server refused a write: {}; retrying in {}", key, Writer.reason(e), wait);
      outcome = ReconcileListener.ERROR;
    } catch (RuntimeException e) {
      Duration wait = queue.addRateLimited(key);
      log.error("{}: the reconciler failed; retrying in {}", key, wait, e);
      outcome = ReconcileListener.ERROR;
    }
    report(key, outcome, start, made);
  }

  private void report(Key key, String outcome, long start, List<Write> made) {
    try {
      listener.done(key, outcome, Duration.ofNanos(System.nanoTime() - start), List.copyOf(made));
    } catch (RuntimeException e) {
      log.error("the reconcile listener failed on {}", key, e);
    }
  }

  /** Leadership was lost between two writes of one reconcile. */
  private static final class NotLeading extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotLeading() {
      super(null, null, false, false);
    }
  }
}
