package io.certmedic.bench;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.Controller;
import io.certmedic.controller.ControllerOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller issue's benchmark, against fabric8's mock API server (CRUD mode) in this JVM:
 *
 * <ol>
 *   <li>burst: SERVICES annotated Services, each with its own webhook configuration asking for the
 *       bundle, created at once; time until every Secret is issued and every caBundle injected, and
 *       p50/p99 of annotation-to-ready per Service;
 *   <li>trickle: 10 more Services a second for 30 s, the same latency when the queue is not
 *       flooded;
 *   <li>steady state: writes the controller makes in the next minute (updates, creates, Events);
 *   <li>heap: a second cluster with 10,000 unrelated Secrets and 100 annotated Services; the
 *       controller's retained heap (used heap after a full GC, with it running minus without it).
 * </ol>
 *
 * Usage: {@code ControllerBench [SERVICES=1000] [UNRELATED_SECRETS=10000] [STEADY_SECONDS=60]}
 */
public final class ControllerBench {

  private static final int NAMESPACES = 10;
  private static final String CTL_NS = "certmedic";

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int unrelated = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int steadySeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    // the mock server logs every request at INFO through java.util.logging: that would be measured
    // too
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    System.out.printf(
        Locale.ROOT,
        "cores %d, max heap %d MiB, java %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));
    for (boolean indexed : new boolean[] {false, true}) {
      System.out.println(
          indexed
              ? "-- mock server with its store indexed by name (NameIndexedCrudDispatcher)"
              : "-- mock server as shipped");
      latencyAndSteadyState(services, indexed ? 0 : steadySeconds, indexed);
      coldStart(services, indexed);
    }
    heap(unrelated);
    System.exit(0);
  }

  static KubernetesMockServer server() throws Exception {
    return server(false);
  }

  /**
   * The mock API server on 127.0.0.1; {@code indexed}: its store indexed by name, as an API
   * server's is.
   */
  static KubernetesMockServer server(boolean indexed) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            indexed ? new NameIndexedCrudDispatcher() : new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  static ControllerOptions options() {
    ControllerOptions d = ControllerOptions.defaults(CTL_NS, "bench");
    return new ControllerOptions(
        d.namespace(),
        d.caSecretName(),
        d.clusterDomain(),
        d.keyType(),
        d.certLifetime(),
        d.renewalFraction(),
        d.caLifetime(),
        d.caRotationFraction(),
        d.propagationDelay(),
        List.of(),
        false,
        d.leaseName(),
        d.identity(),
        d.leaseDuration(),
        d.renewDeadline(),
        d.retryPeriod(),
        d.workers(),
        d.doctorInterval(),
        d.expiryWarning(),
        0,
        0,
        ControllerOptions.LogFormat.JSON,
        "127.0.0.1",
        "127.0.0.1",
        ControllerOptions.DEFAULT_CLUSTER_WIDE_READS);
  }

  static Controller controller(KubernetesMockServer server) throws Exception {
    return Controller.start(
        server.createClient(),
        options(),
        Clock.systemUTC(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  static void namespaces(KubernetesClient c) {
    c.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(CTL_NS).endMetadata().build())
        .create();
    for (int n = 0; n < NAMESPACES; n++) {
      c.namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("team-" + n).endMetadata().build())
          .create();
    }
  }

  static Service service(int i) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace("team-" + (i % NAMESPACES))
        .withName("hook-" + i)
        .withAnnotations(Map.of(Annotations.SERVING_CERT_SECRET_NAME, "hook-" + i + "-tls"))
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withPort(443)
        .endPort()
        .withSelector(Map.of("app", "hook-" + i))
        .endSpec()
        .build();
  }

  static ValidatingWebhookConfiguration webhook(int i) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName("hook-" + i)
        .withAnnotations(Map.of(Annotations.INJECT_CABUNDLE, "true"))
        .endMetadata()
        .addNewWebhook()
        .withName("check.hook-" + i + ".example.com")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withNewService()
        .withNamespace("team-" + (i % NAMESPACES))
        .withName("hook-" + i)
        .withPath("/validate")
        .endService()
        .endClientConfig()
        .endWebhook()
        .build();
  }

  /** When each Service was annotated, and when the bench first saw its Secret and its caBundle. */
  static final class Readiness {
    final Map<Integer, Long> annotated = new ConcurrentHashMap<>();
    final Map<Integer, Long> secret = new ConcurrentHashMap<>();
    final Map<Integer, Long> bundle = new ConcurrentHashMap<>();

    static int index(String name) {
      String digits = name.replaceAll("\\D", "");
      return digits.isEmpty() ? -1 : Integer.parseInt(digits);
    }

    boolean ready(int i) {
      return secret.containsKey(i) && bundle.containsKey(i);
    }

    long latencyNanos(int i) {
      return Math.max(secret.get(i), bundle.get(i)) - annotated.get(i);
    }
  }

  /** Counts every add and update of a kind after {@link #reset}. */
  static final class Counter<T extends HasMetadata> implements ResourceEventHandler<T> {
    final AtomicLong adds = new AtomicLong();
    final AtomicLong updates = new AtomicLong();

    @Override
    public void onAdd(T obj) {
      adds.incrementAndGet();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      if (!oldObj
          .getMetadata()
          .getResourceVersion()
          .equals(newObj.getMetadata().getResourceVersion())) {
        updates.incrementAndGet();
      }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {}

    long total() {
      return adds.get() + updates.get();
    }
  }

  /** A handler that gives {@code seen} every object added or updated. */
  static <T extends HasMetadata> ResourceEventHandler<T> onSeen(
      java.util.function.Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  static void latencyAndSteadyState(int services, int steadySeconds, boolean indexed)
      throws Exception {
    KubernetesMockServer server = server(indexed);
    KubernetesClient c = server.createClient();
    namespaces(c);
    Readiness r = new Readiness();
    SharedIndexInformer<Secret> secrets =
        c.secrets()
            .inAnyNamespace()
            .inform(
                onSeen(
                    (Secret s) -> {
                      if (s.getData() != null
                          && s.getData().containsKey("tls.crt")
                          && s.getMetadata().getName().startsWith("hook-")) {
                        r.secret.putIfAbsent(
                            Readiness.index(s.getMetadata().getName()), System.nanoTime());
                      }
                    }));
    SharedIndexInformer<ValidatingWebhookConfiguration> hooks =
        c.admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .inform(
                onSeen(
                    (ValidatingWebhookConfiguration v) -> {
                      String b = v.getWebhooks().get(0).getClientConfig().getCaBundle();
                      if (b != null && !b.isEmpty()) {
                        r.bundle.putIfAbsent(
                            Readiness.index(v.getMetadata().getName()), System.nanoTime());
                      }
                    }));
    Controller ctl = controller(server);

    // burst
    double cpu0 = processCpu();
    long start = System.nanoTime();
    for (int i = 0; i < services; i++) {
      c.resource(webhook(i)).create();
      r.annotated.put(i, System.nanoTime());
      c.resource(service(i)).create();
    }
    long created = System.nanoTime();
    awaitReady(r, 0, services, Duration.ofMinutes(10));
    long done = System.nanoTime();
    double workers = workerCpu();
    System.out.printf(
        Locale.ROOT,
        "burst: %d Services + %d webhook configurations created in %.1f s; all issued and injected after %.1f s; "
            + "CPU: %.1f s in all, %.1f s in the controller's reconcile workers (%.1f ms a Service)%n",
        services,
        services,
        (created - start) / 1e9,
        (done - start) / 1e9,
        processCpu() - cpu0,
        workers,
        workers * 1000 / services);
    report("burst annotation-to-ready", r, 0, services);

    // trickle: 10 a second for 30 s
    int trickle = 300;
    for (int k = 0; k < trickle; k++) {
      int i = services + k;
      long due = done + TimeUnit.MILLISECONDS.toNanos(1000 + 100L * k);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      c.resource(webhook(i)).create();
      r.annotated.put(i, System.nanoTime());
      c.resource(service(i)).create();
    }
    awaitReady(r, services, services + trickle, Duration.ofMinutes(5));
    report("trickle (10/s) annotation-to-ready", r, services, services + trickle);

    if (steadySeconds <= 0) {
      secrets.close();
      hooks.close();
      ctl.close();
      server.destroy();
      return;
    }
    // steady state: what the controller writes when nothing changes
    Thread.sleep(5_000);
    Counter<Secret> secretWrites = new Counter<>();
    Counter<ValidatingWebhookConfiguration> hookWrites = new Counter<>();
    Counter<io.fabric8.kubernetes.api.model.ConfigMap> cmWrites = new Counter<>();
    Counter<io.fabric8.kubernetes.api.model.Event> events = new Counter<>();
    List<SharedIndexInformer<?>> watchers = new ArrayList<>();
    watchers.add(c.secrets().inAnyNamespace().inform(secretWrites));
    watchers.add(
        c.admissionRegistration().v1().validatingWebhookConfigurations().inform(hookWrites));
    watchers.add(c.configMaps().inAnyNamespace().inform(cmWrites));
    watchers.add(c.v1().events().inAnyNamespace().inform(events));
    Thread.sleep(2_000);
    long[] before = {secretWrites.total(), hookWrites.total(), cmWrites.total(), events.total()};
    Thread.sleep(steadySeconds * 1000L);
    long[] after = {secretWrites.total(), hookWrites.total(), cmWrites.total(), events.total()};
    System.out.printf(
        Locale.ROOT,
        "steady state, %d s with %d Services: writes Secrets %d, webhook configurations %d, ConfigMaps %d, Events %d%n",
        steadySeconds,
        services + trickle,
        after[0] - before[0],
        after[1] - before[1],
        after[2] - before[2],
        after[3] - before[3]);
    watchers.forEach(SharedIndexInformer::close);
    secrets.close();
    hooks.close();
    ctl.close();
    server.destroy();
  }

  /** Every Service annotated before the controller starts: its throughput with a full queue. */
  static void coldStart(int services, boolean indexed) throws Exception {
    KubernetesMockServer server = server(indexed);
    KubernetesClient c = server.createClient();
    namespaces(c);
    for (int i = 0; i < services; i++) {
      c.resource(webhook(i)).create();
      c.resource(service(i)).create();
    }
    double cpu0 = processCpu();
    long start = System.nanoTime();
    Controller ctl = controller(server);
    long synced = System.nanoTime();
    awaitConverged(c, services, Duration.ofMinutes(10));
    long done = System.nanoTime();
    double workers = workerCpu();
    System.out.printf(
        Locale.ROOT,
        "cold start: %d Services annotated before the controller starts; caches synced in %.1f s, "
            + "every Secret issued and bundle injected after %.1f s (%.0f Services/s); CPU: %.1f s in all, %.1f s in the reconcile workers%n",
        services,
        (synced - start) / 1e9,
        (done - start) / 1e9,
        services / ((done - synced) / 1e9),
        processCpu() - cpu0,
        workers);
    ctl.close();
    server.destroy();
  }

  /**
   * CPU seconds of the controller's reconcile workers so far (their HTTP client's threads not
   * included).
   */
  static double workerCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    long ns = 0;
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      if (info != null && info.getThreadName().startsWith("certmedic-reconcile")) {
        ns += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return ns / 1e9;
  }

  /** CPU seconds of this whole JVM so far: mock server, controller and bench. */
  static double processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /**
   * Polls the server until the CA and {@code services} serving Secrets exist and every webhook
   * holds a caBundle.
   */
  static void awaitConverged(KubernetesClient c, int services, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (c.secrets()
                .inAnyNamespace()
                .withLabel(Annotations.MANAGED_LABEL, "true")
                .list()
                .getItems()
                .size()
            < services + 1
        || c
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .list()
            .getItems()
            .stream()
            .anyMatch(v -> v.getWebhooks().get(0).getClientConfig().getCaBundle() == null)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the controller did not converge on " + services + " Services in " + limit);
      }
      Thread.sleep(100);
    }
  }

  static void awaitReady(Readiness r, int from, int to, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      int missing = 0;
      for (int i = from; i < to; i++) {
        if (!r.ready(i)) {
          missing++;
        }
      }
      if (missing == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(missing + " Services not ready after " + limit);
      }
      Thread.sleep(20);
    }
  }

  static void report(String what, Readiness r, int from, int to) {
    double[] ms = new double[to - from];
    for (int i = from; i < to; i++) {
      ms[i - from] = r.latencyNanos(i) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "%s over %d Services: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        what,
        ms.length,
        ms[(int) Math.ceil(ms.length * 0.50) - 1],
        ms[(int) Math.ceil(ms.length * 0.99) - 1],
        ms[ms.length - 1]);
  }

  static void heap(int unrelated) throws Exception {
    KubernetesMockServer server = server();
    KubernetesClient c = server.createClient();
    namespaces(c);
    byte[] payload = new byte[1024];
    Arrays.fill(payload, (byte) 'x');
    String value = Base64.getEncoder().encodeToString(payload);
    for (int i = 0; i < unrelated; i++) {
      c.resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withNamespace("team-" + (i % NAMESPACES))
                  .withName("app-" + i)
                  .endMetadata()
                  .withType("Opaque")
                  .withData(Map.of("config", value))
                  .build())
          .create();
    }
    int services = 100;
    for (int i = 0; i < services; i++) {
      c.resource(webhook(i)).create();
      c.resource(service(i)).create();
    }
    long without = usedAfterGc();
    Controller ctl = controller(server);
    awaitConverged(c, services, Duration.ofMinutes(5));
    Thread.sleep(3_000);
    long with = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "heap: %d unrelated Secrets + %d annotated Services in the cluster; controller retains %.1f MiB "
            + "(used after full GC: %.1f MiB with it, %.1f MiB without; the mock server's store is in the same JVM)%n",
        unrelated,
        services,
        (with - without) / 1048576.0,
        with / 1048576.0,
        without / 1048576.0);
    ctl.close();
    server.destroy();
  }

  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
