package io.certmedic.controller.metrics;

import static io.certmedic.controller.metrics.Fixtures.b64;
import static io.certmedic.controller.metrics.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.log.Log;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

@io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient(crud = true)
class CacheDoctorTest {

  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
  io.fabric8.kubernetes.client.KubernetesClient client;

  static final String NS = "hooks";
  static final TestPki.Cert CA = TestPki.ca("certmedic-ca").build();
  static final ControllerOptions OPTIONS = ControllerOptions.defaults("certmedic", "pod-a");

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log =
      Log.create(
              ControllerOptions.LogFormat.TEXT,
              new PrintStream(logged, true, StandardCharsets.UTF_8),
              Clock.fixed(TestPki.NOW, ZoneOffset.UTC))
          .withLevel(Log.Level.DEBUG);

  static ValidatingWebhookConfiguration webhook(String name, String service) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(UUID.randomUUID().toString())
        .withResourceVersion("7")
        .endMetadata()
        .addNewWebhook()
        .withName(name + ".example.com")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withCaBundle(b64(PemWriter.certificate(CA.cert())))
        .withNewService()
        .withNamespace(NS)
        .withName(service)
        .withPort(443)
        .withPath("/validate")
        .endService()
        .endClientConfig()
        .endWebhook()
        .build();
  }

  static Service service(String name, String app, String annotation, String secret) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace(NS)
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .withResourceVersion("3")
            .endMetadata()
            .withNewSpec()
            .addToSelector("app", app)
            .addNewPort()
            .withPort(443)
            .withNewTargetPort(8443)
            .endPort()
            .endSpec();
    if (annotation != null) {
      b.editMetadata().addToAnnotations(annotation, secret).endMetadata();
    }
    return b.build();
  }

  static Deployment deployment(String name, String app, String mountedSecret) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .withUid(UUID.randomUUID().toString())
        .withResourceVersion("9")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", app)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("server")
        .withImage("example/" + app + ":1")
        .addNewPort()
        .withContainerPort(8443)
        .endPort()
        .addNewVolumeMount()
        .withName("certs")
        .withMountPath("/certs")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("certs")
        .withNewSecret()
        .withSecretName(mountedSecret)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The controller's caches in namespace {@code hooks}: three webhooks whose Secrets are not cached
   * (one mounted by a Deployment, one named by an OpenShift serving-cert annotation) or are managed
   * and broken (names lack audit-svc.hooks.svc), plus a managed Secret that expired.
   */
  static TestView brokenAndUncached() {
    Secret audit =
        tlsSecret(
            NS,
            "audit-tls",
            TestPki.leaf("audit-svc.other.svc").signedBy(CA).build(),
            CA,
            "audit-svc");
    Secret expired =
        tlsSecret(
            NS,
            "old-tls",
            TestPki.leaf("old-svc.hooks.svc").signedBy(CA).expiredDaysAgo(3).build(),
            CA,
            "old-svc");
    return new TestView()
        .put(
            webhook("policy-gate", "policy-gate-svc"),
            service("policy-gate-svc", "policy-gate", null, null),
            deployment("policy-gate", "policy-gate", "policy-gate-tls"),
            webhook("legacy", "legacy-svc"),
            service(
                "legacy-svc",
                "legacy",
                "service.beta.openshift.io/serving-cert-secret-name",
                "legacy-tls"),
            webhook("audit", "audit-svc"),
            service("audit-svc", "audit", Annotations.SERVING_CERT_SECRET_NAME, "audit-tls"),
            audit,
            expired);
  }

  @Test
  void judgesNoUncachedSecretMissingAndFindsTheManagedSecretsProblems() {
    // Given: the caches above, where Secrets policy-gate-tls and legacy-tls exist but are not
    // managed, so not cached
    CacheDoctor doctor = new CacheDoctor(brokenAndUncached(), OPTIONS, log);

    // When
    CacheDoctor.Run run = doctor.run(TestPki.NOW);

    // Then: nothing says an uncached Secret is missing, at any severity that alerts
    List<Finding> aboutUncached =
        run.findings().stream()
            .filter(f -> mentions(f, "policy-gate-tls") || mentions(f, "legacy-tls"))
            .toList();
    assertThat(aboutUncached)
        .hasSize(2)
        .allSatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.code()).isEqualTo(FindingCode.SERVING_CERT_UNKNOWN);
              assertThat(f.message()).contains("only some Secrets were read, so it may exist");
            });
    assertThat(run.findings()).noneMatch(f -> f.code() == FindingCode.INJECTION_SOURCE_MISSING);
    // and the real problems are found
    assertThat(run.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SAN_MISMATCH);
              assertThat(f.object().name()).isEqualTo("audit");
              assertThat(f.message()).contains("audit-svc.hooks.svc");
            });
    assertThat(run.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.CERT_EXPIRED);
              assertThat(f.object().kind()).isEqualTo("Secret");
              assertThat(f.object().name()).isEqualTo("old-tls");
            });
    assertThat(run.at()).isEqualTo(TestPki.NOW);
    assertThat(run.objects()).isEqualTo(9);
    assertThat(doctor.last()).contains(run);
  }

  @Test
  void judgesAServiceMissingFromTheServiceCacheMissing() {
    // Given: a webhook pointing at a Service the (unfiltered) Service cache does not hold
    TestView view = new TestView().put(webhook("gone", "gone-svc"));

    CacheDoctor.Run run = new CacheDoctor(view, OPTIONS, log).run(TestPki.NOW);

    assertThat(run.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SERVICE_NOT_FOUND);
              assertThat(f.object().name()).isEqualTo("gone");
            });
  }

  @Test
  void judgesServicesMissingOnlyInTheWatchedNamespaces() {
    // Given: the controller watches only namespace "apps"; the webhook's Service is in "hooks"
    ControllerOptions onlyApps =
        new ControllerOptions(
            OPTIONS.namespace(),
            OPTIONS.caSecretName(),
            OPTIONS.clusterDomain(),
            OPTIONS.keyType(),
            OPTIONS.certLifetime(),
            OPTIONS.renewalFraction(),
            OPTIONS.caLifetime(),
            OPTIONS.caRotationFraction(),
            OPTIONS.propagationDelay(),
            List.of("apps"),
            OPTIONS.leaderElect(),
            OPTIONS.leaseName(),
            OPTIONS.identity(),
            OPTIONS.leaseDuration(),
            OPTIONS.renewDeadline(),
            OPTIONS.retryPeriod(),
            OPTIONS.workers(),
            OPTIONS.doctorInterval(),
            OPTIONS.expiryWarning(),
            OPTIONS.metricsPort(),
            OPTIONS.healthPort(),
            OPTIONS.logFormat(),
            OPTIONS.metricsBindAddress(),
            OPTIONS.healthBindAddress(),
            OPTIONS.clusterWideReads());
    TestView view = new TestView().put(webhook("gone", "gone-svc"));

    CacheDoctor.Run run = new CacheDoctor(view, onlyApps, log).run(TestPki.NOW);

    assertThat(run.findings()).noneMatch(f -> f.code() == FindingCode.SERVICE_NOT_FOUND);
  }

  /** A trust bundle rewritten at 2026-05-20 and a pod of Deployment web started the day before. */
  static TestView staleTrust() {
    KubernetesSerialization k8s = new KubernetesSerialization();
    String ca = PemWriter.certificate(CA.cert()).replace("\n", "\n    ");
    ConfigMap bundle =
        k8s.unmarshal(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: corp-ca
              namespace: shop
              uid: u-cm
              managedFields:
              - manager: kubectl
                operation: Update
                time: "2026-05-20T09:00:00Z"
                fieldsType: FieldsV1
                fieldsV1: {"f:data": {"f:ca.crt": {}}}
            data:
              ca.crt: |
                %s
            """
                .formatted(ca),
            ConfigMap.class);
    Pod pod =
        k8s.unmarshal(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-5d8f-abcde
              namespace: shop
              uid: u-pod
              labels: {app: web, pod-template-hash: 5d8f}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u1}]
            spec:
              containers:
              - name: app
                image: web:1
                volumeMounts: [{name: ca, mountPath: /etc/corp-ca}]
              volumes: [{name: ca, configMap: {name: corp-ca}}]
            status:
              phase: Running
              containerStatuses:
              - {name: app, ready: true, restartCount: 0, image: web:1, imageID: "",
                 state: {running: {startedAt: "2026-05-19T08:00:00Z"}}}
            """,
            Pod.class);
    return new TestView().put(bundle, pod);
  }

  @Test
  void podsOnAStaleTrustBundleAreFoundInTheCachesWithClusterWideReads() {
    // Given a pod that started before the bundle it mounts changed, in the caches
    TestView view = staleTrust();

    // When the doctor runs over the caches
    CacheDoctor.Run run = new CacheDoctor(view, OPTIONS, log).run(TestPki.NOW);

    // Then its Deployment has a POD_TRUST_STALE finding, so certmedic_findings counts it
    assertThat(run.findings())
        .filteredOn(f -> f.code() == FindingCode.POD_TRUST_STALE)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().describe()).isEqualTo("Deployment shop/web");
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void withoutClusterWideReadsTheDoctorReadsNoPods() {
    // Given the same caches, and the cluster-wide reads turned off
    TestView view = staleTrust();

    // When the doctor runs over the caches
    CacheDoctor.Run run =
        new CacheDoctor(view, OPTIONS.withClusterWideReads(false), log).run(TestPki.NOW);

    // Then no pod is judged
    assertThat(run.findings()).noneMatch(f -> f.code() == FindingCode.POD_TRUST_STALE);
  }

  @Test
  void keepsNoResultBeforeItsFirstRun() {
    assertThat(new CacheDoctor(new TestView(), OPTIONS, log).last()).isEmpty();
  }

  @Test
  void runsOnItsSchedulerAtTheClocksInstant() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      CacheDoctor doctor = new CacheDoctor(brokenAndUncached(), OPTIONS, log);
      Clock later = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);

      ScheduledFuture<?> running = doctor.start(executor, later);

      await().atMost(Duration.ofSeconds(20)).until(() -> doctor.last().isPresent());
      assertThat(doctor.last().orElseThrow().at()).isEqualTo(later.instant());
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .contains("DEBUG doctor ran over the caches")
          .contains("objects=9");
      running.cancel(true);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void logsAFailedRunAndKeepsThePreviousResult() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      // Given: a first good run, then caches that fail to list
      FailingView view = new FailingView(brokenAndUncached());
      CacheDoctor doctor = new CacheDoctor(view, OPTIONS, log);
      CacheDoctor.Run first = doctor.run(TestPki.NOW);
      view.failing = true;

      // When
      ScheduledFuture<?> running =
          doctor.start(executor, Clock.fixed(TestPki.NOW.plusSeconds(60), ZoneOffset.UTC));

      // Then
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  logged
                      .toString(StandardCharsets.UTF_8)
                      .contains("doctor run over the caches failed"));
      assertThat(logged.toString(StandardCharsets.UTF_8))
          .contains("ERROR doctor run over the caches failed")
          .contains("error=\"java.lang.IllegalStateException: cache gone\"");
      assertThat(doctor.last()).contains(first);
      running.cancel(true);
    } finally {
      executor.shutdownNow();
    }
  }

  private static boolean mentions(Finding f, String secret) {
    return f.message().contains(secret)
        || f.related().stream().anyMatch(r -> r.name().equals(secret))
        || f.object().name().equals(secret);
  }

  /** A view that starts failing when told, as a cache torn down under the doctor would. */
  private static final class FailingView implements View {
    private final View delegate;
    volatile boolean failing;

    FailingView(View delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
      return delegate.get(type, namespace, name);
    }

    @Override
    public <T extends HasMetadata> Collection<T> list(Class<T> type) {
      if (failing) {
        throw new IllegalStateException("cache gone");
      }
      return delegate.list(type);
    }

    @Override
    public <T extends HasMetadata> Collection<T> list(Class<T> type, String namespace) {
      return delegate.list(type, namespace);
    }
  }

  /** A Gateway in infra whose HTTPS listener for shop.example.com uses Secret infra/edge-tls. */
  private void createGateway() {
    var context =
        new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io")
            .withVersion("v1")
            .withKind("Gateway")
            .withPlural("gateways")
            .withNamespaced(true)
            .build();
    var gateway = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    gateway.setApiVersion("gateway.networking.k8s.io/v1");
    gateway.setKind("Gateway");
    gateway.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace("infra")
            .withName("edge")
            .build());
    gateway.setAdditionalProperty(
        "spec",
        java.util.Map.of(
            "gatewayClassName",
            "example",
            "listeners",
            List.of(
                java.util.Map.of(
                    "name",
                    "https",
                    "protocol",
                    "HTTPS",
                    "port",
                    443,
                    "hostname",
                    "shop.example.com",
                    "tls",
                    java.util.Map.of(
                        "mode",
                        "Terminate",
                        "certificateRefs",
                        List.of(java.util.Map.of("name", "edge-tls")))))));
    client.genericKubernetesResources(context).inNamespace("infra").resource(gateway).create();
    // a Secret certmedic manages, so its Secret cache holds it; its certificate is for other names
    TestPki.Cert other = TestPki.leaf("other.example.com").signedBy(CA).build();
    Secret secret = tlsSecret("infra", "edge-tls", other, CA, "edge");
    secret.getMetadata().setUid(null);
    secret.getMetadata().setResourceVersion(null);
    client.resource(secret).create();
  }

  private io.certmedic.controller.engine.Caches caches() throws InterruptedException {
    var caches =
        new io.certmedic.controller.engine.Caches(
            client,
            OPTIONS,
            new io.certmedic.controller.engine.Router() {
              @Override
              public Collection<io.certmedic.controller.engine.Key> keysFor(
                  HasMetadata o, View view) {
                return List.of();
              }

              @Override
              public Collection<io.certmedic.controller.engine.Key> allKeys(View view) {
                return List.of();
              }
            },
            io.certmedic.controller.engine.WorkQueue.create());
    caches.start();
    assertThat(caches.awaitSynced(Duration.ofSeconds(20))).isTrue();
    return caches;
  }

  private static double findingsMetric(ControllerMetrics metrics, String code) {
    double sum = 0;
    for (var m : metrics.registry().scrape()) {
      if (m.getMetadata().getPrometheusName().equals(MetricNames.FINDINGS)) {
        for (var p : ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) m).getDataPoints()) {
          if (code.equals(p.getLabels().get("code"))) {
            sum += p.getValue();
          }
        }
      }
    }
    return sum;
  }

  @Test
  void aGatewayWhoseSecretHoldsACertForOtherNamesIsInTheFindingsMetric() throws Exception {
    // Given Gateway API served (discovery lists gateways) and a Gateway whose Secret holds a
    // certificate for other.example.com only
    server
        .expect()
        .get()
        .withPath("/apis/gateway.networking.k8s.io/v1")
        .andReturn(
            200,
            new io.fabric8.kubernetes.api.model.APIResourceListBuilder()
                .withGroupVersion("gateway.networking.k8s.io/v1")
                .addNewResource()
                .withName("gateways")
                .withKind("Gateway")
                .withNamespaced(true)
                .endResource()
                .build())
        .always();
    createGateway();

    // When the doctor runs over the controller's caches and Prometheus scrapes
    try (var caches = caches()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> caches.custom("Gateway").isPresent());
      CacheDoctor doctor = new CacheDoctor(caches, OPTIONS, log);
      CacheDoctor.Run run = doctor.run(TestPki.NOW);
      ControllerMetrics metrics = new ControllerMetrics(caches, OPTIONS, doctor::last, () -> false);

      // Then SAN_MISMATCH names the Gateway, and certmedic_findings counts it
      assertThat(run.findings())
          .filteredOn(f -> f.code() == FindingCode.SAN_MISMATCH)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.object().describe()).contains("Gateway").contains("infra/edge");
                assertThat(f.severity().atLeast(Severity.ERROR)).isTrue();
              });
      assertThat(findingsMetric(metrics, "SAN_MISMATCH")).isEqualTo(1.0);
    }
  }

  @Test
  void withDiscoveryNotServingGatewaysNoGatewayIsListedNorReported() throws Exception {
    // Given the same Gateway, but discovery does not list Gateway API (the CRDs are not installed)
    createGateway();

    // When the doctor runs over the controller's caches
    try (var caches = caches()) {
      CacheDoctor doctor = new CacheDoctor(caches, OPTIONS, log);
      CacheDoctor.Run run = doctor.run(TestPki.NOW);

      // Then no Gateway is cached, listed or judged, and nothing is said about it
      assertThat(caches.custom("Gateway")).isEmpty();
      assertThat(caches.unavailable()).isEmpty();
      assertThat(server.getRequestCount()).isPositive();
      assertThat(run.findings()).noneMatch(f -> f.object().describe().contains("Gateway"));
      assertThat(
              new ControllerMetrics(caches, OPTIONS, doctor::last, () -> false)
                  .registry().scrape().stream()
                      .anyMatch(
                          m -> m.getMetadata().getPrometheusName().equals(MetricNames.FINDINGS)))
          .isTrue();
      assertThat(run.findings()).noneMatch(f -> f.code() == FindingCode.SAN_MISMATCH);
    }
  }
}
