package io.certmedic.kube.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Paging, refusals and failures of the API server, with expectations (the CRUD mock ignores
 * limit/continue).
 */
@EnableKubernetesMockClient
class LiveReaderPagingTest {

  KubernetesMockServer server;
  KubernetesClient client;

  static final String LIMIT = "?limit=" + LiveReader.PAGE_SIZE;

  /** Every kind but {@code except} answers an empty list. */
  static void emptyListsExcept(KubernetesMockServer server, String except) {
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.kind().equals(except)) {
        server
            .expect()
            .get()
            .withPath(k.path(null) + LIMIT)
            .andReturn(200, "{\"kind\":\"" + k.kind() + "List\",\"metadata\":{},\"items\":[]}")
            .always();
      }
    }
  }

  /**
   * Page {@code p} of {@code pages}: 500 Opaque Secrets, and a continue token unless it is the
   * last.
   */
  static String secretPage(int p, int pages) {
    StringBuilder sb =
        new StringBuilder(
            "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"42\"");
    if (p < pages - 1) {
      sb.append(",\"continue\":\"tok-").append(p + 1).append("\"");
    }
    sb.append("},\"items\":[");
    for (int i = 0; i < LiveReader.PAGE_SIZE; i++) {
      int n = p * LiveReader.PAGE_SIZE + i;
      sb.append(i == 0 ? "" : ",")
          .append("{\"metadata\":{\"name\":\"s-")
          .append(n)
          .append("\",\"namespace\":\"ns-")
          .append(n % 50)
          .append("\",\"uid\":\"u-")
          .append(n)
          .append("\"},\"type\":\"Opaque\",\"data\":{\"password\":\"cGFzcw==\"}}");
    }
    return sb.append("]}").toString();
  }

  static String pagePath(int p) {
    return "/api/v1/secrets" + LIMIT + (p == 0 ? "" : "&continue=tok-" + p);
  }

  @Test
  void tenThousandSecretsTakeTwentyRequestsNotTenThousand() throws Exception {
    // Given an API server holding 10,000 Secrets, served 500 a page with continue tokens
    emptyListsExcept(server, "Secret");
    int pages = 10_000 / LiveReader.PAGE_SIZE;
    for (int p = 0; p < pages; p++) {
      server.expect().get().withPath(pagePath(p)).andReturn(200, secretPage(p, pages)).once();
    }
    int before = server.getRequestCount();

    // When the live reader lists the cluster
    LiveReader.Stats stats =
        LiveReader.list(
            client,
            null,
            new io.certmedic.kube.manifest.ManifestSink() {
              @Override
              public void document(io.certmedic.kube.manifest.Document d) {}

              @Override
              public void unreadable(String where, String problem) {}
            },
            new LiveReader.Listener() {});

    // Then requests are one per page plus one per other kind, and every object arrived
    int expected = pages + LiveReader.KINDS.size() - 1;
    assertThat(server.getRequestCount() - before).isEqualTo(expected);
    assertThat(stats.requests()).isEqualTo(expected);
    assertThat(stats.objects()).isEqualTo(10_000);
  }

  @Test
  void pagedSecretsAllReachTheSnapshotAndAbsenceIsJudgedEverywhere() throws Exception {
    // Given 1,500 Secrets in three pages
    emptyListsExcept(server, "Secret");
    for (int p = 0; p < 3; p++) {
      server.expect().get().withPath(pagePath(p)).andReturn(200, secretPage(p, 3)).once();
    }
    // When read into a snapshot
    Snapshot s = LiveReader.read(client, null);
    // Then all are there, with their kind, as live objects
    assertThat(s.secrets()).hasSize(1_500).allSatisfy(x -> assertThat(x.meta().live()).isTrue());
    assertThat(s.secrets().get(1_499).meta().name()).isEqualTo("s-1499");
    assertThat(s.holds("Secret", "kube-system")).isTrue();
  }

  @Test
  void forbiddenSecretsBecomeAnInfoFindingAndTheRestIsRead() throws Exception {
    // Given a caller that may not list Secrets
    emptyListsExcept(server, "Secret");
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"secrets is forbidden: User \\\"dev\\\" cannot list resource \\\"secrets\\\"\",\"reason\":\"Forbidden\",\"code\":403}")
        .always();
    // When the cluster is read
    Snapshot s = LiveReader.read(client, null);
    // Then the gap is an info finding that says what was skipped and how to grant it
    assertThat(s.holds("Secret", "default")).as("absence of Secrets is not judged").isFalse();
    assertThat(s.holds("Service", "default")).isTrue();
    var findings = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.INPUT_FORBIDDEN);
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.message())
                  .isEqualTo(
                      "could not list Secrets in all namespaces (403 forbidden): certificate and key checks on Secrets were skipped;"
                          + " grant list on secrets or run with -n");
            });
  }

  @Test
  void aForbiddenNamespaceNamesTheNamespace() {
    ApiKind secrets = LiveReader.KINDS.get(0);
    assertThat(LiveReader.forbiddenMessage(secrets, "payments"))
        .isEqualTo(
            "could not list Secrets in namespace payments (403 forbidden): certificate and key checks on Secrets were skipped; grant list on secrets in payments");
    assertThat(LiveReader.forbiddenMessage(LiveReader.KINDS.get(8), null))
        .isEqualTo(
            "could not list ValidatingWebhookConfigurations (403 forbidden): validating webhook checks were skipped;"
                + " grant list on validatingwebhookconfigurations.admissionregistration.k8s.io");
  }

  @Test
  void aNamespacedReadListsNamespacedKindsInThatNamespaceOnly() throws Exception {
    // Given expectations only for the namespaced paths of payments and cluster-wide paths
    for (ApiKind k : LiveReader.KINDS) {
      server
          .expect()
          .get()
          .withPath(k.path(k.namespaced() ? "payments" : null) + LIMIT)
          .andReturn(200, "{\"metadata\":{},\"items\":[]}")
          .always();
    }
    // When read with -n payments, Then nothing is asked of other namespaces
    LiveReader.Stats stats =
        LiveReader.list(
            client,
            "payments",
            new io.certmedic.kube.manifest.ManifestSink() {
              @Override
              public void document(io.certmedic.kube.manifest.Document d) {}

              @Override
              public void unreadable(String where, String problem) {}
            },
            new LiveReader.Listener() {});
    assertThat(stats.requests()).isEqualTo(LiveReader.KINDS.size());
  }

  @Test
  void anUninstalledCertManagerIsNotAnError() throws Exception {
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.optional()) {
        server
            .expect()
            .get()
            .withPath(k.path(null) + LIMIT)
            .andReturn(200, "{\"metadata\":{},\"items\":[]}")
            .always();
      }
    }
    // Certificates answer 404 (no expectation): the CRD is not installed
    assertThat(LiveReader.read(client, null).unreadable()).isEmpty();
  }

  @Test
  void withoutCertManagerGatewayApiOrRoutesTheReadStaysQuietAndAsksOncePerVersion()
      throws Exception {
    // Given a cluster serving only the built-in kinds: every CRD kind answers 404
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.optional()) {
        server
            .expect()
            .get()
            .withPath(k.path(null) + LIMIT)
            .andReturn(200, "{\"metadata\":{},\"items\":[]}")
            .always();
      }
    }
    int before = server.getRequestCount();
    // When the cluster is read
    Snapshot s = LiveReader.read(client, null);
    // Then nothing is reported, and each CRD kind cost one request (Gateway one per version),
    // plus one discovery request per group and version that answered 404
    assertThat(s.unreadable()).isEmpty();
    assertThat(Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings()).isEmpty();
    assertThat(s.gateways()).isEmpty();
    long groupVersions =
        LiveReader.KINDS.stream()
            .filter(ApiKind::optional)
            .flatMap(
                k ->
                    k.older() == null
                        ? java.util.stream.Stream.of(k.apiVersion())
                        : java.util.stream.Stream.of(k.apiVersion(), k.older().apiVersion()))
            .distinct()
            .count();
    assertThat(server.getRequestCount() - before)
        .isEqualTo(LiveReader.KINDS.size() + 1 + groupVersions);
  }

  @Test
  void aBuiltInKindAnswered404IsAWarningNamingItAndTheRestIsRead() throws Exception {
    // Given an API proxy that serves every built-in kind but batch/v1 Jobs, and one Service
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.optional() && !k.kind().equals("Job") && !k.kind().equals("Service")) {
        answer(k.path(null), k.kind(), "");
      }
    }
    answer(
        "/api/v1/services",
        "Service",
        "{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"uid\":\"1\"},"
            + "\"spec\":{\"ports\":[{\"port\":443}]}}");
    // (jobs answer 404: no expectation)

    // When the cluster is read
    Snapshot s = LiveReader.read(client, null);

    // Then the read goes on past Jobs, and the gap is a warning that names the kind
    assertThat(s.services())
        .singleElement()
        .satisfies(v -> assertThat(v.meta().name()).isEqualTo("web"));
    assertThat(s.holds("Job", "shop")).as("absence of Jobs is not judged").isFalse();
    assertThat(s.holds("CronJob", "shop")).isTrue();
    var findings = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.INPUT_NOT_SERVED);
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.object().kind()).isEqualTo("Job");
              assertThat(f.message())
                  .isEqualTo(
                      "the API server at "
                          + client.getMasterUrl().toString().replaceAll("/$", "")
                          + " did not serve Jobs (batch/v1, 404 for /apis/batch/v1/jobs):"
                          + " links to the certificates Jobs mount were skipped");
            });
  }

  @Test
  void aCrdKindDiscoveryListsButThatAnswers404IsReportedWhileAbsentCrdsStayQuiet()
      throws Exception {
    // Given a cluster whose discovery serves cert-manager.io/v1 with certificates, but whose list
    // of Certificates answers 404 (a proxy serving a subset); Gateway API and Routes are absent
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.optional()
          || (k.apiVersion().startsWith("cert-manager.io/") && !k.kind().equals("Certificate"))) {
        answer(k.path(null), k.kind(), "");
      }
    }
    server
        .expect()
        .get()
        .withPath("/apis/cert-manager.io/v1")
        .andReturn(
            200,
            "{\"kind\":\"APIResourceList\",\"groupVersion\":\"cert-manager.io/v1\",\"resources\":["
                + "{\"name\":\"certificates\",\"namespaced\":true,\"kind\":\"Certificate\"},"
                + "{\"name\":\"issuers\",\"namespaced\":true,\"kind\":\"Issuer\"}]}")
        .always();

    // When the cluster is read
    Snapshot s = LiveReader.read(client, null);

    // Then only Certificates are reported, by name, and the absent CRDs say nothing
    assertThat(s.unreadable())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.kind()).isEqualTo("Certificate");
              assertThat(u.problem())
                  .contains(
                      "did not serve Certificates (cert-manager.io/v1, 404 for /apis/cert-manager.io/v1/certificates)");
            });
    assertThat(Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings())
        .extracting(f -> f.code())
        .containsExactly(FindingCode.INPUT_NOT_SERVED);
  }

  @Test
  void crdKindsAreReadWhereServedAndGatewaysAtV1beta1WhereV1IsNot() throws Exception {
    // Given Gateway API v1beta1 only, cert-manager and OpenShift Routes
    for (ApiKind k : LiveReader.KINDS) {
      if (!java.util.Set.of("Gateway", "ClusterIssuer", "Route").contains(k.kind())) {
        answer(k.path(null), k.kind(), "");
      }
    }
    answer(
        "/apis/cert-manager.io/v1/clusterissuers",
        "ClusterIssuer",
        "{\"metadata\":{\"name\":\"letsencrypt\",\"uid\":\"1\"},\"spec\":{\"acme\":{}},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
            + "\"reason\":\"ErrRegisterACMEAccount\",\"message\":\"no such host\"}]}}");
    answer(
        "/apis/route.openshift.io/v1/routes",
        "Route",
        "{\"metadata\":{\"name\":\"shop\",\"namespace\":\"web\",\"uid\":\"2\"},"
            + "\"spec\":{\"host\":\"shop.apps.example.com\",\"tls\":{\"termination\":\"edge\"}}}");
    answer(
        "/apis/gateway.networking.k8s.io/v1beta1/gateways",
        "Gateway",
        "{\"metadata\":{\"name\":\"edge\",\"namespace\":\"infra\",\"uid\":\"3\"},"
            + "\"spec\":{\"gatewayClassName\":\"x\",\"listeners\":[{\"name\":\"https\","
            + "\"protocol\":\"HTTPS\",\"port\":443,\"tls\":{\"certificateRefs\":[{\"name\":\"edge-tls\"}]}}]}}");
    // (gateways at v1 answer 404: no expectation)

    // When the cluster is read
    Snapshot s = LiveReader.read(client, null);

    // Then each kind arrives with its kind and version, as live objects
    assertThat(s.issuer("ClusterIssuer", "", "letsencrypt").orElseThrow().ready())
        .hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo("ErrRegisterACMEAccount"));
    assertThat(s.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.host()).isEqualTo("shop.apps.example.com");
              assertThat(r.meta().live()).isTrue();
            });
    assertThat(s.gateways())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.apiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
              assertThat(g.listeners().get(0).certificateRefs().get(0).namespace())
                  .isEqualTo("infra");
            });
    assertThat(s.holds("Gateway", "infra")).isTrue();
    assertThat(s.unreadable()).isEmpty();
  }

  private void answer(String path, String kind, String item) {
    server
        .expect()
        .get()
        .withPath(path + LIMIT)
        .andReturn(200, "{\"kind\":\"" + kind + "List\",\"metadata\":{},\"items\":[" + item + "]}")
        .always();
  }

  @Test
  void anApiServerThatStopsAnsweringMidListFailsWithinTheTimeout() {
    // Given the first page of Secrets, then a second page that never comes in time
    emptyListsExcept(server, "Secret");
    server.expect().get().withPath(pagePath(0)).andReturn(200, secretPage(0, 3)).once();
    server
        .expect()
        .get()
        .delay(20, TimeUnit.SECONDS)
        .withPath(pagePath(1))
        .andReturn(200, secretPage(1, 3))
        .once();
    try (KubernetesClient slow =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withRequestTimeout(1_000).build())
            .build()) {
      long start = System.nanoTime();
      // When read, Then one line says what timed out, well before the server would answer
      assertThatThrownBy(() -> LiveReader.read(slow, null))
          .isInstanceOf(LiveException.class)
          .hasMessage(
              "cannot list Secrets from the API server at "
                  + trim(client.getMasterUrl().toString())
                  + ": timed out after 1s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void unauthorizedNamesTheContext() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"code\":401}")
        .always();
    assertThatThrownBy(() -> LiveReader.read(client, null))
        .isInstanceOf(LiveException.class)
        .hasMessageStartingWith("unauthorized: check the credentials of ");
  }

  @Test
  void aRefusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (KubernetesClient gone =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + port)
                    .withTrustCerts(true)
                    .withRequestTimeout(5_000)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      assertThatThrownBy(() -> LiveReader.read(gone, null))
          .isInstanceOf(LiveException.class)
          .hasMessage(
              "cannot list Secrets from the API server at https://127.0.0.1:"
                  + port
                  + ": connection refused");
    }
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
