package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.certmedic.controller.Rbac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The namespaced mode (watchNamespaces set) in the Helm chart and the Kustomize {@code namespaced}
 * overlay: a Role per watched namespace with {@link Rbac#WATCHED_NAMESPACE}, the CA Secret's Role
 * in the controller's namespace, and a ClusterRole of {@link Rbac#NAMESPACED_MODE_CLUSTER} that
 * writes no Secret. The overlay is rendered by {@code kubectl kustomize}, as users apply it.
 */
class NamespacedRbacTest {

  private static final Set<String> SECRET_WRITES = Set.of("create", "update", "patch", "delete");

  /** The chart with {@code controller.watchNamespaces} set from a values file, as users set it. */
  private static List<JsonNode> helmWatching(String... namespaces) {
    try {
      Path values = Files.createTempFile("certmedic-values", ".yaml");
      try {
        Files.writeString(
            values, "controller:\n  watchNamespaces: [" + String.join(", ", namespaces) + "]\n");
        return Deploy.helm(Deploy.RELEASE, Deploy.NAMESPACE, values, List.of());
      } finally {
        Files.delete(values);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> roles(List<JsonNode> objects, String nameSuffix) {
    return Deploy.all(objects, "Role").stream()
        .filter(r -> Deploy.name(r).endsWith(nameSuffix))
        .collect(Collectors.toList());
  }

  private static String namespace(JsonNode o) {
    return o.path("metadata").path("namespace").asString("");
  }

  /** Every namespace a RoleBinding gives {@code roleName} to the controller's ServiceAccount. */
  private static Set<String> boundIn(List<JsonNode> objects, String roleName) {
    return Deploy.all(objects, "RoleBinding").stream()
        .filter(b -> b.path("roleRef").path("name").asString("").equals(roleName))
        .filter(b -> b.path("roleRef").path("kind").asString("").equals("Role"))
        .filter(
            b ->
                b.path("subjects").size() == 1
                    && b.path("subjects").get(0).path("name").asString("").equals("certmedic")
                    && b.path("subjects")
                        .get(0)
                        .path("namespace")
                        .asString("")
                        .equals(Deploy.NAMESPACE))
        .map(NamespacedRbacTest::namespace)
        .collect(Collectors.toSet());
  }

  private static void assertNamespacedMode(List<JsonNode> objects, String a, String b) {
    List<JsonNode> watched = roles(objects, "-watched");
    assertThat(watched).extracting(NamespacedRbacTest::namespace).containsExactlyInAnyOrder(a, b);
    for (JsonNode role : watched) {
      assertThat(RoleRules.granted(role)).isEqualTo(RoleRules.expected(Rbac.WATCHED_NAMESPACE));
      assertThat(boundIn(objects, Deploy.name(role))).contains(namespace(role));
    }
    JsonNode ca = Deploy.one(roles(objects, "-ca-secret"), "Role");
    assertThat(namespace(ca)).isEqualTo(Deploy.NAMESPACE);
    assertThat(RoleRules.granted(ca)).isEqualTo(RoleRules.expected(Rbac.CA_SECRET));
    assertThat(boundIn(objects, Deploy.name(ca))).containsExactly(Deploy.NAMESPACE);

    Map<String, Set<String>> cluster = RoleRules.granted(Deploy.one(objects, "ClusterRole"));
    assertThat(cluster).isEqualTo(RoleRules.expected(Rbac.NAMESPACED_MODE_CLUSTER));
    assertThat(cluster.getOrDefault("secrets", Set.of()))
        .doesNotContainAnyElementsOf(SECRET_WRITES);

    assertThat(Deploy.args(objects)).contains("--watch-namespace=" + a, "--watch-namespace=" + b);
  }

  @Test
  void helmWithWatchNamespacesRendersARolePerNamespaceAndNoClusterWideSecretWrites() {
    assertNamespacedMode(helmWatching("a", "b"), "a", "b");
  }

  @Test
  void helmWithoutWatchNamespacesKeepsTheClusterWideModeAndNoWatchedRoles() {
    List<JsonNode> objects = Deploy.helmDefault();
    assertThat(RoleRules.granted(Deploy.one(objects, "ClusterRole")))
        .isEqualTo(RoleRules.expected(Rbac.CLUSTER));
    assertThat(roles(objects, "-watched")).isEmpty();
    assertThat(roles(objects, "-ca-secret")).isEmpty();
    assertThat(Deploy.args(objects)).noneMatch(a -> a.startsWith("--watch-namespace"));
  }

  @Test
  void aNamespaceListedTwiceGetsOneRole() {
    assertThat(roles(helmWatching("a", "a"), "-watched")).hasSize(1);
  }

  @Test
  void theKustomizeNamespacedOverlayRendersTheSameForItsExampleNamespaces() throws Exception {
    assertNamespacedMode(kubectlKustomize(Deploy.kustomizeDir("namespaced")), "team-a", "team-b");
  }

  @Test
  void rbacKeepsSecretWritesOutOfTheNamespacedModesClusterRole() {
    assertThat(Rbac.NAMESPACED_MODE_CLUSTER).allMatch(Rbac.Rule::clusterWide);
    assertThat(Rbac.WATCHED_NAMESPACE).noneMatch(Rbac.Rule::clusterWide);
    assertThat(Rbac.CA_SECRET).noneMatch(Rbac.Rule::clusterWide);
    assertThat(Rbac.NAMESPACED_MODE_CLUSTER)
        .noneMatch(r -> Set.of("secrets", "configmaps", "services").contains(r.resource()))
        .noneMatch(r -> r.apiGroup().equals("apps"));
  }

  @Test
  void docsControllerExplainsEveryClusterRoleRuleOfBothModesOnItsOwnLine() {
    String doc = Deploy.read(Deploy.root().resolve("docs/controller.md"));
    Stream.concat(Rbac.CLUSTER.stream(), Rbac.NAMESPACED_MODE_CLUSTER.stream())
        .forEach(
            r ->
                assertThat(doc)
                    .as("docs/controller.md row for " + r)
                    .contains(
                        "| `"
                            + RoleRules.key(r.apiGroup(), r.resource())
                            + "` | "
                            + String.join(", ", r.verbs())
                            + " | "));
  }

  /** {@code kubectl kustomize dir}, parsed; skipped where kubectl is not on the PATH. */
  static List<JsonNode> kubectlKustomize(Path dir) throws IOException, InterruptedException {
    assumeThat(onPath("kubectl")).as("kubectl on the PATH").isTrue();
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
    return Deploy.parseAll(yaml, "kubectl kustomize " + dir);
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }
}
