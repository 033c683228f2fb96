package io.certmedic.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certmedic.controller.engine.testing.RbacAudit;
import io.certmedic.controller.testing.Objects8;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole controller (informers, work queue, reconcilers, writer, Lease, metrics) against
 * fabric8's mock API server in CRUD mode, with a clock the test moves.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerE2ETest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String AGENT = "certmedic-controller-e2e";

  KubernetesMockServer server;
  KubernetesClient client;

  final MutableClock clock = new MutableClock(TestPki.NOW);
  final List<Controller> running = new ArrayList<>();
  final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    running.forEach(Controller::close);
  }

  static ControllerOptions options(String identity, boolean leaderElect) {
    ControllerOptions d = ControllerOptions.defaults("certmedic", identity);
    return new ControllerOptions(
        d.namespace(),
        d.caSecretName(),
        d.clusterDomain(),
        d.keyType(),
        d.certLifetime(),
        d.renewalFraction(),
        d.caLifetime(),
        d.caRotationFraction(),
        Duration.ofMinutes(10),
        List.of(),
        leaderElect,
        d.leaseName(),
        identity,
        Duration.ofSeconds(2),
        Duration.ofMillis(1500),
        Duration.ofMillis(200),
        2,
        d.doctorInterval(),
        d.expiryWarning(),
        0,
        0,
        ControllerOptions.LogFormat.JSON,
        "127.0.0.1",
        "127.0.0.1",
        d.clusterWideReads());
  }

  Controller start(String identity, boolean leaderElect) throws Exception {
    KubernetesClient c =
        server.createClient(b -> b.editOrNewConfig().withUserAgent(AGENT).endConfig());
    Controller ctl =
        Controller.start(
            c,
            options(identity, leaderElect),
            clock,
            new PrintStream(logs, true, StandardCharsets.UTF_8));
    running.add(ctl);
    return ctl;
  }

  Secret secret(String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

  X509Certificate leaf(String ns, String name) throws Exception {
    return PemReader.readCertificates(Objects8.data(secret(ns, name), "tls.crt"), "tls.crt").get(0);
  }

  List<X509Certificate> webhookBundle(String name) throws Exception {
    ValidatingWebhookConfiguration v =
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).get();
    String b = v.getWebhooks().get(0).getClientConfig().getCaBundle();
    return b == null
        ? List.of()
        : PemReader.readCertificates(Base64.getDecoder().decode(b), "caBundle");
  }

  boolean apiServerAccepts(String ns, String secret, String svc, String webhook) {
    try {
      return ServingVerifier.verify(
              List.of(leaf(ns, secret)),
              webhookBundle(webhook),
              svc + "." + ns + ".svc",
              clock.instant())
          instanceof Verified;
    } catch (Exception e) {
      return false;
    }
  }

  List<Event> events(String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void annotateRenameDeleteAndExpireAServiceWhileEveryCallStaysAllowed() throws Exception {
    // Given a running controller (its API calls audited against Rbac) and a webhook asking for the
    // bundle
    RbacAudit audit = RbacAudit.of(server, AGENT, "certmedic");
    Controller ctl = start("replica-a", false);
    client
        .resource(
            Objects8.webhook(
                "spark-hook",
                "spark",
                "spark-operator-webhook",
                Map.of(Annotations.INJECT_CABUNDLE, "true")))
        .create();

    // When a Service is annotated: the Secret is issued and the webhook trusts it
    Service first =
        client
            .resource(
                Objects8.annotatedService("spark", "spark-operator-webhook", "spark-webhook-certs"))
            .create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                apiServerAccepts(
                    "spark", "spark-webhook-certs", "spark-operator-webhook", "spark-hook"));
    assertThat(events("spark", "Issued")).isNotEmpty();

    // When the chart renames the Service (the Spark incident): reissued for the new names
    client.resource(first).delete();
    client
        .resource(Objects8.annotatedService("spark", "spark-webhook-svc", "spark-webhook-certs"))
        .create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                "SAN_MISMATCH"
                    .equals(
                        secret("spark", "spark-webhook-certs")
                            .getMetadata()
                            .getAnnotations()
                            .get(Annotations.ISSUE_REASON)));
    assertThat(apiServerAccepts("spark", "spark-webhook-certs", "spark-webhook-svc", "spark-hook"))
        .isTrue();

    // When the Secret is deleted: recreated
    X509Certificate before = leaf("spark", "spark-webhook-certs");
    client.secrets().inNamespace("spark").withName("spark-webhook-certs").delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                secret("spark", "spark-webhook-certs") != null
                    && "SECRET_MISSING"
                        .equals(
                            secret("spark", "spark-webhook-certs")
                                .getMetadata()
                                .getAnnotations()
                                .get(Annotations.ISSUE_REASON)));
    assertThat(leaf("spark", "spark-webhook-certs")).isNotEqualTo(before);

    // When two thirds of its life pass (the clock jumps 61 days): renewed before it expires
    clock.advance(Duration.ofDays(61));
    ctl.resync();
    await()
        .atMost(WAIT)
        .until(
            () ->
                "RENEWAL_DUE"
                    .equals(
                        secret("spark", "spark-webhook-certs")
                            .getMetadata()
                            .getAnnotations()
                            .get(Annotations.ISSUE_REASON)));
    assertThat(apiServerAccepts("spark", "spark-webhook-certs", "spark-webhook-svc", "spark-hook"))
        .isTrue();

    // Then the metrics say so, /readyz is up, and every call the controller made is allowed by its
    // RBAC
    String metrics = get(ctl.metricsPort(), "/metrics");
    assertThat(metrics)
        .startsWith("200 ")
        .contains("certmedic_reissue_total{reason=\"RENEWAL_DUE\"} 1.0")
        .contains("certmedic_reissue_total{reason=\"SAN_MISMATCH\"} 1.0")
        .contains(
            "certmedic_certificate_not_after_timestamp_seconds{namespace=\"spark\",secret=\"spark-webhook-certs\",service=\"spark-webhook-svc\"}");
    assertThat(get(ctl.healthPort(), "/readyz")).startsWith("200");
    audit.assertAllowed();
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");
  }

  @Test
  void aConflictingInjectorIsReportedAndNeverWrittenTo() throws Exception {
    // Given a webhook that cert-manager's cainjector also claims
    client
        .resource(
            Objects8.webhook(
                "gate",
                "gk",
                "gate-svc",
                Map.of(
                    Annotations.INJECT_CABUNDLE,
                    "true",
                    "cert-manager.io/inject-ca-from",
                    "gk/gate-cert")))
        .create();
    String rv =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("gate")
            .get()
            .getMetadata()
            .getResourceVersion();

    // When the controller runs
    Controller ctl = start("replica-a", false);

    // Then a Warning Event names the conflict, and the webhook is never written (no loop with the
    // other injector)
    await().atMost(WAIT).until(() -> !events("default", "InjectionConflict").isEmpty());
    ctl.resync();
    Thread.sleep(500);
    assertThat(
            client
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("gate")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(rv);
    assertThat(events("default", "InjectionConflict")).hasSize(1);
  }

  @Test
  void aMalformedAnnotationGivesAWarningEventAndNoCrashLoop() throws Exception {
    Controller ctl = start("replica-a", false);

    client.resource(Objects8.annotatedService("ns", "api", "Not A Name")).create();
    client.resource(Objects8.annotatedService("ns", "good", "good-tls")).create();

    await()
        .atMost(WAIT)
        .until(
            () -> !events("ns", "InvalidAnnotation").isEmpty() && secret("ns", "good-tls") != null);
    assertThat(events("ns", "InvalidAnnotation").get(0).getMessage())
        .contains("is not a valid Secret name");
    assertThat(get(ctl.healthPort(), "/healthz")).startsWith("200");
    // the doctor over the caches reports it too: certmedic_findings and `certmedic doctor` agree
    ctl.runDoctor(clock.instant());
    assertThat(get(ctl.metricsPort(), "/metrics"))
        .contains("certmedic_findings{code=\"INJECTION_SOURCE_MISSING\",severity=\"error\"} 1.0");
  }

  @Test
  void twoReplicasElectOneLeaderAndTheOtherFinishesARotationAfterFailover() throws Exception {
    // Given two replicas and a served webhook
    Controller a = start("replica-a", true);
    Controller b = start("replica-b", true);
    client
        .resource(
            Objects8.webhook("hook", "ns", "api", Map.of(Annotations.INJECT_CABUNDLE, "true")))
        .create();
    client.resource(Objects8.annotatedService("ns", "api", "api-tls")).create();
    await().atMost(WAIT).until(() -> a.isLeader() ^ b.isLeader());
    await().atMost(WAIT).until(() -> apiServerAccepts("ns", "api-tls", "api", "hook"));
    Controller leader = a.isLeader() ? a : b;
    Controller standby = leader == a ? b : a;
    X509Certificate firstCa =
        PemReader.readCertificates(
                Objects8.data(secret("certmedic", "certmedic-ca"), "tls.crt"), "ca")
            .get(0);

    // When the CA reaches two thirds of its life, the leader stages the next CA into every bundle
    clock.advance(Duration.ofDays(3 * 365 + 200));
    leader.resync();
    await()
        .atMost(WAIT)
        .until(
            () ->
                "STAGED"
                        .equals(
                            secret("certmedic", "certmedic-ca")
                                .getMetadata()
                                .getAnnotations()
                                .get(Annotations.CA_PHASE))
                    && webhookBundle("hook").size() == 2);
    assertThat(apiServerAccepts("ns", "api-tls", "api", "hook")).isTrue();

    // When the leader dies mid-rotation, the standby takes over within the lease and finishes the
    // rotation
    leader.close();
    await().atMost(WAIT).until(standby::isLeader);
    for (int step = 0; step < 3; step++) {
      clock.advance(Duration.ofMinutes(11));
      standby.resync();
      Thread.sleep(700);
      assertThat(apiServerAccepts("ns", "api-tls", "api", "hook"))
          .as("the API server trusts the served cert at step " + step)
          .isTrue();
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                "STABLE"
                    .equals(
                        secret("certmedic", "certmedic-ca")
                            .getMetadata()
                            .getAnnotations()
                            .get(Annotations.CA_PHASE)));
    await().atMost(WAIT).until(() -> webhookBundle("hook").size() == 1);

    // Then the serving cert is signed by the new CA, the old one has left the bundle, and trust
    // held throughout
    X509Certificate newCa = webhookBundle("hook").get(0);
    assertThat(newCa).isNotEqualTo(firstCa);
    assertThat(leaf("ns", "api-tls").getIssuerX500Principal())
        .isEqualTo(newCa.getSubjectX500Principal())
        .isNotEqualTo(firstCa.getSubjectX500Principal());
    leaf("ns", "api-tls").verify(newCa.getPublicKey());
    assertThat(apiServerAccepts("ns", "api-tls", "api", "hook")).isTrue();
  }

  @Test
  void aKindForbiddenAtStartIsCountedReportedOnThePodAndReadOnceAllowed() throws Exception {
    // Given a controller refused APIServices twice (its RBAC not applied yet), allowed from then on
    server
        .expect()
        .get()
        .withPath("/apis/apiregistration.k8s.io/v1/apiservices?resourceVersion=0")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("apiservices.apiregistration.k8s.io is forbidden")
                .build())
        .times(2);
    client
        .resource(
            new io.fabric8.kubernetes.api.model.APIServiceBuilder()
                .withNewMetadata()
                .withName("v1beta1.metrics.k8s.io")
                .endMetadata()
                .build())
        .create();

    // When it starts
    Controller ctl = start("pod-a", false);

    // Then each failed list is counted, and one Warning Event on its own Pod says why
    await()
        .atMost(WAIT)
        .until(
            () ->
                get(ctl.metricsPort(), "/metrics")
                    .contains(
                        "certmedic_cache_list_failures_total{kind=\"APIService\",reason=\"forbidden\"} 2.0"));
    List<Event> warned = events("certmedic", ListFailureReporter.REASON);
    assertThat(warned)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("pod-a");
              assertThat(e.getMessage())
                  .startsWith(
                      "cannot list APIServices: HTTP 403: apiservices.apiregistration.k8s.io is"
                          + " forbidden; the cache of APIService reads as empty");
            });
    // And once allowed the cache fills and /readyz passes, without a restart
    await()
        .atMost(WAIT)
        .until(
            () ->
                ctl.view().list(io.fabric8.kubernetes.api.model.APIService.class).size() == 1
                    && get(ctl.healthPort(), "/readyz").startsWith("200"));
  }
}
