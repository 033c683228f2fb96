package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
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
 * kind whose API is absent (404) or forbidden (403) is logged and reads as empty; the controller
 * keeps running without it. Cluster-scoped objects have namespace "".
 */
public final class Caches implements View, AutoCloseable {

  /**
   * No periodic resync: every change arrives as a watch event, and renewals are requeued with a
   * delay.
   */
  public static final long RESYNC_MILLIS = 0;

  private static final Logger log = LoggerFactory.getLogger(Caches.class);

  /** One informer and what it covers. */
  private final class Source {
    final String what;
    final SharedIndexInformer<? extends HasMetadata> informer;
    final boolean onDemand;
    volatile String unavailable;
    boolean started;

    Source(String what, SharedIndexInformer<? extends HasMetadata> informer, boolean onDemand) {
      this.what = what;
      this.informer = informer;
      this.onDemand = onDemand;
    }

    synchronized void start() {
      if (started) {
        return;
      }
      started = true;
      informer
          .start()
          .whenComplete(
              (v, t) -> {
                if (t != null) {
                  giveUp(t);
                }
              });
      informer
          .stopped()
          .whenComplete(
              (v, t) -> {
                if (t != null) {
                  giveUp(t);
                }
              });
    }

    synchronized void giveUp(Throwable t) {
      if (unavailable != null || closed) {
        return;
      }
      Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      unavailable =
          cause instanceof KubernetesClientException k
              ? Writer.reason(k)
              : String.valueOf(cause.getMessage());
      log.warn(
          "not watching {}: {}; read as absent until the controller restarts", what, unavailable);
      informer.stop();
    }

    boolean readable() {
      return unavailable == null;
    }
  }

  private final KubernetesClient client;
  private final ControllerOptions options;
  private final Router router;
  private final WorkQueue queue;
  private final Map<Class<? extends HasMetadata>, List<Source>> sources = new ConcurrentHashMap<>();
  private final Map<String, Source> namedSecrets = new ConcurrentHashMap<>();
  private final List<Source> all = new CopyOnWriteArrayList<>();
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
          t -> readOnly(t, client.resources(t).inAnyNamespace().runnableInformer(RESYNC_MILLIS)));
      READ_ONLY_CLUSTER_SCOPED.forEach(
          t -> readOnly(t, client.resources(t).runnableInformer(RESYNC_MILLIS)));
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

  private <T extends HasMetadata> void readOnly(
      Class<T> type, SharedIndexInformer<? extends HasMetadata> informer) {
    informer.exceptionHandler(RETRY_UNLESS_ABSENT_OR_FORBIDDEN);
    Source s = new Source(type.getSimpleName() + "s (read-only)", informer, false);
    sources.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(s);
    all.add(s);
  }

  /** Starts every informer; returns at once (see {@link #synced()}). */
  public void start() {
    if (closed) {
      throw new IllegalStateException("the caches are closed");
    }
    started = true;
    for (Source s : all) {
      s.start();
    }
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
    List<String> deaf = new ArrayList<>();
    for (Source s : all) {
      if (!s.readable()) {
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
        out.put(s.what, s.unavailable);
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
      add(type, plural, client.resources(type).runnableInformer(RESYNC_MILLIS));
    } else if (options.watchNamespaces().isEmpty()) {
      add(type, plural, client.resources(type).inAnyNamespace().runnableInformer(RESYNC_MILLIS));
    } else {
      for (String ns : options.watchNamespaces()) {
        add(
            type,
            plural + " in namespace " + ns,
            client.resources(type).inNamespace(ns).runnableInformer(RESYNC_MILLIS));
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
      Class<T> type, String what, SharedIndexInformer<T> informer) {
    return add(type, what, informer, false);
  }

  private <T extends HasMetadata> Source add(
      Class<T> type, String what, SharedIndexInformer<T> informer, boolean onDemand) {
    informer.exceptionHandler(RETRY_UNLESS_ABSENT_OR_FORBIDDEN);
    informer.addEventHandler(new Routing<T>());
    Source s = new Source(what, informer, onDemand);
    sources.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(s);
    all.add(s);
    return s;
  }

  /**
   * Connection errors and dropped watches are retried (fabric8 backs off); 403 and 404 are not:
   * without the API or the permission, retrying only fills the log.
   */
  private static final ExceptionHandler RETRY_UNLESS_ABSENT_OR_FORBIDDEN =
      (isStarted, t) -> {
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
