package io.certmedic.kube.snapshot;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.fix.FixOptions;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Planner;
import io.certmedic.core.fix.Step;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.fix.ObjectIndex;
import io.certmedic.kube.fix.Patches;
import io.certmedic.kube.fix.PlanChanges;
import io.certmedic.kube.fix.PlanWriter;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * cert-manager end to end, on a dump and live: a Certificate failing for a day behind a
 * ClusterIssuer that is not Ready, its denied request, a Certificate past its renewalTime, one
 * whose Secret lacks a dnsName; and fix renewing what renewing can help, as cmctl renew does.
 */
@EnableKubernetesMockClient(crud = true)
class CertManagerDoctorTest {

  KubernetesClient client;

  private static Map<String, Object> ready(
      String status, String reason, String message, String at) {
    return Map.of(
        "type",
        "Ready",
        "status",
        status,
        "reason",
        reason,
        "message",
        message,
        "lastTransitionTime",
        at);
  }

  /** The broken cluster: each Certificate tells one failure. */
  static Fixture broken() {
    TestPki.Cert ca = TestPki.ca("shop-ca").build();
    return Fixture.manifest()
        .issuer("ClusterIssuer", null, "letsencrypt", "acme")
        .status(
            Map.of(
                "conditions",
                List.of(
                    ready(
                        "False",
                        "ErrRegisterACMEAccount",
                        "Failed to register ACME account: 403 urn:ietf:params:acme:error:unauthorized",
                        "2026-05-30T12:00:00Z"))))
        .certificate("web", "shop", "shop-tls", "shop.example.com")
        .issuerRef("ClusterIssuer", "letsencrypt")
        .status(
            Map.of(
                "conditions",
                List.of(
                    ready(
                        "False",
                        "Failed",
                        "The certificate request has failed to complete and will be retried",
                        "2026-05-31T12:00:00Z")),
                "failedIssuanceAttempts",
                4,
                "lastFailureTime",
                "2026-06-01T10:00:00Z"))
        .certificateRequest("web", "shop-1", "shop")
        .status(
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Denied",
                        "status",
                        "True",
                        "reason",
                        "policy.cert-manager.io",
                        "message",
                        "No policy approved this request",
                        "lastTransitionTime",
                        "2026-05-31T12:00:00Z"))))
        .issuer("Issuer", "web", "shop-ca", "ca")
        .status(
            Map.of(
                "conditions",
                List.of(ready("True", "KeyPairVerified", "", "2026-01-01T00:00:00Z"))))
        .certificate("web", "api", "api-tls", "api.example.com")
        .issuerRef("Issuer", "shop-ca")
        .status(
            Map.of(
                "conditions",
                List.of(
                    ready("True", "Ready", "Certificate is up to date", "2026-04-01T00:00:00Z")),
                "notAfter",
                "2026-06-05T00:00:00Z",
                "renewalTime",
                "2026-05-29T00:00:00Z"))
        .tlsSecret(
            "web",
            "api-tls",
            TestPki.leaf("api.example.com")
                .signedBy(ca)
                .validity(NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(4)))
                .build(),
            ca)
        .certificate("web", "names", "names-tls", "names.example.com", "new.example.com")
        .issuerRef("Issuer", "shop-ca")
        .status(Map.of("conditions", List.of(ready("True", "Ready", "", "2026-05-01T00:00:00Z"))))
        .tlsSecret("web", "names-tls", TestPki.leaf("names.example.com").signedBy(ca).build(), ca)
        .allLive();
  }

  /** Ready Certificates behind a Ready Issuer, an old denied request since superseded. */
  static Fixture healthy() {
    TestPki.Cert ca = TestPki.ca("shop-ca").build();
    return Fixture.manifest()
        .issuer("Issuer", "web", "shop-ca", "ca")
        .status(
            Map.of(
                "conditions",
                List.of(ready("True", "KeyPairVerified", "", "2026-01-01T00:00:00Z"))))
        .certificate("web", "ok", "ok-tls", "ok.example.com", "*.ok.example.com")
        .issuerRef("Issuer", "shop-ca")
        .status(
            Map.of(
                "conditions",
                List.of(
                    ready("True", "Ready", "Certificate is up to date", "2026-05-01T00:00:00Z")),
                "notAfter",
                "2026-08-01T00:00:00Z",
                "renewalTime",
                "2026-07-02T00:00:00Z"))
        .tlsSecret(
            "web",
            "ok-tls",
            TestPki.leaf("ok.example.com", "*.ok.example.com").signedBy(ca).build(),
            ca)
        .certificateRequest("web", "ok-1", "ok")
        .status(
            Map.of(
                "conditions",
                List.of(Map.of("type", "Denied", "status", "True", "reason", "manual"))))
        .allLive();
  }

  private static ResourceDefinitionContext certManager(String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("cert-manager.io")
        .withVersion("v1")
        .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
        .withKind(kind)
        .withNamespaced(!kind.startsWith("Cluster"))
        .build();
  }

  private static Snapshot read(String yaml, ObjectIndex index) throws Exception {
    SnapshotBuilder b = Snapshot.builder();
    ManifestReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "dump.yaml",
        index.tee(new SnapshotReader(b)));
    return b.build();
  }

  private static Finding on(Report r, FindingCode code, String object) {
    return r.findings().stream()
        .filter(f -> f.code() == code && f.object().describe().equals(object))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + code + " on " + object + ": " + r.findings()));
  }

  private static void assertBrokenFindings(Report r) {
    Finding issuer = on(r, FindingCode.ISSUER_NOT_READY, "ClusterIssuer letsencrypt");
    assertThat(issuer.severity()).isEqualTo(Severity.ERROR);
    assertThat(issuer.message())
        .isEqualTo(
            "ClusterIssuer letsencrypt (acme) is not Ready (Ready=False, ErrRegisterACMEAccount:"
                + " \"Failed to register ACME account: 403 urn:ietf:params:acme:error:unauthorized\")"
                + " for 2 days: the 1 Certificate it issues cannot be issued or renewed: [web/shop]");
    assertThat(issuer.related()).containsExactly(ObjectRef.of("Certificate", "web", "shop"));

    Finding shop = on(r, FindingCode.CERTIFICATE_NOT_READY, "Certificate web/shop");
    assertThat(shop.severity()).isEqualTo(Severity.ERROR);
    assertThat(shop.message())
        .isEqualTo(
            "Certificate web/shop is not Ready (Ready=False, Failed: \"The certificate request has"
                + " failed to complete and will be retried\") for 24 hours, after 4 failed issuance"
                + " attempts (the last 2 hours ago); its ClusterIssuer letsencrypt is not Ready");
    assertThat(shop.evidence())
        .containsExactly(
            "Certificate web/shop: dnsNames [shop.example.com], Ready=False (Failed),"
                + " failedIssuanceAttempts 4",
            "-> ClusterIssuer letsencrypt, Ready=False (ErrRegisterACMEAccount)",
            "-> Secret web/shop-tls: does not exist");
    assertThat(shop.fix())
        .isEqualTo(
            "Read why: cmctl status certificate shop -n web; once the cause is fixed, 'certmedic"
                + " fix --apply' triggers a renewal as cmctl renew shop -n web does");

    Finding request = on(r, FindingCode.CERTIFICATE_NOT_READY, "CertificateRequest web/shop-1");
    assertThat(request.message())
        .isEqualTo(
            "CertificateRequest web/shop-1 was denied (policy.cert-manager.io): \"No policy"
                + " approved this request\": Certificate web/shop gets no certificate from it");

    Finding api = on(r, FindingCode.CERTIFICATE_NOT_READY, "Certificate web/api");
    assertThat(api.message())
        .startsWith(
            "Certificate web/api is Ready, but its renewalTime 2026-05-29T00:00:00Z passed 3 days"
                + " ago and cert-manager has not renewed it");
    assertThat(api.evidence().get(2))
        .startsWith("-> Secret web/api-tls: valid for [api.example.com]");

    Finding names = on(r, FindingCode.CERTIFICATE_NOT_READY, "Certificate web/names");
    assertThat(names.message())
        .contains(
            "asks for [new.example.com], but the certificate in Secret web/names-tls is valid for"
                + " [names.example.com] only");
  }

  private static void assertRenewsApiAndNamesOnly(Plan plan) {
    assertThat(plan.automatic())
        .filteredOn(Step.RenewCertificate.class::isInstance)
        .extracting(s -> s.target().describe())
        .containsExactly("Certificate web/api", "Certificate web/names");
    assertThat(plan.manual())
        .extracting(s -> s.target().describe())
        .contains("Certificate web/shop")
        .doesNotContain("Certificate web/api", "Certificate web/names");
  }

  @Test
  void aDumpShowsEveryCertManagerFailureWithCmctlsEvidenceAndFixRenewsWhatRenewingHelps()
      throws Exception {
    // Given a dump of the broken cluster
    ObjectIndex index = new ObjectIndex();
    Snapshot s = read(broken().yaml(), index);

    // When the doctor runs and fix plans
    Report r = Doctor.run(s, DoctorOptions.at(NOW));
    Plan plan = Planner.plan(s, r, FixOptions.defaults(), NOW, new SecureRandom());

    // Then every failure is named, and only the Certificates a renewal can help are renewed
    assertBrokenFindings(r);
    assertRenewsApiAndNamesOnly(plan);
    var changes = PlanChanges.compute(plan, index, new Patches.Marks(NOW, "test"));
    JsonNode after =
        changes.stream()
            .filter(c -> c.ref().describe().equals("Certificate web/api"))
            .findFirst()
            .orElseThrow()
            .after();
    JsonNode issuing = after.path("status").path("conditions").get(1);
    assertThat(issuing.path("type").asString("")).isEqualTo("Issuing");
    assertThat(issuing.path("status").asString("")).isEqualTo("True");
    assertThat(issuing.path("reason").asString("")).isEqualTo("ManuallyTriggered");
    assertThat(issuing.path("message").asString(""))
        .isEqualTo("Certificate re-issuance manually triggered");
    assertThat(after.path("spec")).isEqualTo(changes.get(0).before().path("spec"));
  }

  @Test
  void aHealthyCertManagerRaisesNothingAtWarningOrAbove() throws Exception {
    Report r = Doctor.run(read(healthy().yaml(), new ObjectIndex()), DoctorOptions.at(NOW));
    assertThat(r.findings()).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
  }

  @Test
  void liveTheSameFindingsAndFixSetsIssuingThroughTheStatusSubresource() throws Exception {
    // Given the broken cluster served by the API server
    for (HasMetadata o :
        client
            .load(new ByteArrayInputStream(broken().yaml().getBytes(StandardCharsets.UTF_8)))
            .items()) {
      o.getMetadata().setResourceVersion(null);
      if (o instanceof GenericKubernetesResource g) {
        // createOr: a POST retried by the client on a loaded machine answers 409 the second time
        client
            .genericKubernetesResources(certManager(g.getKind()))
            .resource(g)
            .createOr(NonDeletingOperation::update);
      } else {
        client.resource(o).createOr(NonDeletingOperation::update);
      }
    }

    // When the doctor reads it live, and fix applies its plan
    ObjectIndex index = new ObjectIndex();
    Snapshot s = LiveReader.read(client, null, index::tee);
    Report r = Doctor.run(s, DoctorOptions.at(NOW));
    Plan plan = Planner.plan(s, r, FixOptions.defaults(), NOW, new SecureRandom());
    PlanWriter.Result result =
        new PlanWriter(client, index, new Patches.Marks(NOW, "test")).apply(plan, (n, x) -> {});

    // Then the findings are the dump's, and the Certificate asks cert-manager to issue
    assertBrokenFindings(r);
    assertRenewsApiAndNamesOnly(plan);
    assertThat(result.complete()).as(String.valueOf(result.problem())).isTrue();
    GenericKubernetesResource api =
        client
            .genericKubernetesResources(certManager("Certificate"))
            .inNamespace("web")
            .withName("api")
            .get();
    List<Map<String, Object>> conditions =
        (List<Map<String, Object>>)
            ((Map<String, Object>) api.getAdditionalProperties().get("status")).get("conditions");
    assertThat(conditions)
        .anySatisfy(
            c -> {
              assertThat(c).containsEntry("type", "Issuing").containsEntry("status", "True");
              assertThat(c).containsEntry("reason", "ManuallyTriggered");
            });
  }
}
