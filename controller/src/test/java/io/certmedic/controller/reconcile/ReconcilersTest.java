package io.certmedic.controller.reconcile;

import static io.certmedic.controller.testing.Objects8.annotatedService;
import static io.certmedic.controller.testing.Objects8.certs;
import static io.certmedic.controller.testing.Objects8.data;
import static io.certmedic.controller.testing.Objects8.leaf;
import static io.certmedic.controller.testing.Objects8.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.testing.MapView;
import io.certmedic.controller.testing.SyncEngine;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.verify.ServingVerifier;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconcilers over an in-memory cluster: what users annotate, and what certmedic then writes.
 */
class ReconcilersTest {

  static final Instant NOW = TestPki.NOW;
  static final ControllerOptions OPTIONS = ControllerOptions.defaults("certmedic", "test");

  final MapView cluster = new MapView();
  final SyncEngine engine = new SyncEngine(cluster, OPTIONS, new SecureRandom());

  Secret secret(String ns, String name) {
    return cluster
        .get(Secret.class, ns, name)
        .orElseThrow(() -> new AssertionError("no Secret " + ns + "/" + name));
  }

  List<X509Certificate> bundle() {
    return certs(data(secret("certmedic", "certmedic-ca"), "ca-bundle.crt"));
  }

  @Test
  void annotatingAServiceIssuesASecretWithEveryNameSignedByTheCa() {
    // Given a Service asking for a serving cert
    cluster.put(annotatedService("spark", "spark-webhook-svc", "spark-webhook-certs"));

    // When the controller converges
    engine.converge(NOW);

    // Then the Secret carries every name the API server and pods dial, chains to ca.crt, and is
    // owned by the Service
    Secret s = secret("spark", "spark-webhook-certs");
    assertThat(s.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(s.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
    assertThat(s.getMetadata().getLabels()).containsEntry(Annotations.MANAGED_LABEL, "true");
    Service svc = cluster.get(Service.class, "spark", "spark-webhook-svc").orElseThrow();
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(Annotations.ORIGINATING_SERVICE_UID, svc.getMetadata().getUid())
        .containsEntry(Annotations.ISSUE_REASON, "SECRET_MISSING");
    assertThat(s.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(svc.getMetadata().getUid()));
    assertThat(io.certmedic.core.x509.CertFacts.of(leaf(s)).dnsNames())
        .containsExactlyInAnyOrder(
            "spark-webhook-svc",
            "spark-webhook-svc.spark",
            "spark-webhook-svc.spark.svc",
            "spark-webhook-svc.spark.svc.cluster.local");
    assertThat(
            ServingVerifier.verify(
                List.of(leaf(s)), certs(data(s, "ca.crt")), "spark-webhook-svc.spark.svc", NOW))
        .isInstanceOf(io.certmedic.core.verify.Verified.class);
  }

  @Test
  void renamingTheServiceReissuesForTheNewNamesAndASecondPassWritesNothing() {
    // Given a Secret issued for spark-operator-webhook (the Spark incident: a chart renamed the
    // Service, kept the Secret)
    cluster.put(annotatedService("spark", "spark-operator-webhook", "spark-webhook-certs"));
    engine.converge(NOW);
    cluster.remove(Service.class, "spark", "spark-operator-webhook");
    cluster.put(annotatedService("spark", "spark-webhook-svc", "spark-webhook-certs"));

    // When the controller converges an hour later
    List<Write> writes = engine.converge(NOW.plus(Duration.ofHours(1)));

    // Then the Secret is reissued for the new names, saying why, and converging again changes
    // nothing
    Secret s = secret("spark", "spark-webhook-certs");
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(Annotations.ISSUE_REASON, "SAN_MISMATCH")
        .containsEntry(Annotations.ORIGINATING_SERVICE_NAME, "spark-webhook-svc");
    assertThat(io.certmedic.core.x509.CertFacts.of(leaf(s)).dnsNames())
        .contains("spark-webhook-svc.spark.svc")
        .doesNotContain("spark-operator-webhook.spark.svc");
    assertThat(writes)
        .filteredOn(w -> w.reason().equals("Reissued"))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .contains("SAN_MISMATCH")
                    .contains("spark-webhook-svc.spark.svc"));
    assertThat(engine.converge(NOW.plus(Duration.ofHours(2)))).isEmpty();
  }

  @Test
  void deletingTheSecretRecreatesIt() {
    cluster.put(annotatedService("kubesphere-devops-system", "devops-apiserver", "devops-tls"));
    engine.converge(NOW);
    X509Certificate before = leaf(secret("kubesphere-devops-system", "devops-tls"));

    cluster.remove(Secret.class, "kubesphere-devops-system", "devops-tls");
    engine.converge(NOW.plusSeconds(60));

    Secret s = secret("kubesphere-devops-system", "devops-tls");
    assertThat(leaf(s)).isNotEqualTo(before);
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(Annotations.ISSUE_REASON, "SECRET_MISSING");
  }

  @Test
  void aCertificatePastTwoThirdsOfItsLifeIsRenewedAndNotBefore() {
    cluster.put(annotatedService("ns", "api", "api-tls"));
    engine.converge(NOW);
    X509Certificate first = leaf(secret("ns", "api-tls"));

    // 59 days into a 90-day certificate: not due (renewal at 60 days)
    assertThat(engine.converge(NOW.plus(Duration.ofDays(59)))).isEmpty();
    // 61 days: renewed
    engine.converge(NOW.plus(Duration.ofDays(61)));

    Secret s = secret("ns", "api-tls");
    assertThat(leaf(s)).isNotEqualTo(first);
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(Annotations.ISSUE_REASON, "RENEWAL_DUE");
    assertThat(leaf(s).getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(61 + 89)));
  }

  @Test
  void aSecretNotIssuedByCertmedicIsNeverOverwritten() {
    // Given a user's own TLS Secret under the name the Service asks for
    Secret own =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("api-tls")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", Base64.getEncoder().encodeToString("user data".getBytes())))
            .build();
    cluster.put(own);
    cluster.put(annotatedService("ns", "api", "api-tls"));

    engine.converge(NOW);

    assertThat(data(secret("ns", "api-tls"), "tls.crt")).isEqualTo("user data".getBytes());
    assertThat(engine.problems())
        .anySatisfy(
            p -> {
              assertThat(p.reason()).isEqualTo("SecretNotManaged");
              assertThat(p.message())
                  .contains("Secret ns/api-tls exists and was not issued by certmedic");
            });
  }

  @Test
  void aMalformedSecretNameIsReportedAndNothingIsWritten() {
    cluster.put(annotatedService("ns", "api", "API_TLS!"));

    List<Write> writes = engine.converge(NOW);

    assertThat(writes)
        .noneMatch(
            w -> w.object() instanceof Secret s && s.getMetadata().getNamespace().equals("ns"));
    assertThat(engine.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("InvalidAnnotation");
              assertThat(p.message())
                  .startsWith(
                      "annotation certmedic.io/serving-cert-secret-name=\"API_TLS!\" on Service ns/api is not a valid Secret name");
            });
  }

  @Test
  void aWebhookAskingForTheBundleGetsItInEveryServiceEntryOnly() {
    cluster.put(annotatedService("gk", "policy-gate-svc", "policy-gate-tls"));
    cluster.put(
        webhook(
            "policy-gate", "gk", "policy-gate-svc", Map.of(Annotations.INJECT_CABUNDLE, "true")));

    engine.converge(NOW);

    ValidatingWebhookConfiguration v =
        cluster.get(ValidatingWebhookConfiguration.class, "", "policy-gate").orElseThrow();
    byte[] injected =
        Base64.getDecoder().decode(v.getWebhooks().get(0).getClientConfig().getCaBundle());
    assertThat(certs(injected)).containsExactlyElementsOf(bundle());
    assertThat(v.getWebhooks().get(1).getClientConfig().getCaBundle())
        .as("a URL webhook is not certmedic's to change")
        .isNull();
    // what the API server will see: the served cert chains to the injected bundle for svc.ns.svc
    assertThat(
            ServingVerifier.verify(
                List.of(leaf(secret("gk", "policy-gate-tls"))),
                certs(injected),
                "policy-gate-svc.gk.svc",
                NOW))
        .isInstanceOf(io.certmedic.core.verify.Verified.class);
    assertThat(engine.converge(NOW.plusSeconds(1))).as("a second pass writes nothing").isEmpty();
  }

  @Test
  void aWebhookClaimedByAnotherInjectorIsLeftAloneAndReported() {
    cluster.put(
        webhook(
            "policy-gate",
            "gk",
            "policy-gate-svc",
            Map.of(
                Annotations.INJECT_CABUNDLE,
                "true",
                "cert-manager.io/inject-ca-from",
                "gk/policy-gate-cert")));

    List<Write> writes = engine.converge(NOW);

    assertThat(writes).noneMatch(w -> w.object() instanceof ValidatingWebhookConfiguration);
    assertThat(engine.problems())
        .anySatisfy(
            p -> {
              assertThat(p.reason()).isEqualTo("InjectionConflict");
              assertThat(p.message())
                  .startsWith(
                      "INJECTION_CONFLICT: ValidatingWebhookConfiguration policy-gate asks certmedic for a caBundle but is also claimed by "
                          + "cert-manager's cainjector (cert-manager.io/inject-ca-from)");
            });
  }

  @Test
  void injectCabundleFromTakesAnotherSecretsCaCrt() {
    X509Certificate other = TestPki.ca("other-ca").build().cert();
    cluster.put(
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("ext")
            .withName("ext-ca")
            .endMetadata()
            .withData(
                Map.of(
                    "ca.crt",
                    Base64.getEncoder()
                        .encodeToString(
                            io.certmedic.core.pem.PemWriter.certificate(other).getBytes())))
            .build());
    cluster.put(
        webhook(
            "ext-hook", "ext", "ext-svc", Map.of(Annotations.INJECT_CABUNDLE_FROM, "ext/ext-ca")));

    engine.converge(NOW);

    ValidatingWebhookConfiguration v =
        cluster.get(ValidatingWebhookConfiguration.class, "", "ext-hook").orElseThrow();
    assertThat(
            certs(
                Base64.getDecoder().decode(v.getWebhooks().get(0).getClientConfig().getCaBundle())))
        .containsExactly(other);
  }

  @Test
  void injectCabundleFromAMissingSecretIsReported() {
    cluster.put(
        webhook(
            "ext-hook", "ext", "ext-svc", Map.of(Annotations.INJECT_CABUNDLE_FROM, "ext/nope")));

    engine.converge(NOW);

    assertThat(engine.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .startsWith(
                        "INJECTION_SOURCE_MISSING: ValidatingWebhookConfiguration ext-hook asks for the ca.crt of Secret ext/nope, which does not exist"));
  }

  @Test
  void caFactsJudgeEachSecretVersionAfreshSoACachedVerdictNeverHidesAnImpostorLeaf() {
    // Given a Secret issued by the current CA: nothing retiring is served
    cluster.put(annotatedService("spark", "spark-webhook-svc", "spark-webhook-certs"));
    engine.converge(NOW);
    CaReconciler ca = new CaReconciler(OPTIONS, new SecureRandom());
    io.certmedic.controller.rotation.CaState state =
        CaSource.read(cluster, OPTIONS).state().orElseThrow();
    assertThat(ca.facts(state, cluster).retiringStillServed()).isFalse();

    // When the Secret is rewritten (a new resourceVersion) with a leaf from another CA of the same
    // name
    String cn =
        state.signer().certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    TestPki.Cert impostor = TestPki.ca(cn).build();
    TestPki.Cert foreign = TestPki.leaf("spark-webhook-svc.spark.svc").signedBy(impostor).build();
    Secret s = KubeObjects.copy(secret("spark", "spark-webhook-certs"));
    s.getData()
        .put(
            "tls.crt",
            Base64.getEncoder()
                .encodeToString(
                    io.certmedic.core.pem.PemWriter.certificate(foreign.cert())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    cluster.put(s);

    // Then the same reconciler sees it, and keeps seeing it when nothing changes
    assertThat(ca.facts(state, cluster).retiringStillServed()).isTrue();
    assertThat(ca.facts(state, cluster).retiringStillServed()).isTrue();
  }

  @Test
  void aLeafIsTheCasWhenItsIssuerAndKeyIdSayItAndItsSignatureDecidesWhenThereIsNoKeyId() {
    TestPki.Cert ca = TestPki.ca("certmedic-ca certmedic 1").build();
    TestPki.Cert impostor = TestPki.ca("certmedic-ca certmedic 1").build();
    assertThat(CaReconciler.signedBy(pem(TestPki.leaf("a.b.svc").signedBy(ca).build()), ca.cert()))
        .isTrue();
    assertThat(
            CaReconciler.signedBy(
                pem(TestPki.leaf("a.b.svc").signedBy(impostor).build()), ca.cert()))
        .isFalse();
    assertThat(
            CaReconciler.signedBy(
                pem(TestPki.leaf("a.b.svc").signedBy(ca).noAuthorityKeyId().build()), ca.cert()))
        .isTrue();
    assertThat(
            CaReconciler.signedBy(
                pem(TestPki.leaf("a.b.svc").signedBy(impostor).noAuthorityKeyId().build()),
                ca.cert()))
        .isFalse();
    assertThat(
            CaReconciler.signedBy(
                pem(TestPki.leaf("a.b.svc").signedBy(TestPki.ca("someone else").build()).build()),
                ca.cert()))
        .isFalse();
    assertThat(
            CaReconciler.signedBy(
                "not a certificate".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ca.cert()))
        .isFalse();
  }

  @Test
  void beforeTheCaExistsATargetWaitsQuietlyAndAnUnreadableCaIsReported() {
    // Given a webhook asking for the bundle on a first start: no CA Secret yet
    ValidatingWebhookConfiguration hook =
        cluster.put(
            webhook(
                "spark-hook",
                "spark",
                "spark-webhook-svc",
                Map.of(Annotations.INJECT_CABUNDLE, "true")));
    Injection injection = new Injection(OPTIONS);

    // Then it waits and comes back, with no Warning for something that is not wrong
    io.certmedic.controller.engine.Result waiting = injection.inject(hook, cluster);
    assertThat(waiting.writes()).isEmpty();
    assertThat(waiting.problems()).isEmpty();
    assertThat(waiting.requeueAfter()).isPresent();

    // But a CA Secret that cannot be read is a problem on the target
    cluster.put(
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("certmedic")
            .withName("certmedic-ca")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(
                Map.of(
                    "tls.crt",
                    Base64.getEncoder()
                        .encodeToString(
                            "garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
            .build());
    assertThat(injection.inject(hook, cluster).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("CANotReady"));
  }

  static byte[] pem(TestPki.Cert c) {
    return io.certmedic.core.pem.PemWriter.certificate(c.cert())
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
