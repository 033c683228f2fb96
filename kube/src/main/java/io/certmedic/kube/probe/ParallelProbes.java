package io.certmedic.kube.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs probes on a bounded pool of daemon threads and waits for them within an overall deadline, so
 * one run cannot hang on a server that never answers: a probe still running at the deadline is
 * cancelled and answered by {@code late}.
 */
final class ParallelProbes {

  /**
   * Probes run at most this many at a time: enough to finish a large cluster quickly, few enough
   * not to flood the API server with port-forwards.
   */
  static final int MAX_PARALLEL = 8;

  /** Extra time, on top of the probes' own bounds, before the run gives up on stragglers. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private ParallelProbes() {}

  /**
   * Runs every task, at most {@code parallel} at a time. Each task bounds itself by {@code perTask}
   * (connect, then handshake); the whole run by the waves it needs times that.
   */
  static <T> List<T> run(
      List<Callable<T>> tasks, int parallel, Duration perTask, Function<Integer, T> late) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    int threads = Math.max(1, Math.min(parallel, tasks.size()));
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "certmedic-probe-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      long waves = (tasks.size() + threads - 1) / threads;
      Duration deadline = perTask.multipliedBy(2).multipliedBy(waves).plus(GRACE);
      List<Future<T>> futures = pool.invokeAll(tasks, deadline.toMillis(), TimeUnit.MILLISECONDS);
      List<T> out = new ArrayList<>(tasks.size());
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (CancellationException e) {
          out.add(late.apply(i));
        } catch (ExecutionException e) {
          throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      List<T> out = new ArrayList<>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        out.add(late.apply(i));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
