package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.GatewayRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayMapperTest {

  @Test
  void readsListenersWithTheGatewaysNamespaceAsTheDefaultForCertificateRefs() {
    Snapshot s =
        Fixture.manifest()
            .gateway("v1", "infra", "edge", "https", "*.example.com", null, "wildcard-tls")
            .snapshot();

    GatewayRecord g = s.gateways().get(0);
    assertThat(g.apiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(g.gatewayClassName()).isEqualTo("example");
    GatewayRecord.Listener l = g.listeners().get(0);
    assertThat(l.name()).isEqualTo("https");
    assertThat(l.protocol()).isEqualTo("HTTPS");
    assertThat(l.port()).isEqualTo(443);
    assertThat(l.hostname()).isEqualTo("*.example.com");
    assertThat(l.tlsMode()).isEqualTo("Terminate");
    assertThat(l.terminatesTls()).isTrue();
    assertThat(l.certificateRefs())
        .containsExactly(new GatewayRecord.CertificateRef("", "Secret", "infra", "wildcard-tls"));
    assertThat(l.certificateRefs().get(0).secret()).isTrue();
  }

  @Test
  void readsV1beta1GatewaysAndTheirListenerConditions() {
    Snapshot s =
        Fixture.manifest()
            .gateway("v1beta1", "infra", "edge", "https", "a.example.com", "certs", "a-tls")
            .status(
                Map.of(
                    "conditions",
                    List.of(Map.of("type", "Programmed", "status", "True", "reason", "Programmed")),
                    "listeners",
                    List.of(
                        Map.of(
                            "name",
                            "https",
                            "conditions",
                            List.of(
                                Map.of(
                                    "type", "ResolvedRefs",
                                    "status", "False",
                                    "reason", "RefNotPermitted",
                                    "message", "certificateRef certs/a-tls is not permitted",
                                    "lastTransitionTime", "2026-05-30T10:00:00Z"))))))
            .snapshot();

    GatewayRecord g = s.gateways().get(0);
    assertThat(g.apiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
    assertThat(g.condition("Programmed")).hasValueSatisfying(c -> assertThat(c.isTrue()).isTrue());
    GatewayRecord.Listener l = g.listeners().get(0);
    assertThat(l.certificateRefs().get(0).namespace()).isEqualTo("certs");
    assertThat(l.condition("ResolvedRefs"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.isFalse()).isTrue();
              assertThat(c.reason()).isEqualTo("RefNotPermitted");
              assertThat(c.message()).isEqualTo("certificateRef certs/a-tls is not permitted");
              assertThat(c.lastTransitionTime()).hasToString("2026-05-30T10:00:00Z");
            });
  }

  @Test
  void aReferenceGrantPermitsOnlyWhatItNames() {
    Snapshot s =
        Fixture.manifest()
            .referenceGrant("certs", "gateways-may-read", "infra", "a-tls")
            .snapshot();

    var grant = s.referenceGrantsIn("certs").get(0);
    String gw = "gateway.networking.k8s.io";
    assertThat(grant.permits(gw, "Gateway", "infra", "", "Secret", "a-tls")).isTrue();
    assertThat(grant.permits(gw, "Gateway", "other", "", "Secret", "a-tls")).isFalse();
    assertThat(grant.permits(gw, "Gateway", "infra", "", "Secret", "b-tls")).isFalse();
    assertThat(s.referenceGrantsIn("infra")).isEmpty();
  }

  @Test
  void aPassthroughListenerDoesNotTerminateTls() {
    var l = new GatewayRecord.Listener("tls", "TLS", 443, "", "Passthrough", List.of(), List.of());
    assertThat(l.terminatesTls()).isFalse();
    var http = new GatewayRecord.Listener("http", "HTTP", 80, "", "", List.of(), List.of());
    assertThat(http.terminatesTls()).isFalse();
  }
}
