package io.certmedic.controller.metrics;

import static io.certmedic.controller.metrics.Fixtures.b64;
import static io.certmedic.controller.metrics.Fixtures.tlsSecret;
import static io.certmedic.controller.metrics.Fixtures.withResourceVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.health.HttpEndpoints;
import io.certmedic.controller.health.Probe;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.reissue.ReissueReason;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerMetricsTest {

  /** Fractions apart from their defaults (both 2/3), so a test tells which one a series used. */
  static final ControllerOptions OPTIONS =
      fractions(ControllerOptions.defaults("certmedic", "pod-a").withPorts(0, 0), 0.5, 0.8);

  static final TestPki.Cert CA =
      TestPki.ca("certmedic-ca")
          .validity(
              TestPki.NOW.minus(Duration.ofDays(100)), TestPki.NOW.plus(Duration.ofDays(1725)))
          .build();
  static final TestPki.Cert WEB =
      TestPki.leaf("web.shop.svc")
          .signedBy(CA)
          .keyType(io.certmedic.core.issue.KeyType.RSA_2048)
          .build();

  private final TestView view = new TestView();
  private final AtomicBoolean leader = new AtomicBoolean(false);
  private final AtomicReference<Optional<CacheDoctor.Run>> doctor =
      new AtomicReference<>(Optional.empty());
  private ControllerMetrics metrics;
  private HttpEndpoints http;
  private Secret web;
  private Secret caSecret;

  @BeforeEach
  void serve() throws IOException {
    web = tlsSecret("shop", "web-tls", WEB, CA, "web");
    caSecret = caSecret("STAGED");
    view.put(web, caSecret);
    metrics = new ControllerMetrics(view, OPTIONS, doctor::get, leader::get);
    http =
        HttpEndpoints.start(
            InetAddress.getLoopbackAddress(),
            0,
            0,
            metrics.registry(),
            Probe.of(() -> true, "x"),
            Probe.of(() -> true, "y"));
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static ControllerOptions fractions(ControllerOptions o, double renewal, double caRotation) {
    return new ControllerOptions(
        o.namespace(),
        o.caSecretName(),
        o.clusterDomain(),
        o.keyType(),
        o.certLifetime(),
        renewal,
        o.caLifetime(),
        caRotation,
        o.propagationDelay(),
        o.watchNamespaces(),
        o.leaderElect(),
        o.leaseName(),
        o.identity(),
        o.leaseDuration(),
        o.renewDeadline(),
        o.retryPeriod(),
        o.workers(),
        o.doctorInterval(),
        o.expiryWarning(),
        o.metricsPort(),
        o.healthPort(),
        o.logFormat(),
        o.metricsBindAddress(),
        o.healthBindAddress(),
        o.clusterWideReads());
  }

  Secret caSecret(String phase) {
    SecretBuilder b =
        new SecretBuilder(tlsSecret(OPTIONS.namespace(), OPTIONS.caSecretName(), CA, null, null));
    if (phase != null) {
      b.editMetadata().addToAnnotations(Annotations.CA_PHASE, phase).endMetadata();
    }
    return b.build();
  }

  /** GETs /metrics from 127.0.0.1 and reads it as Prometheus does. */
  String scrapeText() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.metricsPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    return r.body();
  }

  PromText scrape() throws Exception {
    return PromText.parse(scrapeText());
  }

  static Map<String, String> cert(String ns, String secret, String service) {
    return Map.of("namespace", ns, "secret", secret, "service", service);
  }

  static double seconds(java.util.Date d) {
    return d.getTime() / 1000.0;
  }

  @Test
  void exportsEachManagedCertificatesExpiryAndRenewalTime() throws Exception {
    PromText p = scrape();

    X509Certificate c = WEB.cert();
    double nb = seconds(c.getNotBefore());
    double na = seconds(c.getNotAfter());
    assertThat(p.types).containsEntry("certmedic_certificate_not_after_timestamp_seconds", "gauge");
    assertThat(
            p.value(
                "certmedic_certificate_not_after_timestamp_seconds",
                cert("shop", "web-tls", "web")))
        .hasValue(na);
    assertThat(
            p.value(
                    "certmedic_certificate_renewal_timestamp_seconds",
                    cert("shop", "web-tls", "web"))
                .orElseThrow())
        .isCloseTo(nb + (na - nb) * 0.5, within(0.001));
  }

  @Test
  void exportsTheCaSignerCertificateWithAnEmptyServiceRenewedAtTheRotationFraction()
      throws Exception {
    PromText p = scrape();

    double nb = seconds(CA.cert().getNotBefore());
    double na = seconds(CA.cert().getNotAfter());
    assertThat(
            p.value(
                "certmedic_certificate_not_after_timestamp_seconds",
                cert("certmedic", "certmedic-ca", "")))
        .hasValue(na);
    assertThat(
            p.value(
                    "certmedic_certificate_renewal_timestamp_seconds",
                    cert("certmedic", "certmedic-ca", ""))
                .orElseThrow())
        .isCloseTo(nb + (na - nb) * 0.8, within(0.001));
    assertThat(p.named("certmedic_certificate_not_after_timestamp_seconds")).hasSize(2);
  }

  @Test
  void leavesOutUnmanagedSecretsAndCertificatesThatDoNotParse() throws Exception {
    // Given: a Secret certmedic does not manage, and a managed one whose tls.crt is not a
    // certificate
    Secret foreign = tlsSecret("shop", "foreign-tls", WEB, CA, null);
    Secret broken =
        new SecretBuilder(tlsSecret("shop", "broken-tls", WEB, CA, "broken"))
            .addToData(
                "tls.crt",
                b64("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"))
            .build();
    Secret emptyManaged =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("empty-tls")
            .withUid(UUID.randomUUID().toString())
            .withResourceVersion("1")
            .addToLabels(Annotations.MANAGED_LABEL, "true")
            .endMetadata()
            .build();
    view.put(foreign, broken, emptyManaged);

    PromText p = scrape();

    assertThat(p.named("certmedic_certificate_not_after_timestamp_seconds"))
        .extracting(s -> s.labels().get("secret"))
        .containsExactlyInAnyOrder("web-tls", "certmedic-ca");
    assertThat(p.named("certmedic_certificate_renewal_timestamp_seconds"))
        .extracting(s -> s.labels().get("secret"))
        .containsExactlyInAnyOrder("web-tls", "certmedic-ca");
  }

  @Test
  void computesTheCachesAtScrapeTime() throws Exception {
    assertThat(
            scrape()
                .value(
                    "certmedic_certificate_not_after_timestamp_seconds",
                    cert("shop", "web-tls", "web")))
        .isPresent();

    // When: the informer drops the Secret and the CA moves on
    view.remove(web);
    view.put(caSecret("PROMOTED"));

    PromText p = scrape();
    assertThat(
            p.value(
                "certmedic_certificate_not_after_timestamp_seconds",
                cert("shop", "web-tls", "web")))
        .isEmpty();
    assertThat(p.value("certmedic_ca_rotation_phase", Map.of())).hasValue(2.0);
    assertThat(metrics.cachedCertificates())
        .as("the deleted Secret's parse is forgotten")
        .isEqualTo(1);
  }

  @Test
  void exportsTheCaRotationPhaseFromTheCaSecretsAnnotation() throws Exception {
    assertThat(scrape().value("certmedic_ca_rotation_phase", Map.of())).hasValue(1.0);

    view.put(caSecret(null));
    assertThat(scrape().value("certmedic_ca_rotation_phase", Map.of()))
        .as("no annotation: STABLE")
        .hasValue(0.0);

    view.put(caSecret("half-way"));
    assertThat(scrape().value("certmedic_ca_rotation_phase", Map.of()))
        .as("unknown: STABLE")
        .hasValue(0.0);

    view.remove(caSecret);
    PromText p = scrape();
    assertThat(p.named("certmedic_ca_rotation_phase")).as("no CA Secret: no sample").isEmpty();
  }

  @Test
  void exportsTheDoctorsLastRunByCodeAndSeverity() throws Exception {
    assertThat(scrape().named("certmedic_findings")).as("no run yet").isEmpty();

    doctor.set(
        Optional.of(
            new CacheDoctor.Run(
                TestPki.NOW,
                List.of(
                    finding(FindingCode.SAN_MISMATCH, Severity.ERROR, "a"),
                    finding(FindingCode.SAN_MISMATCH, Severity.ERROR, "b"),
                    finding(FindingCode.SAN_MISMATCH, Severity.WARNING, "c"),
                    finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, "d")),
                4,
                Duration.ofMillis(5))));

    PromText p = scrape();
    assertThat(p.value("certmedic_findings", Map.of("code", "SAN_MISMATCH", "severity", "error")))
        .hasValue(2.0);
    assertThat(p.value("certmedic_findings", Map.of("code", "SAN_MISMATCH", "severity", "warning")))
        .hasValue(1.0);
    assertThat(
            p.value("certmedic_findings", Map.of("code", "CERT_EXPIRED", "severity", "critical")))
        .hasValue(1.0);
    assertThat(p.named("certmedic_findings")).hasSize(3);
  }

  @Test
  void countsReconcilesByResultWithTheirDuration() throws Exception {
    PromText before = scrape();
    assertThat(before.value("certmedic_reconcile_total", Map.of("result", "error")))
        .as("every result is exported from the start")
        .hasValue(0.0);

    metrics.reconciled(ControllerMetrics.RESULT_SUCCESS, Duration.ofMillis(250));
    metrics.reconciled("success", Duration.ofMillis(250));
    metrics.reconciled("conflict", Duration.ofSeconds(1));

    PromText p = scrape();
    assertThat(p.types)
        .containsEntry("certmedic_reconcile_total", "counter")
        .containsEntry("certmedic_reconcile_duration_seconds", "histogram");
    assertThat(p.value("certmedic_reconcile_total", Map.of("result", "success"))).hasValue(2.0);
    assertThat(p.value("certmedic_reconcile_total", Map.of("result", "conflict"))).hasValue(1.0);
    assertThat(p.value("certmedic_reconcile_total", Map.of("result", "error"))).hasValue(0.0);
    assertThat(p.value("certmedic_reconcile_duration_seconds_count", Map.of())).hasValue(3.0);
    assertThat(p.value("certmedic_reconcile_duration_seconds_sum", Map.of()).orElseThrow())
        .isCloseTo(1.5, within(1e-9));
    assertThat(p.value("certmedic_reconcile_duration_seconds_bucket", Map.of("le", "0.25")))
        .hasValue(2.0);
    assertThat(p.value("certmedic_reconcile_duration_seconds_bucket", Map.of("le", "+Inf")))
        .hasValue(3.0);
  }

  @Test
  void rejectsAReconcileResultOutsideTheClosedSet() {
    assertThatThrownBy(() -> metrics.reconciled("requeued", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconcile result must be one of [success, conflict, error], got requeued");
  }

  @Test
  void countsReissuesByReason() throws Exception {
    metrics.reissued("SAN_MISMATCH");
    metrics.reissued(ReissueReason.RENEWAL_DUE);
    metrics.reissued(ReissueReason.RENEWAL_DUE);

    PromText p = scrape();
    assertThat(p.value("certmedic_reissue_total", Map.of("reason", "SAN_MISMATCH"))).hasValue(1.0);
    assertThat(p.value("certmedic_reissue_total", Map.of("reason", "RENEWAL_DUE"))).hasValue(2.0);
    assertThat(p.value("certmedic_reissue_total", Map.of("reason", "SECRET_MISSING")))
        .hasValue(0.0);
    assertThatThrownBy(() -> metrics.reissued("BECAUSE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BECAUSE");
  }

  @Test
  void exportsLeadershipAsItIsAtScrapeTime() throws Exception {
    assertThat(scrape().value("certmedic_leader", Map.of())).hasValue(0.0);

    leader.set(true);

    assertThat(scrape().value("certmedic_leader", Map.of())).hasValue(1.0);
  }

  @Test
  void neverExportsPrivateKeyBytes() throws Exception {
    // Given: Secrets whose tls.key holds a real private key (RSA for the serving cert, EC for the
    // CA)
    metrics.reconciled("success", Duration.ofMillis(1));
    String body = scrapeText();

    List<String> secretsOf = new ArrayList<>();
    for (TestPki.Cert c : List.of(WEB, CA)) {
      String pem = PemWriter.privateKey(c.key());
      secretsOf.add(b64(pem));
      pem.lines().filter(l -> !l.startsWith("-----")).forEach(secretsOf::add);
    }
    assertThat(secretsOf).hasSizeGreaterThan(10);
    assertThat(body).contains("web-tls").doesNotContain("PRIVATE");
    for (String s : secretsOf) {
      assertThat(body).doesNotContain(s);
    }
    assertThat(web.getData().get("tls.key")).isEqualTo(b64(PemWriter.privateKey(WEB.key())));
  }

  @Test
  void parsesEachOfAThousandSecretsOncePerVersion() {
    // Given: 1,000 managed Secrets (one certificate shared: parsing is what is counted)
    TestView big = new TestView();
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Secret s = tlsSecret("ns-" + (i % 20), "svc-" + i + "-tls", WEB, CA, "svc-" + i);
      secrets.add(s);
      big.put(s);
    }
    ControllerMetrics m = new ControllerMetrics(big, OPTIONS, Optional::empty, () -> true);

    // When: scraped three times, one Secret updated, ten deleted
    m.registry().scrape();
    assertThat(m.certificateParses()).isEqualTo(1000);
    m.registry().scrape();
    m.registry().scrape();
    assertThat(m.certificateParses()).as("unchanged Secrets are not parsed again").isEqualTo(1000);

    big.put(withResourceVersion(secrets.get(7), "2"));
    secrets.subList(100, 110).forEach(big::remove);
    var snapshots = m.registry().scrape();

    // Then
    assertThat(m.certificateParses()).as("only the updated Secret is parsed again").isEqualTo(1001);
    assertThat(m.cachedCertificates()).isEqualTo(990);
    var notAfter =
        snapshots.stream()
            .filter(
                s ->
                    s.getMetadata()
                        .getName()
                        .equals("certmedic_certificate_not_after_timestamp_seconds"))
            .findFirst()
            .orElseThrow();
    assertThat(notAfter.getDataPoints()).hasSize(990);
  }

  private static Finding finding(FindingCode code, Severity severity, String name) {
    return new Finding(
        code, severity, ObjectRef.of("Secret", "shop", name), List.of(), "m", List.of(), "");
  }
}
