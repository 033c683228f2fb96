package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.RouteRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.KeyFacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteMapperTest {

  @Test
  void readsTheInlineCertificateAndKeepsOnlyTheKeysPublicId() {
    TestPki.Cert ca = TestPki.ca("router-ca").build();
    TestPki.Cert leaf = TestPki.leaf("shop.apps.example.com").signedBy(ca).build();

    Snapshot s =
        Fixture.manifest().route("web", "shop", "shop.apps.example.com", leaf, ca).snapshot();

    RouteRecord r = s.routes().get(0);
    assertThat(r.host()).isEqualTo("shop.apps.example.com");
    assertThat(r.serviceName()).isEqualTo("shop");
    assertThat(r.termination()).isEqualTo("edge");
    assertThat(r.insecureEdgeTerminationPolicy()).isEqualTo("Redirect");
    assertThat(r.certificate().certs())
        .singleElement()
        .isEqualTo(io.certmedic.core.snapshot.CertInfo.of(leaf.cert()));
    assertThat(r.caCertificate().certs().get(0).facts().ca()).isTrue();
    assertThat(r.destinationCaCertificate()).isEqualTo(DataField.EMPTY);
    assertThat(r.key())
        .isInstanceOfSatisfying(
            DataField.Key.class,
            k -> {
              assertThat(k.standIn()).isFalse();
              assertThat(k.publicKeyId())
                  .isEqualTo(KeyFacts.publicKeyId(leaf.cert().getPublicKey()));
            });
    assertThat(r.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aRouteWithoutTlsHasEmptyFieldsAndAnotherGroupsRouteIsIgnored() {
    Snapshot s =
        Fixture.manifest()
            .raw(
                Map.of(
                    "apiVersion",
                    "route.openshift.io/v1",
                    "kind",
                    "Route",
                    "metadata",
                    Map.of("name", "plain", "namespace", "web"),
                    "spec",
                    Map.of("host", "plain.example.com")))
            .raw(
                Map.of(
                    "apiVersion", "example.com/v1",
                    "kind", "Route",
                    "metadata", Map.of("name", "other", "namespace", "web")))
            .snapshot();

    assertThat(s.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.termination()).isEmpty();
              assertThat(r.certificate()).isEqualTo(DataField.EMPTY);
              assertThat(r.key()).isEqualTo(DataField.EMPTY);
            });
    assertThat(s.ignoredKinds()).containsEntry("Route", 1);
  }

  @Test
  void anUnparsableInlineCertificateIsKeptAsUnparsableNamingTheField() {
    Snapshot s =
        Fixture.manifest()
            .raw(
                Map.of(
                    "apiVersion",
                    "route.openshift.io/v1",
                    "kind",
                    "Route",
                    "metadata",
                    Map.of("name", "bad", "namespace", "web"),
                    "spec",
                    Map.of(
                        "host",
                        "bad.example.com",
                        "tls",
                        Map.of("termination", "edge", "certificate", "not a certificate"))))
            .snapshot();

    assertThat(s.routes().get(0).certificate())
        .isInstanceOfSatisfying(
            DataField.Unparsable.class,
            u -> assertThat(u.problem()).contains("Route web/bad spec.tls.certificate"));
  }
}
