package io.certmedic.controller.reconcile;

import static io.certmedic.controller.testing.Objects8.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.engine.ConflictException;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.engine.Writer;
import io.certmedic.controller.engine.testing.RbacAudit;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Restart-on-rotation writes with a JSON Patch against the CRUD mock API server: the annotations
 * land, a stale patch is a conflict, and every call needs only {@code patch} on workloads.
 */
@EnableKubernetesMockClient(crud = true)
class AnnotationPatchTest {

  static final String AGENT = "certmedic-patch-test";
  static final Instant NOW = TestPki.NOW;

  KubernetesMockServer server;
  KubernetesClient client;

  /** The API server itself as the reconciler's view: what it reads is what the server holds. */
  private View live(KubernetesClient c) {
    return new View() {
      @Override
      public <T extends HasMetadata> Optional<T> get(Class<T> type, String ns, String name) {
        return Optional.ofNullable(c.resources(type).inNamespace(ns).withName(name).get());
      }

      @Override
      public <T extends HasMetadata> Collection<T> list(Class<T> type) {
        return c.resources(type).inAnyNamespace().list().getItems();
      }

      @Override
      public <T extends HasMetadata> Collection<T> list(Class<T> type, String ns) {
        return c.resources(type).inNamespace(ns).list().getItems();
      }
    };
  }

  private void givenACertmedicSecret(String crt) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace("ks")
                .withName("api-tls")
                .addToLabels(Annotations.MANAGED_LABEL, "true")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData(
                    "tls.crt",
                    java.util.Base64.getEncoder()
                        .encodeToString(crt.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .build())
        .createOr(r -> r.update());
  }

  private Write reconcile(KubernetesClient c, Instant at) {
    Result r = new Restarts().reconcile(new Key("Deployment", "ks", "api"), live(c), at);
    return r.writes().get(0);
  }

  private Deployment stored() {
    return client.apps().deployments().inNamespace("ks").withName("api").get();
  }

  @Test
  void aRotatedCertificateRollsTheWorkloadWithPatchesOnlyAndNeverAnUpdate() {
    // Given a Deployment asking to be rolled on rotation, with no annotations on its pod template,
    // and the certmedic Secret it mounts
    client
        .resource(
            deployment("ks", "api", "api-tls", Map.of(Annotations.RESTART_ON_ROTATION, "true")))
        .create();
    givenACertmedicSecret("first");
    KubernetesClient controller =
        server.createClient(b -> b.editOrNewConfig().withUserAgent(AGENT).endConfig());
    RbacAudit audit = RbacAudit.of(server, AGENT, "certmedic");
    Writer writer = new Writer(controller, "replica-a", Clock.fixed(NOW, ZoneOffset.UTC));

    // When it is first seen, then its certificate rotates
    Write track = reconcile(controller, NOW);
    writer.apply(track);
    givenACertmedicSecret("second");
    Write roll = reconcile(controller, NOW.plus(Duration.ofDays(61)));
    writer.apply(roll);

    // Then both writes were JSON Patches guarded by the resourceVersion
    assertThat(List.of(track, roll)).allSatisfy(w -> assertThat(w).isInstanceOf(Write.Patch.class));
    assertThat(((Write.Patch) roll).patch())
        .startsWith("[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"")
        .contains("\"path\":\"/metadata/annotations/certmedic.io~1serving-cert-digest\"");
    // And the server holds the digest and the restart annotation on the pod template
    Deployment d = stored();
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry(Annotations.RESTART_ON_ROTATION, "true")
        .containsKey(Annotations.SERVING_CERT_DIGEST);
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(Annotations.RESTARTED_AT, NOW.plus(Duration.ofDays(61)).toString());
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).hasSize(1);
    // And every call the controller made is allowed by Rbac, which grants patch and not update
    List<RbacAudit.Call> calls = audit.assertAllowed();
    assertThat(calls)
        .filteredOn(c -> c.resource().equals("deployments"))
        .extracting(RbacAudit.Call::verb)
        .contains("patch")
        .doesNotContain("update");
  }

  @Test
  void aPatchOfAWorkloadChangedSinceItWasReadIsAConflict() {
    // Given the tracking patch computed from a read of the Deployment
    client
        .resource(
            deployment("ks", "api", "api-tls", Map.of(Annotations.RESTART_ON_ROTATION, "true")))
        .create();
    givenACertmedicSecret("first");
    Write track = reconcile(client, NOW);
    // When someone else changes the Deployment before the patch is sent
    client
        .apps()
        .deployments()
        .inNamespace("ks")
        .withName("api")
        .edit(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .editSpec()
                    .withReplicas(3)
                    .endSpec()
                    .build());
    Writer writer = new Writer(client, "replica-a", Clock.fixed(NOW, ZoneOffset.UTC));

    // Then the patch fails as a conflict, and nothing of it landed
    assertThatThrownBy(() -> writer.apply(track)).isInstanceOf(ConflictException.class);
    assertThat(stored().getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.SERVING_CERT_DIGEST);
    assertThat(stored().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void annotationKeysAreEscapedAsJsonPointerTokens() {
    assertThat(AnnotationPatch.escape("certmedic.io/restarted-at"))
        .isEqualTo("certmedic.io~1restarted-at");
    assertThat(AnnotationPatch.escape("a~b/c")).isEqualTo("a~0b~1c");
  }
}
