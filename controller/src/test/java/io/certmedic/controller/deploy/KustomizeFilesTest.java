package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The files under deploy/kustomize parse, and every kustomization lists exactly its directory's
 * files.
 */
class KustomizeFilesTest {

  private static List<Path> kustomizationDirs() throws IOException {
    try (Stream<Path> s = Files.walk(Deploy.root().resolve("deploy/kustomize"))) {
      return s.filter(Files::isDirectory)
          .filter(d -> !d.equals(Deploy.root().resolve("deploy/kustomize")))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void everyYamlFileUnderDeployKustomizeParsesIntoObjects() {
    List<Path> files = Deploy.yamlFiles(Deploy.root().resolve("deploy/kustomize"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    for (Path f : files) {
      List<JsonNode> docs = Deploy.parseFile(f);
      assertThat(docs).as(f.toString()).isNotEmpty();
      for (JsonNode d : docs) {
        assertThat(d.path("apiVersion").asString("")).as(f + " apiVersion").isNotBlank();
        assertThat(d.path("kind").asString("")).as(f + " kind").isNotBlank();
        if (!f.getFileName().toString().equals("kustomization.yaml")) {
          assertThat(Deploy.name(d)).as(f + " metadata.name").isNotBlank();
        }
      }
    }
  }

  @Test
  void theChartsPlainYamlFilesParseToo() {
    Path chart = Deploy.chart();
    for (Path f :
        List.of(
            chart.resolve("Chart.yaml"),
            chart.resolve("values.yaml"),
            chart.resolve("files/prometheus-rules.yaml"))) {
      assertThat(Deploy.parseFile(f)).as(f.toString()).hasSize(1);
    }
  }

  @Test
  void everyDirectoryIsAKustomizationThatListsExactlyItsFiles() throws IOException {
    List<Path> dirs = kustomizationDirs();
    assertThat(dirs).extracting(d -> d.getFileName().toString()).contains("base", "monitoring");
    for (Path dir : dirs) {
      assertThat(dir.resolve("kustomization.yaml"))
          .as(dir + " has a kustomization.yaml")
          .isRegularFile();
      JsonNode k = Deploy.kustomization(dir);
      assertThat(k.path("kind").asString()).isEqualTo("Kustomization");
      assertThat(k.path("apiVersion").asString()).isEqualTo("kustomize.config.k8s.io/v1beta1");

      List<String> resources =
          k.path("resources").values().stream()
              .map(JsonNode::asString)
              .collect(Collectors.toList());
      assertThat(resources).as(dir + " resources listed once each").doesNotHaveDuplicates();
      Set<String> listedFiles = new TreeSet<>();
      for (String r : resources) {
        Path p = dir.resolve(r).normalize();
        if (Files.isDirectory(p)) {
          assertThat(p.resolve("kustomization.yaml"))
              .as(dir + ": " + r + " is a kustomization")
              .isRegularFile();
        } else {
          assertThat(p).as(dir + ": " + r + " exists").isRegularFile();
          assertThat(p.getParent())
              .as(dir + ": " + r + " is in the directory itself")
              .isEqualTo(dir);
          listedFiles.add(r);
        }
      }
      Set<String> present;
      try (Stream<Path> s = Files.list(dir)) {
        present =
            s.filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("kustomization.yaml"))
                .collect(Collectors.toCollection(TreeSet::new));
      }
      assertThat(listedFiles)
          .as(dir + ": the files kustomization.yaml lists are the files there")
          .isEqualTo(present);
    }
  }

  @Test
  void kustomizationsUseOnlyWhatTheTestsResolve() throws IOException {
    for (Path dir : kustomizationDirs()) {
      if (Deploy.KUBECTL_RENDERED.contains(dir.getFileName().toString())) {
        continue;
      }
      assertThat(Deploy.kustomization(dir).propertyNames())
          .as(dir.toString())
          .isSubsetOf(Deploy.KUSTOMIZATION_FIELDS);
    }
  }

  /**
   * Every namespaced object already names the kustomization's namespace, so the namespace
   * transformer changes nothing and each file applies on its own (kubectl apply -f) too.
   */
  @Test
  void everyNamespacedObjectNamesTheNamespace() throws IOException {
    for (Path dir : kustomizationDirs()) {
      if (Deploy.KUBECTL_RENDERED.contains(dir.getFileName().toString())) {
        continue;
      }
      String ns = Deploy.kustomization(dir).path("namespace").asString();
      assertThat(ns).isEqualTo(Deploy.NAMESPACE);
      for (Path f : Deploy.yamlFiles(dir)) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (JsonNode o : Deploy.parseFile(f)) {
          if (Deploy.CLUSTER_SCOPED.contains(Deploy.kind(o))) {
            assertThat(o.path("metadata").has("namespace")).as(f + ": cluster-scoped").isFalse();
          } else {
            assertThat(o.path("metadata").path("namespace").asString(""))
                .as(f.toString())
                .isEqualTo(ns);
          }
        }
      }
    }
  }

  @Test
  void baseHoldsTheControllerAndMonitoringAddsTheOperatorsObjects() {
    assertThat(Deploy.kindsAndNames(Deploy.kustomizeBase()))
        .containsExactlyInAnyOrder(
            "Namespace/certmedic",
            "ServiceAccount/certmedic",
            "ClusterRole/certmedic",
            "ClusterRoleBinding/certmedic",
            "Role/certmedic-leader-election",
            "RoleBinding/certmedic-leader-election",
            "Deployment/certmedic",
            "Service/certmedic-metrics",
            "PodDisruptionBudget/certmedic");
    Set<String> monitoring = new TreeSet<>(Deploy.kindsAndNames(Deploy.kustomizeMonitoring()));
    assertThat(Deploy.kustomizeMonitoring()).hasSize(Deploy.kustomizeBase().size() + 2);
    List<String> added = new ArrayList<>(monitoring);
    added.removeAll(Deploy.kindsAndNames(Deploy.kustomizeBase()));
    assertThat(added)
        .containsExactlyInAnyOrder("PrometheusRule/certmedic", "ServiceMonitor/certmedic");
  }

  @Test
  void theNamespaceRunsPodsUnderTheRestrictedPodSecurityStandard() {
    JsonNode ns = Deploy.one(Deploy.kustomizeBase(), "Namespace");
    assertThat(Deploy.name(ns)).isEqualTo(Deploy.NAMESPACE);
    assertThat(
            ns.path("metadata")
                .path("labels")
                .path("pod-security.kubernetes.io/enforce")
                .asString())
        .isEqualTo("restricted");
  }
}
