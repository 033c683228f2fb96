package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.core.text.HumanTime;
import io.certmedic.kube.live.ApiKind;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link View} of the cluster the controller reconciles from: one fabric8 informer (list once,
 * then watch; no resync) per kind, or per kind and namespace when {@link
 * ControllerOptions#watchNamespaces()} names some.
 *
 * <p>Secrets are the one kind not cached whole, since a cluster may hold tens of thousands the
 * controller has no business with. Only these are watched:
 *
 * <ul>
 *   <li>those labelled {@code certmedic.io/managed=true} (a label selector: others never reach the
 *       process);
 *   <li>the CA Secret, by name;
 *   <li>each Secret an {@code inject-cabundle-from: ns/name} annotation names, by name, from the
 *       moment an informer first shows the annotation ({@link #watchSecret}).
 * </ul>
 *
 * <p>Every informer event is handed to the {@link Router}, and the keys it returns are queued. A
 * kind that cannot be listed (403, 404, or any error at start) reads as empty and is listed again
 * with {@link ListBackoff}, each failure told to the {@link Listener} (a metric and an Event) and
 * named by {@link #notReady()} until a retry succeeds; the controller keeps running without it.
 * With cluster-wide reads it also caches, read-only, the {@link #CUSTOM_KINDS} discovery says are
 * served. Cluster-scoped objects have namespace "".
 */
public final class Caches implements View, AutoCloseable {

  /**
   * No periodic resync: every change arrives as a watch event, and renewals are requeued with a
   * delay.
   */
  public static final long RESYNC_MILLIS = 0;

  private static final Logger log = LoggerFactory.getLogger(Caches.class);

  /** Hears about kinds that cannot be listed: metrics and Events ({@code Controller} wires it). */
  public interface Listener {
    /** {@code failure.kind()} failed to list (or its watch ended with an error); it is retried. */
    void listFailed(ListFailure failure);

    /** {@code kind} listed again after failing: its cache is filled and trusted again. */
    default void listRecovered(String kind, String what) {}

    /** Hears nothing. */
    Listener NONE = failure -> {};
  }

  /**
   * One informer and what it covers. A failed informer cannot be started again (fabric8), so a
   * retry builds a new one from {@link #factory}.
   */
  private final class Source {
    final String kind;
    final String what;
    final Supplier<SharedIndexInformer<? extends HasMetadata>> factory;
    final boolean onDemand;
    volatile SharedIndexInformer<? extends HasMetadata> informer;
    volatile ListFailure failure;
    private SharedIndexInformer<? extends HasMetadata> lastFailed;
    private boolean started;

    Source(
        String kind,
        String what,
        Supplier<SharedIndexInformer<? extends HasMetadata>> factory,
        boolean onDemand) {
      this.kind = kind;
      this.what = what;
      this.factory = factory;
      this.onDemand = onDemand;
      this.informer = factory.get();
    }

    synchronized void start() {
      if (started) {
        return;
      }
      started = true;
      run(informer);
    }

    private void run(SharedIndexInformer<? extends HasMetadata> i) {
      i.start()
          .whenComplete(
              (v, t) -> {
                if (t != null) {
                  failed(i, t);
                } else {
                  listed(i);
                }
              });
      i.stopped()
          .whenComplete(
              (v, t) -> {
                if (t != null) {
                  failed(i, t);
                }
              });
    }

    private void listed(SharedIndexInformer<? extends HasMetadata> i) {
      ListFailure was;
      synchronized (this) {
        was = failure;
        if (i != informer || closed || was == null) {
          return;
        }
        failure = null;
      }
      log.info("watching {} again after {} failed attempts", what, was.attempt());
      tell(() -> listener.listRecovered(kind, what));
    }

    private void failed(SharedIndexInformer<? extends HasMetadata> i, Throwable t) {
      ListFailure f;
      synchronized (this) {
        if (i != informer || i == lastFailed || closed) {
          return;
        }
        lastFailed = i;
        int attempt = failure == null ? 1 : failure.attempt() + 1;
        f =
            new ListFailure(
                kind,
                what,
                ListFailure.reasonOf(t),
                ListFailure.messageOf(t),
                attempt,
                ListBackoff.after(attempt));
        failure = f;
        i.stop();
        try {
          retries.schedule(this::retry, f.retryIn().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          return;
        }
      }
      log.warn(
          "cannot list {}: {}; it reads as empty, retrying in {}",
          what,
          f.message(),
          HumanTime.duration(f.retryIn()));
      tell(() -> listener.listFailed(f));
    }

    private synchronized void retry() {
      if (closed) {
        return;
      }
      informer = factory.get();
      run(informer);
    }

    boolean readable() {
      return failure == null;
    }
  }

  /** Tells the listener on the retry thread, never on fabric8's: an Event is an API call. */
  private void tell(Runnable call) {
    try {
      retries.execute(
          () -> {
            try {
              call.run();
            } catch (RuntimeException e) {
              log.error("the cache listener failed", e);
            }
          });
    } catch (RejectedExecutionException closing) {
      // closed meanwhile: nobody to tell
    }
  }

  private final KubernetesClient client;
  private final ControllerOptions options;
  private final Router router;
  private final WorkQueue queue;
  private final Map<Class<? extends HasMetadata>, List<Source>> sources = new ConcurrentHashMap<>();
  private final Map<String, Source> namedSecrets = new ConcurrentHashMap<>();
  private final List<Source> all = new CopyOnWriteArrayList<>();
  private final Map<String, Source> customSources = new ConcurrentHashMap<>();
  private final Listener listener;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "certmedic-cache-retry");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * Builds the informers without starting them.
   *
   * @param router turns each object the informers see into keys
   * @param queue where those keys go
   */
  public Caches(
      KubernetesClient client, ControllerOptions options, Router router, WorkQueue queue) {
    this(client, options, router, queue, Listener.NONE);
  }

  /**
   * Builds the informers without starting them.
   *
   * @param router turns each object the informers see into keys
   * @param queue where those keys go
   * @param listener told when a kind cannot be listed, and when it can again
   */
  public Caches(
      KubernetesClient client,
      ControllerOptions options,
      Router router,
      WorkQueue queue,
      Listener listener) {
    this.listener = requireNonNull(listener, "listener == null");
    this.client = requireNonNull(client, "client == null");
    this.options = requireNonNull(options, "options == null");
    this.router = requireNonNull(router, "router == null");
    this.queue = requireNonNull(queue, "queue == null");

    kind(Service.class, true);
    kind(ConfigMap.class, true);
    kind(Namespace.class, false);
    kind(ValidatingWebhookConfiguration.class, false);
    kind(MutatingWebhookConfiguration.class, false);
    kind(CustomResourceDefinition.class, false);
    kind(APIService.class, false);
    kind(Deployment.class, true);
    kind(StatefulSet.class, true);
    kind(DaemonSet.class, true);

    String managed = Annotations.MANAGED_LABEL + "=" + Annotations.TRUE;
    if (options.watchNamespaces().isEmpty()) {
      add(
          Secret.class,
          "Secrets labelled " + managed,
          () ->
              client
                  .secrets()
                  .inAnyNamespace()
                  .withLabel(Annotations.MANAGED_LABEL, Annotations.TRUE)
                  .runnableInformer(RESYNC_MILLIS));
    } else {
      for (String ns : options.watchNamespaces()) {
        add(
            Secret.class,
            "Secrets labelled " + managed + " in namespace " + ns,
            () ->
                client
                    .secrets()
                    .inNamespace(ns)
                    .withLabel(Annotations.MANAGED_LABEL, Annotations.TRUE)
                    .runnableInformer(RESYNC_MILLIS));
      }
    }
    namedSecret(options.namespace(), options.caSecretName(), "the CA Secret");
    if (options.readsClusterWide()) {
      READ_ONLY_NAMESPACED.forEach(
          t ->
              readOnly(
                  t, () -> client.resources(t).inAnyNamespace().runnableInformer(RESYNC_MILLIS)));
      READ_ONLY_CLUSTER_SCOPED.forEach(
          t -> readOnly(t, () -> client.resources(t).runnableInformer(RESYNC_MILLIS)));
    }
  }

  /**
   * Namespaced kinds cached only for the doctor over the caches (never reconciled, so their events
   * are not routed), when {@link ControllerOptions#readsClusterWide()}.
   */
  public static final List<Class<? extends HasMetadata>> READ_ONLY_NAMESPACED =
      List.of(Pod.class, Ingress.class);

  /** Cluster-scoped kinds cached only for the doctor, as {@link #READ_ONLY_NAMESPACED}. */
  public static final List<Class<? extends HasMetadata>> READ_ONLY_CLUSTER_SCOPED =
      List.of(CertificateSigningRequest.class);

  /** True when {@code type} is cached (a read-only kind only with cluster-wide reads). */
  public static boolean caches(ControllerOptions options, Class<? extends HasMetadata> type) {
    return options.readsClusterWide()
        || !READ_ONLY_NAMESPACED.contains(type) && !READ_ONLY_CLUSTER_SCOPED.contains(type);
  }

  /**
   * The CRD kinds the doctor judges, read-only and cluster-wide like {@link #READ_ONLY_NAMESPACED}:
   * Gateway API Gateways (v1, else v1beta1) and ReferenceGrants, OpenShift Routes, cert-manager
   * Certificates, Issuers, ClusterIssuers and CertificateRequests, the live reader's own list. Each
   * is cached only where discovery says it is served ({@link #custom(String)}).
   */
  public static final List<ApiKind> CUSTOM_KINDS = CustomKinds.ALL;

  private void readOnly(
      Class<? extends HasMetadata> type,
      Supplier<? extends SharedIndexInformer<? extends HasMetadata>> make) {
    Source s =
        new Source(
            HasMetadata.getKind(type),
            type.getSimpleName() + "s (read-only)",
            () -> {
              SharedIndexInformer<? extends HasMetadata> i = make.get();
              i.exceptionHandler(RETRY_UNLESS_ABSENT_OR_FORBIDDEN);
              return i;
            },
            false);
    sources.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(s);
    all.add(s);
  }

  /**
   * Starts every informer; returns once discovery has said which {@link #CUSTOM_KINDS} are served
   * (with cluster-wide reads), without waiting for the lists (see {@link #synced()}).
   */
  public void start() {
    if (closed) {
      throw new IllegalStateException("the caches are closed");
    }
    synchronized (customSources) {
      if (!started && options.readsClusterWide()) {
        for (ApiKind k : CUSTOM_KINDS) {
          CustomKinds.served(client, k).ifPresent(this::custom);
        }
      }
      started = true;
    }
    for (Source s : all) {
      s.start();
    }
  }

  private void custom(ApiKind k) {
    var context = CustomKinds.context(k);
    Source s =
        new Source(
            k.kind(),
            k.kindPlural() + " (" + k.apiVersion() + ", read-only)",
            () -> {
              SharedIndexInformer<GenericKubernetesResource> i =
                  k.namespaced()
                      ? client
                          .genericKubernetesResources(context)
                          .inAnyNamespace()
                          .runnableInformer(RESYNC_MILLIS)
                      : client.genericKubernetesResources(context).runnableInformer(RESYNC_MILLIS);
              i.exceptionHandler(RETRY_UNLESS_ABSENT_OR_FORBIDDEN);
              return i;
            },
            false);
    customSources.put(k.kind(), s);
    all.add(s);
    log.info(
        "caching {} ({}), read-only: discovery says it is served", k.kindPlural(), k.apiVersion());
  }

  /**
   * The cached objects of the CRD kind {@code kind} (one of {@link #CUSTOM_KINDS}), or empty when
   * it is not cached: not served, no cluster-wide reads, or its list failing (retried).
   */
  @Override
  public Optional<Collection<GenericKubernetesResource>> custom(String kind) {
    Source s = customSources.get(kind);
    if (s == null || !s.readable()) {
      return Optional.empty();
    }
    return Optional.of(
        s.informer.getStore().list().stream().map(GenericKubernetesResource.class::cast).toList());
  }

  /**
   * True once every informer started by {@link #start()} has listed its objects (those given up as
   * absent or forbidden count as done): the controller's /readyz. Secrets watched later on demand
   * do not count: a user's new annotation must not make the controller unready.
   */
  public boolean synced() {
    if (!started) {
      return false;
    }
    for (Source s : all) {
      if (!s.onDemand && s.readable() && !s.informer.hasSynced()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why the caches cannot be trusted, or empty when they can: the controller's {@code /readyz}. Not
   * ready until every informer started by {@link #start()} has synced (see {@link #synced()}), and
   * while any readable informer's watch is not connected: fabric8 opens watches as WebSocket
   * upgrades, and a proxy that answers the upgrade with a plain 200 leaves the informer listed once
   * and then deaf, its cache frozen, with no error the engine sees.
   */
  public Optional<String> notReady() {
    if (!started) {
      return Optional.of("the informers have not started");
    }
    List<String> unsynced = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    List<String> deaf = new ArrayList<>();
    for (Source s : all) {
      ListFailure f = s.failure;
      if (f != null) {
        if (!s.onDemand) {
          failing.add(f.sentence());
        }
        continue;
      }
      if (!s.informer.hasSynced()) {
        if (!s.onDemand) {
          unsynced.add(s.what);
        }
      } else if (!s.informer.isWatching()) {
        deaf.add(s.what);
      }
    }
    if (!unsynced.isEmpty()) {
      return Optional.of("the informer caches have not synced yet: " + String.join(", ", unsynced));
    }
    if (!failing.isEmpty()) {
      return Optional.of(
          "not synced, the list failed and is retried with backoff: " + String.join(", ", failing));
    }
    if (!deaf.isEmpty()) {
      return Optional.of(
          "the watch of "
              + String.join(", ", deaf)
              + " is not connected, so changes are not seen (a proxy refusing the WebSocket"
              + " upgrade?); the caches may be stale");
    }
    return Optional.empty();
  }

  /** Waits up to {@code timeout} for {@link #synced()}; true when it is. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!synced()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * What is not watched and why, as {@code what -> reason}: kinds whose API is absent or forbidden.
   */
  public Map<String, String> unavailable() {
    Map<String, String> out = new TreeMap<>();
    for (Source s : all) {
      if (!s.readable()) {
        out.put(s.what, s.failure.message());
      }
    }
    return out;
  }

  /**
   * Watches the Secret {@code namespace/name} (by name, so no other Secret is cached) from now on.
   * Called for each {@code inject-cabundle-from} annotation the informers show; watching one twice
   * does nothing. Outside {@link ControllerOptions#watchNamespaces()} (when set), does nothing.
   */
  public void watchSecret(String namespace, String name) {
    requireNonNull(namespace, "namespace == null");
    requireNonNull(name, "name == null");
    if (!options.watchNamespaces().isEmpty()
        && !options.watchNamespaces().contains(namespace)
        && !namespace.equals(options.namespace())) {
      log.debug("not watching Secret {}/{}: outside the watched namespaces", namespace, name);
      return;
    }
    namedSecret(namespace, name, "Secret " + namespace + "/" + name);
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    requireNonNull(name, "name == null");
    String key =
        namespace == null || namespace.isEmpty() ? name : Cache.namespaceKeyFunc(namespace, name);
    for (Source s : sourcesOf(type)) {
      if (s.readable()) {
        HasMetadata o = s.informer.getStore().getByKey(key);
        if (o != null) {
          return Optional.of(type.cast(o));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public <T extends HasMetadata> Collection<T> list(Class<T> type) {
    return collect(type, s -> s.informer.getStore().list());
  }

  @Override
  public <T extends HasMetadata> Collection<T> list(Class<T> type, String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      List<T> out = new ArrayList<>();
      for (T o : list(type)) {
        String ns = o.getMetadata().getNamespace();
        if (ns == null || ns.isEmpty()) {
          out.add(o);
        }
      }
      return out;
    }
    return collect(type, s -> s.informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
  }

  /** Stops every informer. */
  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    for (Source s : all) {
      s.informer.stop();
    }
  }

  private <T extends HasMetadata> Collection<T> collect(
      Class<T> type, Function<Source, List<? extends HasMetadata>> read) {
    List<Source> of = sourcesOf(type);
    if (of.size() == 1) {
      Source s = of.get(0);
      return s.readable() ? read.apply(s).stream().map(type::cast).toList() : List.of();
    }
    // Secrets come from several informers that may overlap (a labelled Secret also named by an
    // annotation)
    Map<String, T> out = new LinkedHashMap<>();
    for (Source s : of) {
      if (s.readable()) {
        for (HasMetadata o : read.apply(s)) {
          out.putIfAbsent(Cache.metaNamespaceKeyFunc(o), type.cast(o));
        }
      }
    }
    return List.copyOf(out.values());
  }

  private List<Source> sourcesOf(Class<? extends HasMetadata> type) {
    List<Source> of = sources.get(type);
    if (of == null) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " is not cached; the caches hold " + cachedKinds());
    }
    return of;
  }

  private String cachedKinds() {
    return sources.keySet().stream().map(Class::getSimpleName).sorted().toList().toString();
  }

  private <T extends HasMetadata> void kind(Class<T> type, boolean namespaced) {
    String plural = type.getSimpleName() + "s";
    if (!namespaced) {
      add(type, plural, () -> client.resources(type).runnableInformer(RESYNC_MILLIS));
    } else if (options.watchNamespaces().isEmpty()) {
      add(
          type,
          plural,
          () -> client.resources(type).inAnyNamespace().runnableInformer(RESYNC_MILLIS));
    } else {
      for (String ns : options.watchNamespaces()) {
        add(
            type,
            plural + " in namespace " + ns,
            () -> client.resources(type).inNamespace(ns).runnableInformer(RESYNC_MILLIS));
      }
    }
  }

  private void namedSecret(String namespace, String name, String what) {
    String key = namespace + "/" + name;
    synchronized (namedSecrets) {
      if (closed || namedSecrets.containsKey(key)) {
        return;
      }
      Source s =
          add(
              Secret.class,
              what,
              () ->
                  client
                      .secrets()
                      .inNamespace(namespace)
                      .withName(name)
                      .runnableInformer(RESYNC_MILLIS),
              started);
      namedSecrets.put(key, s);
      if (started) {
        log.info("watching {} (named by an {} annotation)", what, Annotations.INJECT_CABUNDLE_FROM);
        s.start();
      }
    }
  }

  private <T extends HasMetadata> Source add(
      Class<T> type, String what, Supplier<SharedIndexInformer<T>> make) {
    return add(type, what, make, false);
  }

  private <T extends HasMetadata> Source add(
      Class<T> type, String what, Supplier<SharedIndexInformer<T>> make, boolean onDemand) {
    Source s =
        new Source(
            HasMetadata.getKind(type),
            what,
            () -> {
              SharedIndexInformer<T> i = make.get();
              i.exceptionHandler(RETRY_UNLESS_ABSENT_OR_FORBIDDEN);
              i.addEventHandler(new Routing<T>());
              return i;
            },
            onDemand);
    sources.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(s);
    all.add(s);
    return s;
  }

  /**
   * A dropped watch of a started informer is retried by fabric8 (it backs off), unless the API
   * server answered 403 or 404. A failed first list, a 403 or a 404 stops the informer instead: the
   * caches then build a new one after {@link ListBackoff}, count the failure and tell the {@link
   * Listener}.
   */
  private static final ExceptionHandler RETRY_UNLESS_ABSENT_OR_FORBIDDEN =
      (isStarted, t) -> {
        if (!isStarted) {
          return false;
        }
        Throwable cause = t;
        while (cause != null) {
          if (cause instanceof KubernetesClientException k
              && (k.getCode() == 403 || k.getCode() == 404)) {
            return false;
          }
          cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return !ExceptionHandler.isDeserializationException(t);
      };

  private final class Routing<T extends HasMetadata> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T o) {
      follow(o);
      route(o);
    }

    @Override
    public void onUpdate(T before, T after) {
      follow(after);
      route(before);
      route(after);
    }

    @Override
    public void onDelete(T o, boolean finalStateUnknown) {
      route(o);
    }
  }

  /**
   * Starts watching the Secret an {@code inject-cabundle-from} annotation names; a malformed one is
   * the reconciler's to report.
   */
  private void follow(HasMetadata o) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    String from = annotations == null ? null : annotations.get(Annotations.INJECT_CABUNDLE_FROM);
    if (from == null) {
      return;
    }
    String[] parts = from.trim().split("/", -1);
    if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
      watchSecret(parts[0], parts[1]);
    }
  }

  private void route(HasMetadata o) {
    try {
      Collection<Key> keys = router.keysFor(o, this);
      for (Key k : keys) {
        queue.add(k);
      }
    } catch (RuntimeException e) {
      log.error(
          "routing {} failed; it is not reconciled until it changes again", Writer.describe(o), e);
    }
  }
}
