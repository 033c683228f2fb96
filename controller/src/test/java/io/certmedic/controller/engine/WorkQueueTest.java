package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private static final Key A = new Key("Service", "demo", "a");
  private static final Key B = new Key("Service", "demo", "b");

  /** Time that moves only when the test says so. */
  private static final class FakeTicker implements WorkQueue.Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000);

    @Override
    public long nanos() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private final FakeTicker ticker = new FakeTicker();
  private final WorkQueue queue = WorkQueue.withTicker(ticker);

  private Key pollDone() {
    Key k = queue.poll().orElseThrow();
    queue.done(k);
    return k;
  }

  @Test
  void aKeyQueuedTwiceIsProcessedOnce() {
    // Given a key added twice
    queue.add(A);
    queue.add(A);
    // When the queue is drained
    Key first = pollDone();
    // Then it came out once
    assertThat(first).isEqualTo(A);
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void keysComeOutInTheOrderTheyWereAdded() {
    // Given two keys
    queue.add(B);
    queue.add(A);
    queue.add(B);
    // When drained / Then first come, first served, each once
    assertThat(List.of(pollDone(), pollDone())).containsExactly(B, A);
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void aKeyBeingProcessedIsNotHandedOutAgainUntilDone() {
    // Given a worker holding A
    queue.add(A);
    Key held = queue.poll().orElseThrow();
    // When A is added while it is processed
    queue.add(A);
    // Then no second worker gets it now
    assertThat(queue.poll()).isEmpty();
    assertThat(queue.size()).isZero();
    // And it comes out again, once, after the first worker is done
    queue.done(held);
    assertThat(pollDone()).isEqualTo(A);
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void aKeyDoneWithoutBeingAddedAgainIsNotRequeued() {
    // Given A processed
    queue.add(A);
    queue.done(queue.poll().orElseThrow());
    // Then nothing is left
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void addAfterHoldsTheKeyBackUntilItsTime() {
    // Given A added with a one-minute delay
    queue.addAfter(A, Duration.ofMinutes(1));
    // When 59 s pass / Then it is not due
    ticker.advance(Duration.ofSeconds(59));
    assertThat(queue.poll()).isEmpty();
    assertThat(queue.delayedSize()).isOne();
    // When the minute is up / Then it is
    ticker.advance(Duration.ofSeconds(1));
    assertThat(pollDone()).isEqualTo(A);
    assertThat(queue.delayedSize()).isZero();
  }

  @Test
  void aKeyDelayedTwiceKeepsTheEarlierTime() {
    // Given A due in 10 s, then asked for again in 60 s and in 5 s
    queue.addAfter(A, Duration.ofSeconds(10));
    queue.addAfter(A, Duration.ofSeconds(60));
    queue.addAfter(A, Duration.ofSeconds(5));
    // When 5 s pass / Then it comes out, once
    ticker.advance(Duration.ofSeconds(5));
    assertThat(pollDone()).isEqualTo(A);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void addAfterWithNoDelayQueuesAtOnce() {
    queue.addAfter(A, Duration.ZERO);
    assertThat(queue.poll()).contains(A);
  }

  @Test
  void rateLimitedRetriesBackOffExponentiallyFrom100msTo5Minutes() {
    // The schedule, as named constants say
    assertThat(WorkQueue.backoff(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(WorkQueue.backoff(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(WorkQueue.backoff(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(WorkQueue.backoff(11)).isEqualTo(Duration.ofMillis(204_800));
    assertThat(WorkQueue.backoff(12)).isEqualTo(Duration.ofMinutes(5));
    assertThat(WorkQueue.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> WorkQueue.backoff(-1))
        .hasMessage("failures must not be negative, got -1");
  }

  @Test
  void eachFailureDoublesTheWaitOfThatKeyOnly() {
    // Given A failing three times in a row
    for (long waitMs : new long[] {100, 200, 400}) {
      queue.addRateLimited(A);
      // Then it waits 100, 200, 400 ms
      ticker.advance(Duration.ofMillis(waitMs - 1));
      assertThat(queue.poll()).as("before %d ms", waitMs).isEmpty();
      ticker.advance(Duration.ofMillis(1));
      assertThat(pollDone()).isEqualTo(A);
    }
    assertThat(queue.failures(A)).isEqualTo(3);
    // And B, failing for the first time, waits the base delay
    queue.addRateLimited(B);
    ticker.advance(WorkQueue.BASE_DELAY);
    assertThat(pollDone()).isEqualTo(B);
  }

  @Test
  void forgetResetsTheBackoff() {
    // Given A failed twice
    queue.addRateLimited(A);
    queue.addRateLimited(A);
    ticker.advance(Duration.ofSeconds(1));
    pollDone();
    // When it succeeds and is forgotten, then fails again
    queue.forget(A);
    queue.addRateLimited(A);
    // Then it waits the base delay again
    assertThat(queue.failures(A)).isOne();
    ticker.advance(WorkQueue.BASE_DELAY);
    assertThat(pollDone()).isEqualTo(A);
  }

  @Test
  void aDelayedKeyDueWhileProcessingIsProcessedAgainAfterwards() {
    // Given a worker holding A, and A due again in 1 s
    queue.add(A);
    Key held = queue.poll().orElseThrow();
    queue.addAfter(A, Duration.ofSeconds(1));
    // When the second passes while the worker still holds it
    ticker.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isEmpty();
    // Then it comes out once the worker is done
    queue.done(held);
    assertThat(pollDone()).isEqualTo(A);
  }

  @Test
  void shutDownHandsOutWhatIsQueuedThenNothing() throws InterruptedException {
    // Given A queued and B delayed
    queue.add(A);
    queue.addAfter(B, Duration.ofSeconds(1));
    // When the queue shuts down
    queue.shutDown();
    queue.add(B);
    // Then A is still handed out, B never is, and take() returns empty instead of waiting
    assertThat(queue.take()).contains(A);
    queue.done(A);
    ticker.advance(Duration.ofMinutes(1));
    assertThat(queue.take()).isEmpty();
    assertThat(queue.isShutDown()).isTrue();
  }

  @Test
  void takeWaitsForAKeyAndShutDownWakesIt() throws Exception {
    // Given a worker waiting on an empty queue (real threads, real time)
    WorkQueue real = WorkQueue.create();
    List<Optional<Key>> got = Collections.synchronizedList(new ArrayList<>());
    Thread worker =
        new Thread(
            () -> {
              try {
                while (true) {
                  Optional<Key> k = real.take();
                  got.add(k);
                  if (k.isEmpty()) {
                    return;
                  }
                  real.done(k.get());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    worker.start();
    // When a key is added, and one is delayed a little
    real.add(A);
    real.addAfter(B, Duration.ofMillis(50));
    // Then the worker gets both
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
    assertThat(got).containsExactly(Optional.of(A), Optional.of(B));
    // And shutting down wakes it with nothing
    real.shutDown();
    worker.join(5_000);
    assertThat(worker.isAlive()).isFalse();
    assertThat(got).last().isEqualTo(Optional.empty());
  }

  @Test
  void manyWorkersNeverHoldTheSameKeyAtOnce() throws Exception {
    // Given 4 workers and a few keys added over and over
    WorkQueue real = WorkQueue.create();
    ConcurrentHashMap<Key, Boolean> held = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    CountDownLatch stopped = new CountDownLatch(4);
    for (int w = 0; w < 4; w++) {
      new Thread(
              () -> {
                try {
                  Optional<Key> k;
                  while ((k = real.take()).isPresent()) {
                    if (held.putIfAbsent(k.get(), true) != null) {
                      overlaps.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    held.remove(k.get());
                    processed.incrementAndGet();
                    real.done(k.get());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  stopped.countDown();
                }
              })
          .start();
    }
    List<Key> keys = List.of(A, B, new Key("Service", "demo", "c"));
    // When keys are added 3,000 times
    for (int i = 0; i < 3_000; i++) {
      real.add(keys.get(i % keys.size()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> real.size() == 0);
    real.shutDown();
    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    // Then no key was held by two workers at once, and some were processed
    assertThat(overlaps).hasValue(0);
    assertThat(processed.get()).isBetween(keys.size(), 3_000);
  }
}
