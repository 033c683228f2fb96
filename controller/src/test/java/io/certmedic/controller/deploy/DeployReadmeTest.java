package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.Rbac;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** deploy/README.md explains every RBAC rule and every alert there is, and how to install. */
class DeployReadmeTest {

  private static final String README = Deploy.read(Deploy.root().resolve("deploy/README.md"));

  @Test
  void namesTheInstallCommands() {
    assertThat(README)
        .contains("kubectl apply -k deploy/kustomize/base")
        .contains("helm install certmedic deploy/helm/certmedic -n certmedic --create-namespace");
  }

  @Test
  void explainsEveryRbacRuleOnItsOwnLine() {
    Stream.concat(Rbac.CLUSTER.stream(), Rbac.NAMESPACED.stream())
        .forEach(
            r -> {
              String row =
                  "| `"
                      + RoleRules.key(r.apiGroup(), r.resource())
                      + "` | "
                      + String.join(", ", r.verbs())
                      + " |";
              assertThat(README).as("README row for " + r).contains(row);
            });
  }

  @Test
  void listsEveryAlert() {
    JsonNode rule = Deploy.one(Deploy.kustomizeMonitoring(), "PrometheusRule");
    for (JsonNode group : rule.path("spec").path("groups").values()) {
      for (JsonNode r : group.path("rules").values()) {
        assertThat(README).contains("| `" + r.path("alert").asString() + "` |");
      }
    }
  }
}
