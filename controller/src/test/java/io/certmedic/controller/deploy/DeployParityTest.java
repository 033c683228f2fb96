package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Kustomize base and the chart's default render install the same objects, built the same way:
 * two ways to install, one controller.
 */
class DeployParityTest {

  private static JsonNode byKindAndName(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> Deploy.kind(o).equals(kind) && Deploy.name(o).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  /**
   * Same kinds and names. The base also makes the Namespace (Helm installs into the release
   * namespace, made by --create-namespace). The chart renders the PrometheusRule where the
   * Prometheus Operator is, which Kustomize users get from the monitoring overlay.
   */
  @Test
  void sameKindsAndNames() {
    Set<String> kustomize = new TreeSet<>(Deploy.kindsAndNames(Deploy.kustomizeBase()));
    Set<String> helm = new TreeSet<>(Deploy.kindsAndNames(Deploy.helmDefault()));
    assertThat(kustomize.remove("Namespace/certmedic")).isTrue();
    assertThat(helm).isEqualTo(kustomize);

    // and the monitoring overlay is the chart with its ServiceMonitor on
    Set<String> monitoring = new TreeSet<>(Deploy.kindsAndNames(Deploy.kustomizeMonitoring()));
    monitoring.remove("Namespace/certmedic");
    Set<String> helmMonitoring =
        Deploy.kindsAndNames(
            Deploy.helm(
                Deploy.RELEASE,
                Deploy.NAMESPACE,
                null,
                List.of(Deploy.ASSUME_PROMETHEUS_OPERATOR, "metrics.serviceMonitor.enabled=true")));
    assertThat(helmMonitoring).isEqualTo(monitoring);
  }

  /** Each object's content is the same; Helm only adds its own labels. */
  @Test
  void sameContent() {
    List<JsonNode> kustomize = Deploy.kustomizeMonitoring();
    List<JsonNode> helm =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of(Deploy.ASSUME_PROMETHEUS_OPERATOR, "metrics.serviceMonitor.enabled=true"));
    for (JsonNode k : kustomize) {
      if (Deploy.kind(k).equals("Namespace")) {
        continue;
      }
      String what = Deploy.kind(k) + "/" + Deploy.name(k);
      JsonNode h = byKindAndName(helm, Deploy.kind(k), Deploy.name(k));
      assertThat(h.path("apiVersion")).as(what + " apiVersion").isEqualTo(k.path("apiVersion"));
      assertThat(h.path("metadata").path("namespace"))
          .as(what + " namespace")
          .isEqualTo(k.path("metadata").path("namespace"));
      assertThat(Deploy.labels(h.path("metadata").path("labels")))
          .as(what + " labels")
          .containsAllEntriesOf(Deploy.labels(k.path("metadata").path("labels")));
      JsonNode kBody = body(k);
      JsonNode hBody = body(h);
      assertThat(hBody).as(what + " content").isEqualTo(kBody);
    }
  }

  /** The object without metadata; a Deployment's pod template labels compared as a subset above. */
  private static JsonNode body(JsonNode o) {
    JsonNode copy = o.deepCopy();
    ((tools.jackson.databind.node.ObjectNode) copy).remove("metadata");
    if (Deploy.kind(o).equals("Deployment")) {
      JsonNode meta = copy.path("spec").path("template").path("metadata");
      ((tools.jackson.databind.node.ObjectNode) meta).remove("labels");
    }
    return copy;
  }

  @Test
  void podTemplateLabelsAgree() {
    JsonNode k =
        one(Deploy.kustomizeBase(), "Deployment")
            .path("spec")
            .path("template")
            .path("metadata")
            .path("labels");
    JsonNode h =
        one(Deploy.helmDefault(), "Deployment")
            .path("spec")
            .path("template")
            .path("metadata")
            .path("labels");
    assertThat(Deploy.labels(h)).containsAllEntriesOf(Deploy.labels(k));
  }
}
