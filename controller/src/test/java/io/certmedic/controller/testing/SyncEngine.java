package io.certmedic.controller.testing;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.reconcile.Routes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The controller's reconcilers and routes driven synchronously over a {@link MapView}: what the
 * engine does, minus threads, informers and HTTP. Each write routes its object's keys back into the
 * queue, as an informer event would.
 */
public final class SyncEngine {

  /**
   * Stops a reconcile loop that never settles: a flapping reconciler is a bug the test must see.
   */
  static final int MAX_ROUNDS = 10_000;

  private final MapView view;
  private final Map<String, Reconciler> reconcilers;
  private final Routes routes;
  private final List<Result.Problem> problems = new ArrayList<>();

  public SyncEngine(MapView view, ControllerOptions options, SecureRandom random) {
    this.view = view;
    this.reconcilers = Routes.reconcilers(options, random);
    this.routes = new Routes(options);
  }

  /** Reconciles every key until nothing is written; returns the writes made. */
  public List<Write> converge(Instant now) {
    return drain(new LinkedHashSet<>(routes.allKeys(view)), now);
  }

  /**
   * Converges as {@link #converge(Instant)} does, but the process dies right after making the first
   * write {@code lastWrite} accepts: nothing after it is reconciled. Failover tests use it to stop
   * a leader between a step and the writes that follow it. The write that stopped it is the last
   * one returned.
   */
  public List<Write> converge(Instant now, Predicate<Write> lastWrite) {
    return drain(new LinkedHashSet<>(routes.allKeys(view)), now, lastWrite);
  }

  /** Reconciles {@code start} and whatever its writes make due, until nothing is written. */
  public List<Write> drain(Set<Key> start, Instant now) {
    return drain(start, now, w -> false);
  }

  private List<Write> drain(Set<Key> start, Instant now, Predicate<Write> lastWrite) {
    Deque<Key> queue = new ArrayDeque<>(start);
    Set<Key> queued = new LinkedHashSet<>(start);
    List<Write> made = new ArrayList<>();
    int rounds = 0;
    while (!queue.isEmpty()) {
      if (++rounds > MAX_ROUNDS) {
        throw new AssertionError(
            "no convergence after "
                + MAX_ROUNDS
                + " reconciles; last writes: "
                + made.subList(Math.max(0, made.size() - 5), made.size()));
      }
      Key k = queue.poll();
      queued.remove(k);
      Reconciler r = reconcilers.get(k.kind());
      if (r == null) {
        continue;
      }
      Result res = r.reconcile(k, view, now);
      problems.addAll(res.problems());
      for (Write w : res.writes()) {
        view.apply(w);
        made.add(w);
        if (lastWrite.test(w)) {
          return made;
        }
        Set<Key> due = new LinkedHashSet<>(routes.keysFor(w.object(), view));
        if (!(w instanceof Write.Delete)) {
          due.add(Key.of(w.object())); // an informer would deliver the object's own event too
        }
        for (Key next : due) {
          if (queued.add(next)) {
            queue.add(next);
          }
        }
      }
    }
    return made;
  }

  /** Every problem reported so far. */
  public List<Result.Problem> problems() {
    return List.copyOf(problems);
  }

  public MapView view() {
    return view;
  }
}
