package io.certmedic.kube.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** fabric8's CRUD mock server works with the Jackson certmedic pins. */
@EnableKubernetesMockClient(crud = true)
class MockServerSmokeTest {

  KubernetesClient client;

  @Test
  void createsAndListsASecret() {
    // Given a Secret in the mock API server
    client
        .secrets()
        .inNamespace("demo")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("web-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", "AAAA")
                .build())
        .create();
    // When it is listed across namespaces
    var list = client.secrets().inAnyNamespace().list();
    // Then it comes back with a uid and its data
    assertThat(list.getItems())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMetadata().getUid()).isNotBlank();
              assertThat(s.getData()).containsEntry("tls.crt", "AAAA");
            });
  }
}
