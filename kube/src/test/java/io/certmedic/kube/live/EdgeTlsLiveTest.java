package io.certmedic.kube.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Ingress, Gateway and Route checks on objects read live from the fabric8 mock server (CRUD
 * mode), as {@code certmedic doctor} reads a cluster: what a dump shows, a cluster shows.
 */
@EnableKubernetesMockClient(crud = true)
class EdgeTlsLiveTest {

  private static final Map<String, String> PLURALS =
      Map.of("Gateway", "gateways", "ReferenceGrant", "referencegrants", "Route", "routes");

  KubernetesClient client;

  static final TestPki.Cert ROOT =
      TestPki.ca("root")
          .validity(
              TestPki.NOW.minus(Duration.ofDays(700)), TestPki.NOW.plus(Duration.ofDays(3000)))
          .build();
  static final TestPki.Cert R11 =
      TestPki.ca("R11")
          .signedBy(ROOT)
          .validity(TestPki.NOW.minus(Duration.ofDays(300)), TestPki.NOW.plus(Duration.ofDays(900)))
          .build();

  static TestPki.Cert wildcard() {
    return TestPki.leaf("*.example.com").signedBy(R11).caIssuers("http://r11.i.lencr.org/").build();
  }

  /** Creates the Fixture's objects; CRD kinds through the generic client with their plural. */
  private void apply(Fixture f) {
    String yaml = f.yaml();
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      if (o instanceof GenericKubernetesResource g && PLURALS.containsKey(g.getKind())) {
        String[] gv = g.getApiVersion().split("/");
        client
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup(gv[0])
                    .withVersion(gv[1])
                    .withKind(g.getKind())
                    .withPlural(PLURALS.get(g.getKind()))
                    .withNamespaced(true)
                    .build())
            .inNamespace(g.getMetadata().getNamespace())
            .resource(g)
            .create();
      } else {
        client.resource(o).create();
      }
    }
  }

  private List<Finding> doctor() throws Exception {
    Snapshot s = LiveReader.read(client, null);
    assertThat(s.unreadable()).isEmpty();
    return Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
  }

  private static String line(Finding f) {
    return f.severity() + " " + f.code() + " " + f.object().describe();
  }

  @Test
  void brokenIngressGatewayAndRouteAreFoundLiveOnTheObjectsAUserReadsFirst() throws Exception {
    // Given an Ingress whose host is two labels under its wildcard, a Gateway whose certificate
    // sits in another namespace with no ReferenceGrant, and a Route serving its leaf alone
    TestPki.Cert leaf = wildcard();
    TestPki.Cert routeLeaf = wildcard();
    apply(
        Fixture.manifest()
            .tlsSecret("web", "shop-tls", leaf, ROOT, R11)
            .ingress("web", "shop", "shop-tls", "api.eu.example.com")
            .tlsSecret("certs", "edge-tls", wildcard(), ROOT, R11)
            .referenceGrant("certs", "other", "infra", "other-tls")
            .gateway("v1", "infra", "edge", "https", "shop.example.com", "certs", "edge-tls")
            .raw(
                Map.of(
                    "apiVersion",
                    "route.openshift.io/v1",
                    "kind",
                    "Route",
                    "metadata",
                    Map.of("name", "web", "namespace", "shop"),
                    "spec",
                    Map.of(
                        "host",
                        "web.example.com",
                        "to",
                        Map.of("kind", "Service", "name", "web"),
                        "tls",
                        Map.of(
                            "termination",
                            "edge",
                            "certificate",
                            Fixture.pem(routeLeaf),
                            "key",
                            PemWriter.privateKey(routeLeaf.key()))))));

    // When the cluster is read and judged
    List<Finding> got = doctor();

    // Then each problem is one finding on the Ingress, the Gateway, the Route
    assertThat(
            got.stream()
                .filter(f -> f.severity().atLeast(Severity.WARNING))
                .map(EdgeTlsLiveTest::line))
        .containsExactlyInAnyOrder(
            "ERROR SAN_MISMATCH Ingress web/shop",
            "ERROR TLS_SECRET_MISSING Gateway infra/edge",
            "ERROR CHAIN_INCOMPLETE Route shop/web");
    assertThat(got)
        .filteredOn(f -> f.code() == FindingCode.SAN_MISMATCH)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains(
                        "\"x509: certificate is valid for *.example.com, not api.eu.example.com\""));
  }

  @Test
  void aHealthyClusterWithAllThreeSurfacesRaisesNothingAtWarningOrAbove() throws Exception {
    // Given a wildcard Ingress with its full chain, a cert-manager Ingress whose Secret is not
    // made yet, a granted cross-namespace Gateway listener and an edge Route with its chain
    TestPki.Cert routeLeaf = wildcard();
    apply(
        Fixture.manifest()
            .tlsSecret("web", "shop-tls", wildcard(), ROOT, R11)
            .ingress("web", "shop", "shop-tls", "shop.example.com")
            .ingress("web", "blog", "blog-tls", "blog.example.com")
            .annotate("cert-manager.io/cluster-issuer", "letsencrypt")
            .tlsSecret("certs", "edge-tls", wildcard(), ROOT, R11)
            .referenceGrant("certs", "gateways", "infra", "edge-tls")
            .gateway("v1", "infra", "edge", "https", "*.example.com", "certs", "edge-tls")
            .raw(
                Map.of(
                    "apiVersion",
                    "route.openshift.io/v1",
                    "kind",
                    "Route",
                    "metadata",
                    Map.of("name", "web", "namespace", "shop"),
                    "spec",
                    Map.of(
                        "host",
                        "web.example.com",
                        "to",
                        Map.of("kind", "Service", "name", "web"),
                        "tls",
                        Map.of(
                            "termination",
                            "edge",
                            "certificate",
                            Fixture.pem(routeLeaf),
                            "key",
                            PemWriter.privateKey(routeLeaf.key()),
                            "caCertificate",
                            Fixture.pem(R11))))));

    // When the cluster is read and judged
    List<Finding> got = doctor();

    // Then only the info that cert-manager will make blog-tls remains
    assertThat(got).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
    assertThat(got.stream().map(EdgeTlsLiveTest::line))
        .containsExactly("INFO TLS_SECRET_MISSING Ingress web/blog");
  }
}
