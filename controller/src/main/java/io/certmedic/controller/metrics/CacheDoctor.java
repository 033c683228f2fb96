package io.certmedic.controller.metrics;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Caches;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.log.Log;
import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.kube.live.ApiKind;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.snapshot.SnapshotReader;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The doctor run over the controller's informer caches, for {@code certmedic_findings}: the same
 * checks as {@code certmedic doctor}, on the same snapshot records, so the two never disagree about
 * what is broken.
 *
 * <p>The Secret cache holds only what certmedic manages (a label filter), so Secrets are marked
 * {@linkplain SnapshotBuilder#partial(String) read in part}: a Secret a webhook's Deployment mounts
 * is never judged missing merely because it is not cached. Namespaced kinds are marked listed in
 * the watched namespaces (all when none are named), so a Service a webhook points at that is not
 * cached is judged missing, as the live doctor would.
 *
 * <p>With {@link ControllerOptions#readsClusterWide()} it also reads the read-only caches of Pods,
 * Ingresses and CertificateSigningRequests ({@link Caches#READ_ONLY_NAMESPACED}, {@link
 * Caches#READ_ONLY_CLUSTER_SCOPED}), so {@code certmedic_findings} counts POD_TRUST_STALE and the
 * other findings on those kinds, and the CRD kinds discovery says are served ({@link
 * Caches#CUSTOM_KINDS}: Gateways and ReferenceGrants, OpenShift Routes, cert-manager Certificates,
 * Issuers, ClusterIssuers and CertificateRequests), so it counts their findings too.
 *
 * <p>{@link #run(Instant)} keeps the last result (thread-safe: {@link #last()}); {@link
 * #start(ScheduledExecutorService, Clock)} runs it every {@link
 * ControllerOptions#doctorInterval()}. Call it once the caches have synced, or the first run judges
 * an empty cluster.
 */
public final class CacheDoctor {

  /** The last run: when it judged, what it found, how many objects it read, how long it took. */
  public record Run(Instant at, List<Finding> findings, int objects, Duration took) {
    public Run {
      requireNonNull(at, "at == null");
      findings = List.copyOf(findings);
      requireNonNull(took, "took == null");
    }
  }

  /** The cached kinds the doctor reads, namespaced ones first. */
  static final List<Class<? extends HasMetadata>> NAMESPACED =
      List.of(
          Secret.class,
          ConfigMap.class,
          Service.class,
          Deployment.class,
          StatefulSet.class,
          DaemonSet.class);

  static final List<Class<? extends HasMetadata>> CLUSTER_SCOPED =
      List.of(
          ValidatingWebhookConfiguration.class,
          MutatingWebhookConfiguration.class,
          CustomResourceDefinition.class,
          APIService.class);

  /** Kinds whose cache is filtered, so that an object missing from it may exist. */
  static final Set<String> PARTIAL_KINDS = Set.of("Secret");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final View view;
  private final ControllerOptions options;
  private final Log log;
  private final AtomicReference<Run> last = new AtomicReference<>();

  public CacheDoctor(View view, ControllerOptions options, Log log) {
    this.view = requireNonNull(view, "view == null");
    this.options = requireNonNull(options, "options == null");
    this.log = requireNonNull(log, "log == null");
  }

  /** The last completed run, if any. */
  public Optional<Run> last() {
    return Optional.ofNullable(last.get());
  }

  /**
   * Judges the caches as they are now at {@code at}, keeps the result as {@link #last()}, and
   * returns it.
   */
  public synchronized Run run(Instant at) {
    requireNonNull(at, "at == null");
    long start = System.nanoTime();
    Snapshot snapshot = snapshot();
    Report report =
        Doctor.run(
            snapshot, new DoctorOptions(at, options.expiryWarning(), options.clusterDomain()));
    Run r =
        new Run(
            at, report.findings(), report.objects(), Duration.ofNanos(System.nanoTime() - start));
    last.set(r);
    return r;
  }

  /**
   * Runs the doctor now and then every {@link ControllerOptions#doctorInterval()} on {@code
   * executor}, judging at {@code clock}'s instant. A failed run is logged and the previous result
   * kept; the next run is still made. Cancel the returned future to stop.
   */
  public ScheduledFuture<?> start(ScheduledExecutorService executor, Clock clock) {
    requireNonNull(executor, "executor == null");
    requireNonNull(clock, "clock == null");
    long every = options.doctorInterval().toMillis();
    return executor.scheduleWithFixedDelay(
        () -> {
          try {
            Run r = run(clock.instant());
            log.debug(
                "doctor ran over the caches",
                Map.of("findings", r.findings().size(), "objects", r.objects(), "took", r.took()));
          } catch (RuntimeException e) {
            log.error(
                "doctor run over the caches failed; certmedic_findings keeps the previous run",
                Map.of(),
                e);
          }
        },
        0,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** The caches as a snapshot, the way the live reader would have read them. */
  Snapshot snapshot() {
    SnapshotBuilder b = Snapshot.builder();
    SnapshotReader reader = new SnapshotReader(b);
    for (Class<? extends HasMetadata> type : NAMESPACED) {
      feed(reader, type);
      String kind = HasMetadata.getKind(type);
      if (options.watchNamespaces().isEmpty()) {
        b.listed(kind, "*");
      } else {
        options.watchNamespaces().forEach(ns -> b.listed(kind, ns));
      }
    }
    for (Class<? extends HasMetadata> type : CLUSTER_SCOPED) {
      feed(reader, type);
    }
    if (options.readsClusterWide()) {
      // Pods (POD_TRUST_STALE), Ingresses and CSRs, read-only and cluster-wide
      for (Class<? extends HasMetadata> type : Caches.READ_ONLY_NAMESPACED) {
        feed(reader, type);
        b.listed(HasMetadata.getKind(type), "*");
      }
      for (Class<? extends HasMetadata> type : Caches.READ_ONLY_CLUSTER_SCOPED) {
        feed(reader, type);
      }
      // Gateways, Routes, cert-manager: only the kinds discovery says are served, and listed now
      for (ApiKind k : Caches.CUSTOM_KINDS) {
        view.custom(k.kind())
            .ifPresent(
                objects -> {
                  for (GenericKubernetesResource o : objects) {
                    feed(reader, o, k.kind());
                  }
                  b.listed(k.kind(), "*");
                });
      }
    }
    reader.finish();
    PARTIAL_KINDS.forEach(b::partial);
    return b.build();
  }

  private void feed(SnapshotReader reader, Class<? extends HasMetadata> type) {
    for (HasMetadata o : view.list(type)) {
      reader.document(new Document(node(o, type), where(HasMetadata.getKind(type), o)));
    }
  }

  /** A CRD object: it carries its own kind and apiVersion, as the API server listed it. */
  private static void feed(SnapshotReader reader, GenericKubernetesResource o, String kind) {
    reader.document(new Document(SERIALIZATION.convertValue(o, JsonNode.class), where(kind, o)));
  }

  private static String where(String kind, HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return "cache "
        + kind
        + " "
        + (ns == null || ns.isEmpty() ? "" : ns + "/")
        + o.getMetadata().getName();
  }

  /** The object as the API server would have listed it: with kind and apiVersion. */
  static JsonNode node(HasMetadata o, Class<? extends HasMetadata> type) {
    JsonNode n = SERIALIZATION.convertValue(o, JsonNode.class);
    if (n instanceof ObjectNode on) {
      if (!on.hasNonNull("kind")) {
        on.put("kind", HasMetadata.getKind(type));
      }
      if (!on.hasNonNull("apiVersion")) {
        on.put("apiVersion", HasMetadata.getApiVersion(type));
      }
    }
    return n;
  }
}
