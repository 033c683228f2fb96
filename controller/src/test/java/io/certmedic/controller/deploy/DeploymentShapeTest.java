package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Highly available, probed at the right place, and locked down: the Kustomize base and the chart's
 * default.
 */
class DeploymentShapeTest {

  static Stream<Arguments> sources() {
    return Deploy.sources();
  }

  private static JsonNode podSpec(List<JsonNode> objects) {
    return one(objects, "Deployment").path("spec").path("template").path("spec");
  }

  private static Map<String, String> labels(JsonNode labels) {
    return Deploy.labels(labels);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void twoReplicasAndABudgetThatKeepsOne(String source, List<JsonNode> objects) {
    JsonNode deployment = one(objects, "Deployment");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    JsonNode pdb = one(objects, "PodDisruptionBudget");
    assertThat(pdb.path("apiVersion").asString()).isEqualTo("policy/v1");
    assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.path("spec").has("maxUnavailable")).isFalse();
    Map<String, String> podLabels =
        labels(deployment.path("spec").path("template").path("metadata").path("labels"));
    assertThat(podLabels)
        .containsAllEntriesOf(labels(pdb.path("spec").path("selector").path("matchLabels")));
    assertThat(labels(deployment.path("spec").path("selector").path("matchLabels")))
        .isEqualTo(labels(pdb.path("spec").path("selector").path("matchLabels")));
    // a rollout never leaves fewer ready replicas than the budget
    assertThat(
            deployment
                .path("spec")
                .path("strategy")
                .path("rollingUpdate")
                .path("maxUnavailable")
                .asInt())
        .isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void probesAskTheHealthPort(String source, List<JsonNode> objects) {
    JsonNode c = Deploy.container(objects);
    JsonNode liveness = c.path("livenessProbe").path("httpGet");
    JsonNode readiness = c.path("readinessProbe").path("httpGet");
    assertThat(liveness.path("path").asString()).isEqualTo("/healthz");
    assertThat(readiness.path("path").asString()).isEqualTo("/readyz");
    assertThat(liveness.path("port").asString()).isEqualTo("health");
    assertThat(readiness.path("port").asString()).isEqualTo("health");
    // the port named health is the one --health-port opens
    int healthPort =
        c.path("ports").values().stream()
            .filter(p -> p.path("name").asString().equals("health"))
            .findFirst()
            .orElseThrow()
            .path("containerPort")
            .asInt();
    String arg =
        Deploy.args(objects).stream()
            .filter(a -> a.startsWith("--health-port="))
            .findFirst()
            .orElseThrow();
    assertThat(arg).isEqualTo("--health-port=" + healthPort);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aStartupProbeGivesASlowJvmTwoMinutesBeforeLivenessCounts(
      String source, List<JsonNode> objects) {
    JsonNode startup = Deploy.container(objects).path("startupProbe");
    assertThat(startup.path("httpGet").path("path").asString()).isEqualTo("/healthz");
    assertThat(startup.path("httpGet").path("port").asString()).isEqualTo("health");
    assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
        .isEqualTo(120);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theReplicasSpreadOverNodesWithoutBlockingAOneNodeCluster(
      String source, List<JsonNode> objects) {
    JsonNode spread = podSpec(objects).path("topologySpreadConstraints");
    assertThat(spread.size()).isEqualTo(1);
    JsonNode c = spread.get(0);
    assertThat(c.path("topologyKey").asString()).isEqualTo("kubernetes.io/hostname");
    assertThat(c.path("maxSkew").asInt()).isEqualTo(1);
    assertThat(c.path("whenUnsatisfiable").asString()).isEqualTo("ScheduleAnyway");
    // it counts exactly the Deployment's pods
    assertThat(c.path("labelSelector").path("matchLabels"))
        .isEqualTo(one(objects, "Deployment").path("spec").path("selector").path("matchLabels"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void podAndContainerAreLockedDown(String source, List<JsonNode> objects) {
    JsonNode pod = podSpec(objects).path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
    assertThat(pod.path("runAsUser").asInt()).isPositive();

    JsonNode c = Deploy.container(objects).path("securityContext");
    assertThat(c.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(c.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(c.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(c.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(c.path("capabilities").path("drop").values())
        .extracting(JsonNode::asString)
        .containsExactly("ALL");
    assertThat(c.path("capabilities").has("add")).isFalse();
    assertThat(c.path("privileged").asBoolean(false)).isFalse();
    assertThat(c.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theReadOnlyRootHasAWritableTmpForTheJvm(String source, List<JsonNode> objects) {
    JsonNode mount =
        Deploy.container(objects).path("volumeMounts").values().stream()
            .filter(m -> m.path("mountPath").asString().equals("/tmp"))
            .findFirst()
            .orElseThrow();
    JsonNode volume =
        podSpec(objects).path("volumes").values().stream()
            .filter(v -> v.path("name").asString().equals(mount.path("name").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.has("emptyDir")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void resourcesAndAHeapThatFitsTheLimit(String source, List<JsonNode> objects) {
    JsonNode r = Deploy.container(objects).path("resources");
    for (String kind : List.of("requests", "limits")) {
      assertThat(r.path(kind).path("cpu").asString("")).as(kind + ".cpu").isNotBlank();
      assertThat(r.path(kind).path("memory").asString("")).as(kind + ".memory").isNotBlank();
    }
    assertThat(mebibytes(r.path("requests").path("memory").asString()))
        .isLessThanOrEqualTo(mebibytes(r.path("limits").path("memory").asString()));

    String javaOptions =
        Deploy.container(objects).path("env").values().stream()
            .filter(e -> e.path("name").asString().equals("JAVA_TOOL_OPTIONS"))
            .findFirst()
            .orElseThrow()
            .path("value")
            .asString();
    Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(javaOptions);
    assertThat(m.find()).as(javaOptions).isTrue();
    // the heap takes most of the limit and leaves room for metaspace, threads and native memory
    assertThat(Double.parseDouble(m.group(1))).isBetween(50.0, 80.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theMetricsServiceSelectsThePodsMetricsPort(String source, List<JsonNode> objects) {
    JsonNode service = one(objects, "Service");
    Map<String, String> podLabels =
        labels(
            one(objects, "Deployment")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels"));
    assertThat(podLabels).containsAllEntriesOf(labels(service.path("spec").path("selector")));
    JsonNode port = service.path("spec").path("ports").get(0);
    assertThat(service.path("spec").path("ports").size()).isEqualTo(1);
    assertThat(port.path("name").asString()).isEqualTo("metrics");
    assertThat(port.path("targetPort").asString()).isEqualTo("metrics");
  }

  private static long mebibytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    assertThat(m.matches()).as("memory quantity " + quantity + " in Mi or Gi").isTrue();
    return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
  }
}
