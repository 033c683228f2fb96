package io.certmedic.controller.engine;

import static io.certmedic.controller.engine.FakeServing.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.engine.testing.RbacAudit;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EngineTest {

  private static final Duration WAIT = Duration.ofSeconds(30); // a bound, not a measure
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<Replica> replicas = new ArrayList<>();

  @AfterEach
  void stopReplicas() {
    for (Replica r : replicas) {
      r.close();
    }
  }

  private Replica start(FakeServing reconciler, String identity, boolean leaderElect, int workers)
      throws InterruptedException {
    Replica r =
        Replica.start(
            server,
            TestOptions.options(identity, leaderElect, workers, List.of()),
            new FakeServing.Routes(),
            Map.of("Service", reconciler),
            CLOCK);
    replicas.add(r);
    return r;
  }

  private Service service(String ns, String name, String secretName) {
    return client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .addToAnnotations(Annotations.SERVING_CERT_SECRET_NAME, secretName)
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(443)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  private Secret secret(String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

  private List<Event> events(String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Test
  void issuesASecretForAnAnnotatedServiceAndRecordsAnEvent() throws Exception {
    // Given a running controller that is the only replica, its calls audited against Rbac
    RbacAudit audit = RbacAudit.of(server, Replica.USER_AGENT, TestOptions.NAMESPACE);
    FakeServing reconciler = new FakeServing();
    Replica r = start(reconciler, "replica-a", false, 2);

    // When a Service asks for a serving cert
    Service svc = service("shop", "web", "web-tls");

    // Then its Secret is created, labelled, with the content the reconciler chose
    await().atMost(WAIT).until(() -> secret("shop", "web-tls") != null);
    Secret s = secret("shop", "web-tls");
    assertThat(s.getMetadata().getLabels()).containsEntry(Annotations.MANAGED_LABEL, "true");
    assertThat(s.getData()).containsEntry("tls.crt", b64("cert-1"));
    // And a Normal Event on the Secret says so, naming the object it was written as
    await().atMost(WAIT).until(() -> events("shop", FakeServing.ISSUED).size() == 1);
    Event e = events("shop", FakeServing.ISSUED).get(0);
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getMessage()).isEqualTo("issued Secret web-tls for Service web");
    assertThat(e.getSource().getComponent()).isEqualTo("certmedic-controller");
    assertThat(e.getReportingInstance()).isEqualTo("replica-a");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Secret");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("v1");
    assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("shop");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("web-tls");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo(s.getMetadata().getUid());
    assertThat(e.getInvolvedObject().getResourceVersion())
        .isEqualTo(s.getMetadata().getResourceVersion());
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-01T10:00:00Z");
    // And the reconcile reported success with its one write
    await().atMost(WAIT).until(() -> r.done.stream().anyMatch(d -> !d.writes().isEmpty()));
    assertThat(r.done)
        .filteredOn(d -> !d.writes().isEmpty())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo(new Key("Service", "shop", "web"));
              assertThat(d.result()).isEqualTo(ReconcileListener.SUCCESS);
              assertThat(d.writes()).singleElement().isInstanceOf(Write.Create.class);
            });

    // When the informer shows the new Secret, which routes back to the Service
    await().atMost(WAIT).until(() -> reconciler.calls.get() >= 2);
    Thread.sleep(200); // let any further reconcile run; none may write
    // Then it is not written again: one Secret, one Event
    assertThat(client.secrets().inNamespace("shop").list().getItems()).hasSize(1);
    assertThat(events("shop", FakeServing.ISSUED)).hasSize(1);
    assertThat(svc.getMetadata().getUid())
        .isEqualTo(s.getMetadata().getAnnotations().get(Annotations.ORIGINATING_SERVICE_UID));

    // And every call the controller made is one Rbac allows
    List<RbacAudit.Call> calls = audit.assertAllowed();
    assertThat(calls).extracting(RbacAudit.Call::verb).contains("list", "watch", "create");
    assertThat(calls)
        .anySatisfy(c -> assertThat(c.toString()).startsWith("create secrets in shop"));
    assertThat(calls).anySatisfy(c -> assertThat(c.toString()).startsWith("create events in shop"));
  }

  @Test
  void aStaleUpdateConflictsAndIsRetriedFromTheFreshCache() throws Exception {
    // Given a Service whose issued Secret holds an old certificate
    Service svc = service("shop", "web", "web-tls");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web-tls")
                .addToLabels(Annotations.MANAGED_LABEL, "true")
                .addToAnnotations(Annotations.ORIGINATING_SERVICE_NAME, "web")
                .endMetadata()
                .addToData("tls.crt", b64("cert-0"))
                .build())
        .create();
    // And someone else changes that Secret just after the first reconcile read it, so its write is
    // stale
    FakeServing reconciler = new FakeServing();
    List<String> staleAt = Collections.synchronizedList(new ArrayList<>());
    reconciler.before =
        (call, key) -> {
          if (call == 1) {
            Secret changed =
                client
                    .secrets()
                    .inNamespace("shop")
                    .withName("web-tls")
                    .edit(
                        s ->
                            new SecretBuilder(s)
                                .editMetadata()
                                .addToLabels("touched-by", "someone-else")
                                .endMetadata()
                                .build());
            staleAt.add(changed.getMetadata().getResourceVersion());
          }
        };

    // When the controller runs with one worker
    Replica r = start(reconciler, "replica-a", false, 1);

    // Then the first update meets a 409 and is reported as a conflict
    await().atMost(WAIT).until(() -> r.results().contains(ReconcileListener.CONFLICT));
    // And a retry reads the changed Secret from the cache and succeeds on top of it
    await()
        .atMost(WAIT)
        .until(() -> b64("cert-1").equals(secret("shop", "web-tls").getData().get("tls.crt")));
    Secret s = secret("shop", "web-tls");
    assertThat(s.getMetadata().getLabels()).containsEntry("touched-by", "someone-else");
    await()
        .atMost(WAIT)
        .until(
            () ->
                r.results()
                    .contains(ReconcileListener.SUCCESS)); // reported after the write's Event
    assertThat(r.results())
        .startsWith(ReconcileListener.CONFLICT)
        .contains(ReconcileListener.SUCCESS);
    assertThat(r.done)
        .filteredOn(d -> d.result().equals(ReconcileListener.SUCCESS) && !d.writes().isEmpty())
        .singleElement()
        .satisfies(d -> assertThat(d.writes()).singleElement().isInstanceOf(Write.Update.class));
    // And only the successful write has an Event
    await().atMost(WAIT).until(() -> events("shop", FakeServing.REISSUED).size() == 1);
    assertThat(
            Long.parseLong(
                events("shop", FakeServing.REISSUED)
                    .get(0)
                    .getInvolvedObject()
                    .getResourceVersion()))
        .isGreaterThan(Long.parseLong(staleAt.get(0)));
    assertThat(svc).isNotNull();
  }

  @Test
  void aReconcilerThatThrowsIsRetriedWithBackoffAndItsWorkerSurvives() throws Exception {
    // Given a reconciler that fails its first two runs of Service web, and only one worker
    FakeServing reconciler = new FakeServing();
    List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
    reconciler.before =
        (call, key) -> {
          if (key.name().equals("web")) {
            attemptsAt.add(System.nanoTime());
            if (attemptsAt.size() <= 2) {
              throw new IllegalStateException("boom " + attemptsAt.size());
            }
          }
        };
    Replica r = start(reconciler, "replica-a", false, 1);

    // When Service web asks for a cert
    service("shop", "web", "web-tls");

    // Then the Secret is issued on the third run (a fourth, routed from the new Secret, writes
    // nothing)
    await().atMost(WAIT).until(() -> secret("shop", "web-tls") != null);
    await()
        .atMost(WAIT)
        .until(
            () ->
                r.results()
                    .contains(ReconcileListener.SUCCESS)); // reported after the write's Event
    assertThat(attemptsAt).hasSizeBetween(3, 4);
    // And the failures were reported as errors, each retried after the backoff (100 ms, then 200
    // ms)
    assertThat(r.results())
        .startsWith(ReconcileListener.ERROR, ReconcileListener.ERROR, ReconcileListener.SUCCESS);
    assertThat(Duration.ofNanos(attemptsAt.get(1) - attemptsAt.get(0)))
        .isGreaterThanOrEqualTo(WorkQueue.BASE_DELAY);
    assertThat(Duration.ofNanos(attemptsAt.get(2) - attemptsAt.get(1)))
        .isGreaterThanOrEqualTo(WorkQueue.BASE_DELAY.multipliedBy(2));
    // And success forgot the backoff
    assertThat(r.queue.failures(new Key("Service", "shop", "web"))).isZero();

    // When another Service asks for a cert
    service("shop", "api", "api-tls");
    // Then the same single worker is still there to issue it
    await().atMost(WAIT).until(() -> secret("shop", "api-tls") != null);
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItLeaves() throws Exception {
    // Given two replicas standing for election on one Lease
    FakeServing reconcilerA = new FakeServing();
    FakeServing reconcilerB = new FakeServing();
    Replica a = start(reconcilerA, "replica-a", true, 2);
    Replica b = start(reconcilerB, "replica-b", true, 2);
    await().atMost(WAIT).until(() -> a.leadership.isLeader() || b.leadership.isLeader());
    Replica leader = a.leadership.isLeader() ? a : b;
    Replica standby = leader == a ? b : a;
    FakeServing leaderReconciler = leader == a ? reconcilerA : reconcilerB;
    FakeServing standbyReconciler = leader == a ? reconcilerB : reconcilerA;

    // When a Service asks for a cert
    service("shop", "web", "web-tls");

    // Then the leader issues it, and the standby, whose caches see the same, writes nothing
    await().atMost(WAIT).until(() -> secret("shop", "web-tls") != null);
    await()
        .atMost(WAIT)
        .until(() -> standby.caches.get(Secret.class, "shop", "web-tls").isPresent());
    assertThat(standby.leadership.isLeader()).isFalse();
    assertThat(standby.engine.isLeading()).isFalse();
    assertThat(standbyReconciler.calls).hasValue(0);
    assertThat(standby.done).isEmpty();
    assertThat(leaderReconciler.calls.get()).isPositive();
    await().atMost(WAIT).until(() -> !events("shop", FakeServing.ISSUED).isEmpty());
    assertThat(events("shop", FakeServing.ISSUED))
        .singleElement()
        .satisfies(e -> assertThat(e.getReportingInstance()).isEqualTo(leader.options.identity()));

    // When the leader leaves (releasing its Lease) and a second Service asks for a cert meanwhile
    long left = System.nanoTime();
    leader.close();
    replicas.remove(leader);
    service("shop", "api", "api-tls");

    // Then the standby leads within the lease duration (plus its jittered retry period)
    await()
        .atMost(TestOptions.LEASE.plus(TestOptions.RETRY.multipliedBy(3)))
        .until(() -> standby.leadership.isLeader());
    assertThat(Duration.ofNanos(System.nanoTime() - left))
        .isLessThan(TestOptions.LEASE.plus(TestOptions.RETRY.multipliedBy(3)));
    // And issues the second Secret
    await().atMost(WAIT).until(() -> secret("shop", "api-tls") != null);
    await().atMost(WAIT).until(() -> events("shop", FakeServing.ISSUED).size() == 2);
    assertThat(events("shop", FakeServing.ISSUED))
        .filteredOn(e -> e.getInvolvedObject().getName().equals("api-tls"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReportingInstance()).isEqualTo(standby.options.identity()));
  }

  @Test
  void aReconcileWorkerKilledByAnErrorMakesTheEngineSick() throws Exception {
    // Given one worker whose reconciler throws an Error (an OutOfMemoryError, say), which no
    // reconcile catches
    Reconciler dying =
        (key, view, now) -> {
          throw new StackOverflowError("deep recursion in a reconciler");
        };
    Replica r =
        Replica.start(
            server,
            TestOptions.options("replica-a", false, 1, List.of()),
            new FakeServing.Routes(),
            Map.of("Service", dying),
            CLOCK);
    replicas.add(r);
    assertThat(r.engine.sickness(Duration.ofMinutes(5))).as("well before any reconcile").isEmpty();

    // When a Service is reconciled
    service("shop", "web", "web-tls");

    // Then the engine says which worker died and of what, for /healthz
    await().atMost(WAIT).until(() -> r.engine.sickness(Duration.ofMinutes(5)).isPresent());
    assertThat(r.engine.sickness(Duration.ofMinutes(5)))
        .hasValue(
            "reconcile worker certmedic-reconcile-1 died: java.lang.StackOverflowError: deep"
                + " recursion in a reconciler");
  }

  @Test
  void keysWaitingWhileEveryWorkerIsStuckMakeTheEngineSickUntilOneFinishes() throws Exception {
    // Given one worker whose reconcile of the first Service blocks until released
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    Reconciler stuck =
        (key, view, now) -> {
          calls.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Result.NOTHING;
        };
    Replica r =
        Replica.start(
            server,
            TestOptions.options("replica-a", false, 1, List.of()),
            new FakeServing.Routes(),
            Map.of("Service", stuck),
            CLOCK);
    replicas.add(r);
    await().atMost(WAIT).until(() -> r.engine.isLeading());
    // (an idle leader with nothing queued is well however long nothing happens)
    assertThat(r.engine.sickness(Duration.ofMillis(1), System.nanoTime() + 3_600_000_000_000L))
        .isEmpty();

    // When the worker is stuck in one reconcile while another key waits
    service("shop", "web", "web-tls");
    await().atMost(WAIT).until(() -> calls.get() == 1);
    service("shop", "api", "api-tls");
    await().atMost(WAIT).until(() -> r.queue.size() == 1);

    // Then the engine is well within the stall window, and sick past it
    assertThat(r.engine.sickness(Duration.ofMinutes(5))).isEmpty();
    Thread.sleep(300);
    assertThat(r.engine.sickness(Duration.ofMillis(200)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("no reconcile finished for ")
                    .endsWith("s while 1 keys wait: every reconcile worker is stuck"));

    // When the reconcile finishes, Then the waiting key is taken and the engine is well again
    release.countDown();
    await().atMost(WAIT).until(() -> calls.get() == 2);
    await().atMost(WAIT).until(() -> r.engine.sickness(Duration.ofMillis(200)).isEmpty());
  }
}
