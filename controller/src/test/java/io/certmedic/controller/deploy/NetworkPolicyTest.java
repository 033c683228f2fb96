package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The NetworkPolicy: egress only to the API server's ports (and addresses when given), ingress only
 * from the peers the user names, the same in Helm and in the Kustomize overlay.
 */
class NetworkPolicyTest {

  private static final String MONITORING_PEER =
      "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name"
          + "=monitoring";

  @Test
  void theChartRendersNoPolicyUnlessAsked() {
    assertThat(Deploy.all(Deploy.helmDefault(), "NetworkPolicy")).isEmpty();
  }

  @Test
  void aPolicyWithoutPeersDeniesAllIngressAndAllowsOnlyApiServerPorts() {
    JsonNode np =
        one(
            Deploy.helm(
                Deploy.RELEASE, Deploy.NAMESPACE, null, List.of("networkPolicy.enabled=true")),
            "NetworkPolicy");
    JsonNode spec = np.path("spec");
    assertThat(spec.path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
    // an ingress rule without peers would allow every source: none is rendered
    assertThat(spec.path("ingress").isArray()).isTrue();
    assertThat(spec.path("ingress").size()).isZero();
    assertThat(spec.path("egress").size()).isEqualTo(1);
    assertThat(spec.path("egress").get(0).path("ports").findValuesAsString("port"))
        .containsExactly("443", "6443");
    assertThat(spec.path("podSelector").path("matchLabels"))
        .isEqualTo(
            one(Deploy.helmDefault(), "Deployment")
                .path("spec")
                .path("selector")
                .path("matchLabels"));
  }

  @Test
  void theApiServersAddressesAndTheScrapersAreWhereTheUserSays() {
    JsonNode spec =
        one(
                Deploy.helm(
                    Deploy.RELEASE,
                    Deploy.NAMESPACE,
                    null,
                    List.of(
                        "networkPolicy.enabled=true",
                        "networkPolicy.apiServer.cidrs[0]=10.0.0.10/32",
                        MONITORING_PEER)),
                "NetworkPolicy")
            .path("spec");
    assertThat(spec.path("egress").get(0).path("to").get(0).path("ipBlock").path("cidr").asString())
        .isEqualTo("10.0.0.10/32");
    JsonNode ingress = spec.path("ingress");
    assertThat(ingress.size()).isEqualTo(1);
    assertThat(ingress.get(0).path("ports").get(0).path("port").asString()).isEqualTo("metrics");
    assertThat(ingress.get(0).path("from").size()).isEqualTo(1);
  }

  @Test
  void theKustomizeOverlayIsTheChartsPolicyWithPrometheusInMonitoring() {
    List<JsonNode> overlay = Deploy.kustomize(Deploy.kustomizeDir("network-policy"));
    JsonNode k = one(overlay, "NetworkPolicy");
    JsonNode h =
        one(
            Deploy.helm(
                Deploy.RELEASE,
                Deploy.NAMESPACE,
                null,
                List.of("networkPolicy.enabled=true", MONITORING_PEER)),
            "NetworkPolicy");
    assertThat(k.path("spec")).isEqualTo(h.path("spec"));
    assertThat(Deploy.name(k)).isEqualTo(Deploy.name(h));
    // and the rest of the overlay is the base
    assertThat(Deploy.kindsAndNames(overlay))
        .containsAll(Deploy.kindsAndNames(Deploy.kustomizeBase()));
  }
}
