package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertManagerMapperTest {

  @Test
  void readsACertificatesStatusAsCmctlShowsIt() {
    Snapshot s =
        Fixture.manifest()
            .certificate("web", "shop", "shop-tls", "shop.example.com")
            .status(
                Map.of(
                    "conditions",
                    List.of(
                        Map.of(
                            "type", "Ready",
                            "status", "False",
                            "reason", "DoesNotExist",
                            "message", "Issuing certificate as Secret does not exist",
                            "lastTransitionTime", "2026-05-31T12:00:00Z")),
                    "notAfter",
                    "2026-08-01T00:00:00Z",
                    "renewalTime",
                    "2026-07-02T00:00:00Z",
                    "failedIssuanceAttempts",
                    3,
                    "lastFailureTime",
                    "2026-06-01T11:00:00Z"))
            .snapshot();

    CertificateRecord c = s.certificate("web", "shop").orElseThrow();
    assertThat(c.secretName()).isEqualTo("shop-tls");
    assertThat(c.dnsNames()).containsExactly("shop.example.com");
    assertThat(c.issuerKind()).isEqualTo("Issuer");
    assertThat(c.issuerName()).isEqualTo("selfsigned");
    assertThat(c.issuerGroup()).isEqualTo("cert-manager.io");
    assertThat(c.ready())
        .hasValueSatisfying(
            r -> {
              assertThat(r.isFalse()).isTrue();
              assertThat(r.reason()).isEqualTo("DoesNotExist");
              assertThat(r.message()).isEqualTo("Issuing certificate as Secret does not exist");
              assertThat(r.lastTransitionTime()).isEqualTo(Instant.parse("2026-05-31T12:00:00Z"));
            });
    assertThat(c.status().notAfter()).isEqualTo(Instant.parse("2026-08-01T00:00:00Z"));
    assertThat(c.status().renewalTime()).isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
    assertThat(c.status().failedIssuanceAttempts()).isEqualTo(3);
    assertThat(c.status().lastFailureTime()).isEqualTo(Instant.parse("2026-06-01T11:00:00Z"));
  }

  @Test
  void aCertificateWithoutStatusHasNone() {
    Snapshot s =
        Fixture.manifest().certificate("web", "shop", "shop-tls", "a.example.com").snapshot();
    assertThat(s.certificates().get(0).status()).isEqualTo(CertificateRecord.Status.NONE);
    assertThat(s.certificates().get(0).ready()).isEmpty();
  }

  @Test
  void readsIssuersAndClusterIssuersWithTheirTypeAndReadyCondition() {
    Snapshot s =
        Fixture.manifest()
            .issuer("Issuer", "web", "ca", "ca")
            .status(
                Map.of(
                    "conditions",
                    List.of(
                        Map.of(
                            "type", "Ready",
                            "status", "False",
                            "reason", "ErrGetKeyPair",
                            "message", "Error getting keypair for CA issuer"))))
            .issuer("ClusterIssuer", null, "letsencrypt", "acme")
            .issuer("ClusterIssuer", null, "vault", "vault")
            .snapshot();

    var ca = s.issuer("Issuer", "web", "ca").orElseThrow();
    assertThat(ca.type()).isEqualTo("ca");
    assertThat(ca.cluster()).isFalse();
    assertThat(ca.ready())
        .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("ErrGetKeyPair"));
    var le = s.issuer("ClusterIssuer", "any-namespace", "letsencrypt").orElseThrow();
    assertThat(le.type()).isEqualTo("acme");
    assertThat(le.cluster()).isTrue();
    assertThat(le.ready()).isEmpty();
    assertThat(s.issuer("ClusterIssuer", "", "vault").orElseThrow().type()).isEqualTo("vault");
    assertThat(s.issuer("Issuer", "other", "ca")).isEmpty();
  }

  @Test
  void readsACertificateRequestsConditionsAndItsCertificateByAnnotationOrOwner() {
    Snapshot s =
        Fixture.manifest()
            .certificateRequest("web", "shop-1", "shop")
            .status(
                Map.of(
                    "conditions",
                    List.of(
                        Map.of("type", "Approved", "status", "True", "reason", "cert-manager.io"),
                        Map.of(
                            "type", "Ready",
                            "status", "False",
                            "reason", "Failed",
                            "message", "ACME order failed: 429 rateLimited"))))
            .raw(
                Map.of(
                    "apiVersion",
                    "cert-manager.io/v1",
                    "kind",
                    "CertificateRequest",
                    "metadata",
                    new java.util.LinkedHashMap<>(Map.of("name", "api-7", "namespace", "web"))))
            .ownedBy("Certificate", "api")
            .snapshot();

    var shop = s.certificateRequests().get(0);
    assertThat(shop.certificateName()).isEqualTo("shop");
    assertThat(shop.issuerKind()).isEqualTo("ClusterIssuer");
    assertThat(shop.issuerName()).isEqualTo("letsencrypt");
    assertThat(shop.condition("Approved")).hasValueSatisfying(c -> assertThat(c.isTrue()).isTrue());
    assertThat(shop.condition("Ready"))
        .hasValueSatisfying(
            c -> assertThat(c.message()).isEqualTo("ACME order failed: 429 rateLimited"));
    assertThat(shop.issued()).isFalse();
    assertThat(s.certificateRequests().get(1).certificateName()).isEqualTo("api");
  }
}
