package io.certmedic.controller.engine;

import io.certmedic.controller.ControllerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One controller replica wired as the controller's main would wire it, on its own client to the
 * mock server (User-Agent {@link #USER_AGENT}, so {@code RbacAudit} can tell its calls apart).
 */
final class Replica implements AutoCloseable {

  static final String USER_AGENT = "certmedic-controller-test";

  /** One reconcile as the engine reported it. */
  record Done(Key key, String result, Duration took, List<Write> writes) {}

  final KubernetesClient client;
  final ControllerOptions options;
  final WorkQueue queue;
  final Caches caches;
  final Writer writer;
  final Engine engine;
  final Leadership leadership;
  final List<Done> done = Collections.synchronizedList(new ArrayList<>());

  private Replica(
      KubernetesMockServer server,
      ControllerOptions options,
      Router router,
      Map<String, Reconciler> reconcilers,
      Clock clock) {
    this.options = options;
    this.client =
        server.createClient(b -> b.editOrNewConfig().withUserAgent(USER_AGENT).endConfig());
    this.queue = WorkQueue.create();
    this.caches = new Caches(client, options, router, queue);
    this.writer = new Writer(client, options.identity(), clock);
    this.engine =
        new Engine(
            reconcilers,
            caches,
            router,
            queue,
            writer,
            clock,
            options.workers(),
            (key, result, took, writes) -> done.add(new Done(key, result, took, writes)));
    this.leadership = new Leadership(client, options, engine);
  }

  /**
   * How long a replica waits for its first sync: a bound, not a measure (a loaded 2-core machine
   * has taken over 10 s); a sync that never comes still fails.
   */
  private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

  /** Starts caches, waits for them, then the engine and the election. */
  static Replica start(
      KubernetesMockServer server,
      ControllerOptions options,
      Router router,
      Map<String, Reconciler> reconcilers,
      Clock clock)
      throws InterruptedException {
    Replica r = new Replica(server, options, router, reconcilers, clock);
    r.caches.start();
    if (!r.caches.awaitSynced(SYNC_WAIT)) {
      throw new AssertionError("caches did not sync: " + r.caches.unavailable());
    }
    r.engine.start();
    r.leadership.start();
    return r;
  }

  List<String> results() {
    synchronized (done) {
      return done.stream().map(Done::result).toList();
    }
  }

  @Override
  public void close() {
    leadership.close();
    engine.close();
    caches.close();
    client.close();
  }
}
