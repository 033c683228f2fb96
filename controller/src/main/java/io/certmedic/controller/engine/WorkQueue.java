package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys waiting to be reconciled, as client-go's rate-limited delaying work queue keeps them.
 *
 * <ul>
 *   <li>A key is held at most once: adding a queued key again does nothing.
 *   <li>A key being processed (taken, not yet {@link #done}) is never handed to a second worker;
 *       added again meanwhile, it is queued once more when the first worker is done with it.
 *   <li>{@link #addAfter} holds a key back until its delay has passed, keeping the earliest time
 *       when it is delayed twice; {@link #addRateLimited} delays it by a per-key backoff that
 *       doubles with each failure ({@link #BASE_DELAY} up to {@link #MAX_DELAY}) until {@link
 *       #forget} resets it.
 * </ul>
 *
 * <p>A worker loops {@code take()}, reconcile, {@code done(key)}. Time is read from a {@link
 * Ticker}, so tests move it by hand and {@link #poll()} without sleeping.
 */
public final class WorkQueue {

  /**
   * The first retry of a failing key waits this long, as client-go's per-item limiter starts small.
   */
  public static final Duration BASE_DELAY = Duration.ofMillis(100);

  /** Each further failure doubles the wait. */
  public static final int BACKOFF_FACTOR = 2;

  /**
   * The wait stops growing here (client-go's controller default caps at 1000 s; five minutes
   * retries sooner).
   */
  public static final Duration MAX_DELAY = Duration.ofMinutes(5);

  /** A monotonic source of nanoseconds: {@code System::nanoTime}, or a hand-moved one in tests. */
  @FunctionalInterface
  public interface Ticker {
    long nanos();

    static Ticker system() {
      return System::nanoTime;
    }
  }

  private record Delayed(long readyAt, long seq, Key key) {}

  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Key> queue = new ArrayDeque<>();
  private final Set<Key> dirty = new HashSet<>();
  private final Set<Key> processing = new HashSet<>();
  private final PriorityQueue<Delayed> delayed =
      new PriorityQueue<>(
          (a, b) ->
              a.readyAt != b.readyAt
                  ? Long.compare(a.readyAt - b.readyAt, 0)
                  : Long.compare(a.seq, b.seq));
  private final Map<Key, Delayed> waiting = new HashMap<>();
  private final Map<Key, Integer> failures = new HashMap<>();
  private long seq;
  private boolean shuttingDown;

  private WorkQueue(Ticker ticker) {
    this.ticker = requireNonNull(ticker, "ticker == null");
  }

  /** A queue on the system's monotonic clock. */
  public static WorkQueue create() {
    return new WorkQueue(Ticker.system());
  }

  /** A queue reading time from {@code ticker} (tests). */
  public static WorkQueue withTicker(Ticker ticker) {
    return new WorkQueue(ticker);
  }

  /** Queues {@code key} unless it is queued already; after shutdown, does nothing. */
  public void add(Key key) {
    requireNonNull(key, "key == null");
    lock.lock();
    try {
      addLocked(key);
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code key} once {@code delay} has passed (at once when it is zero or negative). */
  public void addAfter(Key key, Duration delay) {
    requireNonNull(key, "key == null");
    requireNonNull(delay, "delay == null");
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      if (delay.isZero() || delay.isNegative()) {
        addLocked(key);
        return;
      }
      long readyAt = ticker.nanos() + saturatedNanos(delay);
      Delayed before = waiting.get(key);
      if (before != null && before.readyAt - readyAt <= 0) {
        return; // already due no later than this
      }
      if (before != null) {
        delayed.remove(before);
      }
      Delayed d = new Delayed(readyAt, seq++, key);
      waiting.put(key, d);
      delayed.add(d);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues {@code key} after its backoff, and doubles the backoff for next time; returns the wait.
   */
  public Duration addRateLimited(Key key) {
    requireNonNull(key, "key == null");
    Duration wait;
    lock.lock();
    try {
      int n = failures.getOrDefault(key, 0);
      wait = backoff(n);
      failures.put(key, n + 1);
    } finally {
      lock.unlock();
    }
    addAfter(key, wait);
    return wait;
  }

  /** Resets {@code key}'s backoff: its next failure waits {@link #BASE_DELAY} again. */
  public void forget(Key key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** How many times in a row {@code key} was added rate-limited since it was last forgotten. */
  public int failures(Key key) {
    lock.lock();
    try {
      return failures.getOrDefault(key, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The wait after {@code failures} failures: {@code BASE_DELAY * 2^failures}, at most {@link
   * #MAX_DELAY}.
   */
  public static Duration backoff(int failures) {
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative, got " + failures);
    }
    Duration d = BASE_DELAY;
    for (int i = 0; i < failures; i++) {
      d = d.multipliedBy(BACKOFF_FACTOR);
      if (d.compareTo(MAX_DELAY) >= 0) {
        return MAX_DELAY;
      }
    }
    return d;
  }

  /**
   * The next key to process, waiting for one; empty once the queue is shut down. The caller must
   * call {@link #done} with it.
   */
  public Optional<Key> take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        promoteDue();
        if (!queue.isEmpty()) {
          return Optional.of(hand(queue.poll()));
        }
        if (shuttingDown) {
          return Optional.empty();
        }
        Delayed next = delayed.peek();
        if (next == null) {
          changed.await();
        } else {
          changed.awaitNanos(Math.max(1, next.readyAt - ticker.nanos()));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next key due now, without waiting: empty when none is. The caller must call {@link #done}
   * with it.
   */
  public Optional<Key> poll() {
    lock.lock();
    try {
      promoteDue();
      return queue.isEmpty() ? Optional.empty() : Optional.of(hand(queue.poll()));
    } finally {
      lock.unlock();
    }
  }

  /** Marks {@code key} processed; if it was added meanwhile, it is queued again. */
  public void done(Key key) {
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key)) {
        queue.add(key);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keys ready to be taken now (not counting the delayed ones nor those being processed). */
  public int size() {
    lock.lock();
    try {
      promoteDue();
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys held back by {@link #addAfter} or {@link #addRateLimited} and not yet due. */
  public int delayedSize() {
    lock.lock();
    try {
      promoteDue();
      return delayed.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking new keys; {@link #take} hands out what is queued, then returns empty. Delayed keys
   * are dropped.
   */
  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      delayed.clear();
      waiting.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isShutDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  private void addLocked(Key key) {
    if (shuttingDown || !dirty.add(key)) {
      return;
    }
    if (processing.contains(key)) {
      return; // queued again by done()
    }
    queue.add(key);
    changed.signalAll();
  }

  private Key hand(Key key) {
    dirty.remove(key);
    processing.add(key);
    return key;
  }

  private void promoteDue() {
    long now = ticker.nanos();
    Delayed d;
    while ((d = delayed.peek()) != null && d.readyAt - now <= 0) {
      delayed.poll();
      waiting.remove(d.key);
      addLocked(d.key);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return TimeUnit.DAYS.toNanos(365L * 100);
    }
  }
}
