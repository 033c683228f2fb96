package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.controller.Rbac;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The ClusterRole and Role in deploy/ grant exactly {@link Rbac}: no verb more, none less, no
 * wildcard.
 */
class DeployRbacTest {

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of("kustomize base", Deploy.kustomizeBase(), Deploy.NAMESPACE),
        Arguments.of("helm default", Deploy.helmDefault(), Deploy.NAMESPACE),
        Arguments.of(
            "helm release 'edge' in tls-system",
            Deploy.helm("edge", "tls-system", null, List.of()),
            "tls-system"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void clusterRoleIsExactlyRbacCluster(String source, List<JsonNode> objects, String namespace) {
    assertThat(Deploy.all(objects, "ClusterRole")).hasSize(1);
    assertThat(RoleRules.granted(one(objects, "ClusterRole")))
        .isEqualTo(RoleRules.expected(Rbac.CLUSTER));
  }

  @org.junit.jupiter.api.Test
  void withoutClusterWideReadsTheClusterRoleReadsNoPodsIngressesOrCsrs() {
    List<JsonNode> objects =
        Deploy.helm("certmedic", "certmedic", null, List.of("controller.clusterWideReads=false"));
    assertThat(RoleRules.granted(one(objects, "ClusterRole")))
        .isEqualTo(RoleRules.expected(Rbac.CLUSTER_WITHOUT_READS))
        .isNotEqualTo(RoleRules.expected(Rbac.CLUSTER));
    assertThat(Deploy.all(objects, "Deployment").get(0).toString())
        .contains("--no-cluster-wide-reads");
  }

  @Test
  void theCrdKindsTheDoctorJudgesAreReadOnlyAndOnlyWithClusterWideReads() {
    Set<String> crdGroups =
        Set.of("gateway.networking.k8s.io", "route.openshift.io", "cert-manager.io");
    List<Rbac.Rule> crdRules =
        Rbac.CLUSTER.stream().filter(r -> crdGroups.contains(r.apiGroup())).toList();
    assertThat(crdRules)
        .extracting(r -> r.apiGroup() + "/" + r.resource())
        .containsExactly(
            "gateway.networking.k8s.io/gateways",
            "gateway.networking.k8s.io/referencegrants",
            "route.openshift.io/routes",
            "cert-manager.io/certificates",
            "cert-manager.io/issuers",
            "cert-manager.io/clusterissuers",
            "cert-manager.io/certificaterequests");
    assertThat(crdRules).allMatch(r -> r.verbs().equals(List.of("get", "list", "watch")));
    assertThat(Rbac.CLUSTER_WIDE_READS).containsAll(crdRules);
    for (List<JsonNode> objects :
        List.of(
            Deploy.helm(
                "certmedic", "certmedic", null, List.of("controller.clusterWideReads=false")))) {
      for (JsonNode rule : one(objects, "ClusterRole").path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          assertThat(crdGroups)
              .as("rule without cluster-wide reads")
              .doesNotContain(group.asString());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void roleIsExactlyRbacNamespacedInTheControllersNamespace(
      String source, List<JsonNode> objects, String namespace) {
    assertThat(Deploy.all(objects, "Role")).hasSize(1);
    JsonNode role = one(objects, "Role");
    assertThat(RoleRules.granted(role)).isEqualTo(RoleRules.expected(Rbac.NAMESPACED));
    assertThat(role.path("metadata").path("namespace").asString()).isEqualTo(namespace);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void bindingsGiveTheRolesToTheControllersServiceAccount(
      String source, List<JsonNode> objects, String namespace) {
    JsonNode sa = one(objects, "ServiceAccount");
    String saName = Deploy.name(sa);
    assertThat(sa.path("metadata").path("namespace").asString()).isEqualTo(namespace);
    assertThat(
            one(objects, "Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asString())
        .isEqualTo(saName);

    JsonNode crb = one(objects, "ClusterRoleBinding");
    assertThat(crb.path("roleRef").path("kind").asString()).isEqualTo("ClusterRole");
    assertThat(crb.path("roleRef").path("apiGroup").asString())
        .isEqualTo("rbac.authorization.k8s.io");
    assertThat(crb.path("roleRef").path("name").asString())
        .isEqualTo(Deploy.name(one(objects, "ClusterRole")));
    assertOnlySubjectIs(crb, saName, namespace);

    JsonNode rb = one(objects, "RoleBinding");
    assertThat(rb.path("metadata").path("namespace").asString()).isEqualTo(namespace);
    assertThat(rb.path("roleRef").path("kind").asString()).isEqualTo("Role");
    assertThat(rb.path("roleRef").path("apiGroup").asString())
        .isEqualTo("rbac.authorization.k8s.io");
    assertThat(rb.path("roleRef").path("name").asString())
        .isEqualTo(Deploy.name(one(objects, "Role")));
    assertOnlySubjectIs(rb, saName, namespace);
  }

  private static void assertOnlySubjectIs(JsonNode binding, String sa, String namespace) {
    JsonNode subjects = binding.path("subjects");
    assertThat(subjects.size()).as(Deploy.name(binding) + " subjects").isEqualTo(1);
    assertThat(subjects.get(0).path("kind").asString()).isEqualTo("ServiceAccount");
    assertThat(subjects.get(0).path("name").asString()).isEqualTo(sa);
    assertThat(subjects.get(0).path("namespace").asString()).isEqualTo(namespace);
  }

  @Test
  void rbacRulesAreScopedAsTheirRolesAre() {
    assertThat(Rbac.CLUSTER).allMatch(Rbac.Rule::clusterWide);
    assertThat(Rbac.NAMESPACED).noneMatch(Rbac.Rule::clusterWide);
  }

  // ---- the comparison itself catches what it must

  private static JsonNode role(String rulesYaml) {
    return Deploy.parseAll("kind: ClusterRole\nrules:\n" + rulesYaml, "test role").get(0);
  }

  private static final Map<String, Set<String>> SECRETS_READ =
      Map.of("secrets", Set.of("get", "list", "watch"));

  @Test
  void anExtraVerbDiffers() {
    JsonNode r =
        role(
            "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get, list, watch, delete]\n");
    assertThat(RoleRules.granted(r)).isNotEqualTo(SECRETS_READ);
  }

  @Test
  void aMissingVerbDiffers() {
    JsonNode r = role("  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get, list]\n");
    assertThat(RoleRules.granted(r)).isNotEqualTo(SECRETS_READ);
  }

  @Test
  void anExtraResourceInARuleDiffers() {
    JsonNode r =
        role(
            "  - apiGroups: ['']\n    resources: [secrets, pods]\n    verbs: [get, list, watch]\n");
    assertThat(RoleRules.granted(r)).isNotEqualTo(SECRETS_READ);
  }

  @Test
  void theSameGrantSplitOverRulesIsEqual() {
    JsonNode r =
        role(
            "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get]\n"
                + "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [list, watch]\n");
    assertThat(RoleRules.granted(r)).isEqualTo(SECRETS_READ);
  }

  @Test
  void aWildcardAnywhereFails() {
    for (String rule :
        List.of(
            "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: ['*']\n",
            "  - apiGroups: ['']\n    resources: ['*']\n    verbs: [get]\n",
            "  - apiGroups: ['*']\n    resources: [secrets]\n    verbs: [get]\n",
            "  - apiGroups: ['']\n    resources: ['secrets/*']\n    verbs: [get]\n")) {
      assertThatThrownBy(() -> RoleRules.granted(role(rule)))
          .as(rule)
          .hasMessageContaining("wildcard");
    }
  }

  @Test
  void resourceNamesNonResourceUrlsAndRepeatedVerbsFail() {
    assertThatThrownBy(
            () ->
                RoleRules.granted(
                    role(
                        "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get]\n    resourceNames: [x]\n")))
        .hasMessageContaining("resourceNames");
    assertThatThrownBy(
            () -> RoleRules.granted(role("  - nonResourceURLs: [/metrics]\n    verbs: [get]\n")))
        .hasMessageContaining("nonResourceURLs");
    assertThatThrownBy(
            () ->
                RoleRules.granted(
                    role("  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get, get]\n")))
        .hasMessageContaining("repeats");
  }
}
