package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.core.issue.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The chart renders (helm-java, in-process) with its defaults and with overrides, into the release
 * namespace.
 */
class HelmChartTest {

  @TempDir Path tmp;

  private Path values(String yaml) throws IOException {
    Path f = Files.createTempFile(tmp, "values", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static List<String> flagsNamed(List<String> args, String flag) {
    return args.stream()
        .filter(a -> a.equals("--" + flag) || a.startsWith("--" + flag + "="))
        .collect(Collectors.toList());
  }

  @Test
  void chartIsV2AtVersionZeroOneZero() {
    JsonNode chart = Deploy.parseFile(Deploy.chart().resolve("Chart.yaml")).get(0);
    assertThat(chart.path("apiVersion").asString()).isEqualTo("v2");
    assertThat(chart.path("name").asString()).isEqualTo("certmedic");
    assertThat(chart.path("version").asString()).isEqualTo("0.1.0");
    assertThat(chart.path("appVersion").asString()).isEqualTo("0.1.0");
  }

  @Test
  void rendersWithDefaults() {
    List<JsonNode> objects = Deploy.helmDefault();
    assertThat(Deploy.kindsAndNames(objects))
        .containsExactlyInAnyOrder(
            "ServiceAccount/certmedic",
            "ClusterRole/certmedic",
            "ClusterRoleBinding/certmedic",
            "Role/certmedic-leader-election",
            "RoleBinding/certmedic-leader-election",
            "Deployment/certmedic",
            "Service/certmedic-metrics",
            "PodDisruptionBudget/certmedic");
  }

  @Test
  void installsEverythingIntoTheReleaseNamespace() {
    List<JsonNode> objects =
        Deploy.helm("edge", "tls-system", null, List.of(Deploy.ASSUME_PROMETHEUS_OPERATOR));
    assertThat(Deploy.all(objects, "Namespace"))
        .as("helm install --create-namespace makes it")
        .isEmpty();
    for (JsonNode o : objects) {
      if (Deploy.CLUSTER_SCOPED.contains(Deploy.kind(o))) {
        assertThat(o.path("metadata").has("namespace")).as(Deploy.kind(o)).isFalse();
      } else {
        assertThat(o.path("metadata").path("namespace").asString(""))
            .as(Deploy.kind(o))
            .isEqualTo("tls-system");
      }
    }
    // a release not named certmedic prefixes the chart's name
    assertThat(Deploy.name(one(objects, "Deployment"))).isEqualTo("edge-certmedic");
    assertThat(Deploy.name(one(objects, "Role"))).isEqualTo("edge-certmedic-leader-election");
    // the runbooks name the release namespace
    String rules = one(objects, "PrometheusRule").path("spec").toString();
    assertThat(rules).contains("kubectl -n tls-system ").doesNotContain("kubectl -n certmedic ");
  }

  @Test
  void replicasOverride() {
    List<JsonNode> objects =
        Deploy.helm(Deploy.RELEASE, Deploy.NAMESPACE, null, List.of("replicas=3"));
    assertThat(one(objects, "Deployment").path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(one(objects, "PodDisruptionBudget").path("spec").path("minAvailable").asInt())
        .isEqualTo(1);
    assertThat(flagsNamed(Deploy.args(objects), "leader-elect")).containsExactly("--leader-elect");
  }

  @Test
  void leaderElectFalseWritesNoLeaderElect() {
    List<JsonNode> objects =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of("replicas=1", "controller.leaderElect=false"));
    List<String> args = Deploy.args(objects);
    assertThat(args).contains("--no-leader-elect").doesNotContain("--leader-elect");
    assertThat(ControllerArgs.options(args, "ns", "pod").leaderElect()).isFalse();
    // one replica: a budget of one would block every drain
    assertThat(Deploy.all(objects, "PodDisruptionBudget")).isEmpty();
  }

  @Test
  void leaderElectFalseWithMoreThanOneReplicaDoesNotRender() {
    assertThatThrownBy(
            () ->
                Deploy.helmYaml(
                    Deploy.RELEASE,
                    Deploy.NAMESPACE,
                    null,
                    List.of("controller.leaderElect=false")))
        .hasMessageContaining("leaderElect=false needs replicas: 1");
    assertThatThrownBy(
            () ->
                Deploy.helmYaml(
                    Deploy.RELEASE,
                    Deploy.NAMESPACE,
                    null,
                    List.of("replicas=3", "controller.leaderElect=false")))
        .hasMessageContaining("leaderElect=false needs replicas: 1");
  }

  @Test
  void watchNamespacesBecomeOneFlagEach() throws IOException {
    List<JsonNode> fromFile =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            values("controller:\n  watchNamespaces: [a, b]\n"),
            List.of());
    assertThat(flagsNamed(Deploy.args(fromFile), "watch-namespace"))
        .containsExactly("--watch-namespace=a", "--watch-namespace=b");
    assertThat(ControllerArgs.options(Deploy.args(fromFile), "ns", "pod").watchNamespaces())
        .containsExactly("a", "b");

    List<JsonNode> fromSet =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of("controller.watchNamespaces[0]=a", "controller.watchNamespaces[1]=b"));
    assertThat(flagsNamed(Deploy.args(fromSet), "watch-namespace"))
        .containsExactly("--watch-namespace=a", "--watch-namespace=b");
  }

  @Test
  void everyControllerValueReachesItsFlag() throws IOException {
    Path v =
        values(
            """
        controller:
          caSecret: other-ca
          clusterDomain: corp.example
          keyType: rsa-3072
          certLifetime: 30d
          renewalFraction: 0.5
          caLifetime: 3650d
          caRotationFraction: 0.75
          propagationDelay: 2m
          watchNamespaces: [team-a]
          leaderElect: true
          leaseName: other-lease
          leaseDuration: 30s
          renewDeadline: 20s
          retryPeriod: 5s
          workers: 4
          doctorInterval: 1m
          expiryWarning: 14d
          metricsPort: 9090
          healthPort: 9091
          logFormat: json
        """);
    List<JsonNode> objects = Deploy.helm(Deploy.RELEASE, Deploy.NAMESPACE, v, List.of());
    ControllerOptions expected =
        new ControllerOptions(
            "ns",
            "other-ca",
            "corp.example",
            KeyType.RSA_3072,
            Duration.ofDays(30),
            0.5,
            Duration.ofDays(3650),
            0.75,
            Duration.ofMinutes(2),
            List.of("team-a"),
            true,
            "other-lease",
            "pod",
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            4,
            Duration.ofMinutes(1),
            Duration.ofDays(14),
            9090,
            9091,
            ControllerOptions.LogFormat.JSON,
            ControllerOptions.DEFAULT_BIND_ADDRESS,
            ControllerOptions.DEFAULT_BIND_ADDRESS,
            ControllerOptions.DEFAULT_CLUSTER_WIDE_READS);
    assertThat(ControllerArgs.options(Deploy.args(objects), "ns", "pod")).isEqualTo(expected);
    // the ports follow
    assertThat(Deploy.container(objects).path("ports").toString())
        .contains("9090")
        .contains("9091");
    assertThat(one(objects, "Service").path("spec").path("ports").get(0).path("port").asInt())
        .isEqualTo(9090);
  }

  @Test
  void valuesHaveOneKeyPerControllerFlag() {
    JsonNode controller =
        Deploy.parseFile(Deploy.chart().resolve("values.yaml")).get(0).path("controller");
    Set<String> expected =
        ControllerArgs.FLAGS.stream()
            .filter(
                f ->
                    !f.equals("namespace")
                        && !f.equals("identity")) // the pod's, from the downward API
            .map(HelmChartTest::camel)
            .map(k -> k.equals("watchNamespace") ? "watchNamespaces" : k)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(controller.propertyNames())).isEqualTo(expected);
  }

  private static String camel(String kebab) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  @Test
  void monitoringObjectsAreSwitches() {
    List<JsonNode> none =
        Deploy.helm(
            Deploy.RELEASE, Deploy.NAMESPACE, null, List.of("prometheusRule.enabled=false"));
    assertThat(Deploy.all(none, "PrometheusRule")).isEmpty();
    assertThat(Deploy.all(none, "ServiceMonitor")).isEmpty();

    List<JsonNode> both =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of(
                Deploy.ASSUME_PROMETHEUS_OPERATOR,
                "metrics.serviceMonitor.enabled=true",
                "metrics.serviceMonitor.labels.release=kube-prometheus-stack"));
    JsonNode sm = one(both, "ServiceMonitor");
    assertThat(sm.path("metadata").path("labels").path("release").asString())
        .isEqualTo("kube-prometheus-stack");
    assertThat(Deploy.labels(one(both, "Service").path("metadata").path("labels")))
        .containsAllEntriesOf(Deploy.labels(sm.path("spec").path("selector").path("matchLabels")));
    assertThat(sm.path("spec").path("endpoints").get(0).path("port").asString())
        .isEqualTo("metrics");
    assertThat(Deploy.all(both, "PrometheusRule")).hasSize(1);
  }

  @Test
  void withoutThePrometheusOperatorsApiNoMonitoringObjectIsRendered() {
    // helm-java renders offline: its capabilities have no monitoring.coreos.com/v1, as a cluster
    // without the Prometheus Operator
    List<JsonNode> offline =
        Deploy.helm(
            Deploy.RELEASE, Deploy.NAMESPACE, null, List.of("metrics.serviceMonitor.enabled=true"));
    assertThat(Deploy.all(offline, "PrometheusRule")).isEmpty();
    assertThat(Deploy.all(offline, "ServiceMonitor")).isEmpty();

    // forced on by the value, both are rendered
    List<JsonNode> forced =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of(Deploy.ASSUME_PROMETHEUS_OPERATOR, "metrics.serviceMonitor.enabled=true"));
    assertThat(Deploy.all(forced, "PrometheusRule")).hasSize(1);
    assertThat(Deploy.all(forced, "ServiceMonitor")).hasSize(1);
  }

  @Test
  void theMonitoringTemplatesGuardOnTheClustersApiVersions() {
    String helpers = Deploy.read(Deploy.chart().resolve("templates/_helpers.tpl"));
    assertThat(helpers)
        .contains(
            "{{- define \"certmedic.prometheusOperator\" -}}\n{{- if or"
                + " .Values.prometheusOperator.assumeInstalled"
                + " (.Capabilities.APIVersions.Has \"monitoring.coreos.com/v1\") }}true{{ end }}");
    for (String t : List.of("prometheusrule.yaml", "servicemonitor.yaml")) {
      String first =
          Deploy.read(Deploy.chart().resolve("templates").resolve(t))
              .lines()
              .filter(l -> l.startsWith("{{- if "))
              .findFirst()
              .orElseThrow();
      assertThat(first).as(t).contains("(include \"certmedic.prometheusOperator\" .)");
    }
    assertThat(
            Deploy.parseFile(Deploy.chart().resolve("values.yaml"))
                .get(0)
                .path("prometheusOperator")
                .path("assumeInstalled")
                .asBoolean(true))
        .as("off by default: a plain helm install works without the operator")
        .isFalse();
  }

  @Test
  void aCustomSpreadGetsTheReleasesLabelSelector() {
    List<JsonNode> custom =
        Deploy.helm(
            "edge",
            "tls-system",
            null,
            List.of(
                "topologySpreadConstraints[0].maxSkew=1",
                "topologySpreadConstraints[0].topologyKey=topology.kubernetes.io/zone",
                "topologySpreadConstraints[0].whenUnsatisfiable=DoNotSchedule"));
    JsonNode spread =
        one(custom, "Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("topologySpreadConstraints")
            .get(0);
    assertThat(spread.path("topologyKey").asString()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(
            spread
                .path("labelSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/instance")
                .asString())
        .isEqualTo("edge");
  }

  @Test
  void bringYourOwnServiceAccount() {
    List<JsonNode> objects =
        Deploy.helm(
            Deploy.RELEASE,
            Deploy.NAMESPACE,
            null,
            List.of("serviceAccount.create=false", "serviceAccount.name=mine"));
    assertThat(Deploy.all(objects, "ServiceAccount")).isEmpty();
    assertThat(
            one(objects, "Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asString())
        .isEqualTo("mine");
    assertThat(one(objects, "ClusterRoleBinding").path("subjects").get(0).path("name").asString())
        .isEqualTo("mine");
    assertThat(one(objects, "RoleBinding").path("subjects").get(0).path("name").asString())
        .isEqualTo("mine");
  }

  @Test
  void schedulingValuesReachThePod() throws IOException {
    Path v =
        values(
            """
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoSchedule}]
        affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [infra]}]}]}}}
        podAnnotations: {example.com/team: tls}
        """);
    JsonNode pod =
        one(Deploy.helm(Deploy.RELEASE, Deploy.NAMESPACE, v, List.of()), "Deployment")
            .path("spec")
            .path("template");
    assertThat(pod.path("spec").path("nodeSelector").path("kubernetes.io/os").asString())
        .isEqualTo("linux");
    assertThat(pod.path("spec").path("tolerations").get(0).path("key").asString())
        .isEqualTo("dedicated");
    assertThat(pod.path("spec").path("affinity").path("nodeAffinity").isObject()).isTrue();
    assertThat(pod.path("metadata").path("annotations").path("example.com/team").asString())
        .isEqualTo("tls");
  }

  /** NOTES.txt is rendered only by install; a client-only dry run renders it without a cluster. */
  @Test
  void notesRenderOnInstall() {
    Release r =
        new Helm(Deploy.chart())
            .install()
            .withName("certmedic")
            .withNamespace("tls-system")
            .clientOnly()
            .dryRun()
            .call();
    assertThat(r.getOutput())
        .contains("NOTES:")
        .contains("namespace tls-system")
        .contains(Annotations.SERVING_CERT_SECRET_NAME)
        .contains(Annotations.INJECT_CABUNDLE + "=true")
        .contains("certmedic doctor")
        .contains("certmedic explain");
  }
}
