package io.certmedic.kube.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server side of the guard: a JSON Patch whose resourceVersion test fails changes nothing. */
@EnableKubernetesMockClient(crud = true)
class PatchGuardTest {

  KubernetesClient client;

  @Test
  void aPatchTestingAStaleResourceVersionIsRefusedAndChangesNothing() {
    // Given a ConfigMap
    ConfigMap cm =
        client
            .configMaps()
            .inNamespace("ns")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("b")
                    .endMetadata()
                    .addToData("ca.crt", "old")
                    .build())
            .create();
    String stale = cm.getMetadata().getResourceVersion() + "0";

    // When a guarded patch expects another resourceVersion
    String patch =
        JsonPatch.array(
                List.of(
                    JsonPatch.test("/metadata/resourceVersion", stale),
                    JsonPatch.add("/data/ca.crt", "new")))
            .toString();
    PatchContext ctx = PatchContext.of(PatchType.JSON);
    ctx.setFieldManager(PlanWriter.FIELD_MANAGER);
    // (the mock never answers a patch whose test fails, so this client gives up after two seconds;
    // a real API server answers with an error, which PlanWriter reads as a conflict)
    io.fabric8.kubernetes.client.Config cfg =
        new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
            .withRequestTimeout(2_000)
            .build();
    KubernetesClientException e;
    try (KubernetesClient impatient =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(cfg).build()) {
      e =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> impatient.configMaps().inNamespace("ns").withName("b").patch(ctx, patch));
    }

    // Then the patch is refused and the value stays
    assertThat(e).as("the patch is refused").isNotNull();
    assertThat(client.configMaps().inNamespace("ns").withName("b").get().getData())
        .containsEntry("ca.crt", "old");
  }
}
