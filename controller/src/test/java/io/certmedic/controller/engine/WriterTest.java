package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class WriterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);

  KubernetesMockServer server;
  KubernetesClient client;

  private Writer writer() {
    return new Writer(client, "replica-a", CLOCK);
  }

  private ConfigMap bundle(String ns) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName("bundle")
        .endMetadata()
        .addToData("ca-bundle.crt", "pem")
        .build();
  }

  private List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  @Test
  void createsWithoutServerFieldsAndRecordsANormalEvent() {
    // Given a ConfigMap copied from a cached one: resourceVersion, uid and managedFields set
    ConfigMap copy =
        new ConfigMapBuilder(bundle("shop"))
            .editMetadata()
            .withResourceVersion("41")
            .withUid("old-uid")
            .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .build();

    // When it is created
    HasMetadata made =
        writer().apply(new Write.Create(copy, "BundleCopied", "copied bundle into shop"));

    // Then it exists without them (the mock stores what it is sent, so this shows what was sent)
    ConfigMap stored = client.configMaps().inNamespace("shop").withName("bundle").get();
    assertThat(stored.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(stored.getMetadata().getUid())
        .isNotBlank()
        .isNotEqualTo("old-uid")
        .isEqualTo(made.getMetadata().getUid());
    // And the reconciler's object was left as it was
    assertThat(copy.getMetadata().getManagedFields()).hasSize(1);
    assertThat(copy.getMetadata().getUid()).isEqualTo("old-uid");
    // And a Normal Event names the created object
    assertThat(events("shop"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getReason()).isEqualTo("BundleCopied");
              assertThat(e.getMessage()).isEqualTo("copied bundle into shop");
              assertThat(e.getSource().getComponent()).isEqualTo(Writer.COMPONENT);
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(made.getMetadata().getUid());
              assertThat(e.getMetadata().getName()).startsWith("bundle.");
            });
  }

  @Test
  void updatesWithoutManagedFields() {
    // Given a ConfigMap read at its current version, with managedFields as a server returns them
    ConfigMap read = client.resource(bundle("shop")).create();
    ConfigMap changed =
        new ConfigMapBuilder(read)
            .addToData("ca-bundle.crt", "new pem")
            .editMetadata()
            .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .build();

    // When it is updated
    HasMetadata written = writer().apply(new Write.Update(changed, "CABundleInjected", "injected"));

    // Then the change is stored, without the managedFields
    ConfigMap stored = client.configMaps().inNamespace("shop").withName("bundle").get();
    assertThat(stored.getData()).containsEntry("ca-bundle.crt", "new pem");
    assertThat(stored.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(written.getMetadata().getResourceVersion())
        .isNotEqualTo(read.getMetadata().getResourceVersion());
  }

  @Test
  void aStaleUpdateIsAConflict() {
    // Given a ConfigMap read, then changed by someone else
    ConfigMap read = client.resource(bundle("shop")).create();
    client
        .configMaps()
        .inNamespace("shop")
        .withName("bundle")
        .edit(c -> new ConfigMapBuilder(c).addToData("x", "y").build());

    // When the stale copy is written / Then it is a typed conflict naming the object, and no Event
    // is recorded
    assertThatThrownBy(
            () ->
                writer()
                    .apply(
                        new Write.Update(
                            new ConfigMapBuilder(read).addToData("z", "1").build(), "R", "m")))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.object()).isEqualTo("ConfigMap shop/bundle");
              assertThat(e.getMessage())
                  .startsWith("ConfigMap shop/bundle changed since it was read: HTTP 409: ");
            });
    assertThat(events("shop")).isEmpty();
  }

  @Test
  void anUpdateWithoutResourceVersionIsRefused() {
    assertThatThrownBy(() -> writer().apply(new Write.Update(bundle("shop"), "R", "m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an update of ConfigMap shop/bundle must carry the resourceVersion it was read at");
  }

  @Test
  void createOfAnExistingObjectIsAConflict() {
    client.resource(bundle("shop")).create();
    assertThatThrownBy(() -> writer().apply(new Write.Create(bundle("shop"), "R", "m")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void deletesAndRecordsTheEventOnTheDeletedObject() {
    ConfigMap read = client.resource(bundle("shop")).create();
    writer()
        .apply(new Write.Delete(read, "BundleCopyRemoved", "namespace shop no longer selected"));
    assertThat(client.configMaps().inNamespace("shop").withName("bundle").get()).isNull();
    assertThat(events("shop"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("BundleCopyRemoved");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(read.getMetadata().getUid());
            });

    // And deleting what is gone already is done, without an Event
    writer().apply(new Write.Delete(read, "BundleCopyRemoved", "again"));
    assertThat(events("shop")).hasSize(1);
  }

  @Test
  void eventsOnClusterScopedObjectsGoToTheDefaultNamespace() {
    ValidatingWebhookConfiguration read =
        client
            .resource(
                new ValidatingWebhookConfigurationBuilder()
                    .withNewMetadata()
                    .withName("policy-gate")
                    .endMetadata()
                    .build())
            .create();
    writer()
        .apply(new Write.Update(read, "CABundleInjected", "injected the bundle into 1 webhook"));
    assertThat(events("default"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getInvolvedObject().getKind())
                  .isEqualTo("ValidatingWebhookConfiguration");
              assertThat(e.getInvolvedObject().getApiVersion())
                  .isEqualTo("admissionregistration.k8s.io/v1");
              assertThat(e.getInvolvedObject().getNamespace()).isNull();
              assertThat(e.getInvolvedObject().getName()).isEqualTo("policy-gate");
            });
  }

  @Test
  void aProblemIsOneWarningEventUntilItsMessageChanges() {
    // Given a ConfigMap with a malformed annotation, and a writer that meets it in every reconcile
    ConfigMap read = client.resource(bundle("shop")).create();
    Writer w = writer();

    // When the same problem is reported three times, then another
    for (int i = 0; i < 3; i++) {
      w.warn(
          new Result.Problem(
              read,
              "BadAnnotation",
              "certmedic.io/inject-cabundle-from: \"vault\" is not ns/name"));
    }
    w.warn(
        new Result.Problem(
            read, "BadAnnotation", "certmedic.io/inject-cabundle-from: \"a/b/c\" is not ns/name"));

    // Then there are two Warning Events, one per message
    assertThat(events("shop"))
        .extracting(Event::getType, Event::getMessage)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "Warning", "certmedic.io/inject-cabundle-from: \"vault\" is not ns/name"),
            org.assertj.core.groups.Tuple.tuple(
                "Warning", "certmedic.io/inject-cabundle-from: \"a/b/c\" is not ns/name"));
  }

  @Test
  void aFailedEventNeverFailsTheWrite() {
    // Given an API server that refuses Events
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/shop/events")
        .andReturn(
            403, new StatusBuilder().withCode(403).withMessage("events is forbidden").build())
        .always();
    // When a ConfigMap is created / Then it is, and no exception escapes
    writer().apply(new Write.Create(bundle("shop"), "BundleCopied", "copied"));
    assertThat(client.configMaps().inNamespace("shop").withName("bundle").get()).isNotNull();
    // And a problem whose Event failed is tried again next time (not remembered as told)
    server.clearExpectations();
    ConfigMap read = client.configMaps().inNamespace("shop").withName("bundle").get();
    Writer w = writer();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/shop/events")
        .andReturn(
            403, new StatusBuilder().withCode(403).withMessage("events is forbidden").build())
        .once();
    w.warn(new Result.Problem(read, "BadAnnotation", "m"));
    w.warn(new Result.Problem(read, "BadAnnotation", "m"));
    assertThat(events("shop"))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void refusedWritesOtherThanConflictsSurfaceAsClientErrors() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/shop/configmaps")
        .andReturn(
            422,
            new StatusBuilder()
                .withCode(422)
                .withMessage("ConfigMap \"bundle\" is invalid")
                .build())
        .once();
    assertThatThrownBy(() -> writer().apply(new Write.Create(bundle("shop"), "R", "m")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .isNotInstanceOf(ConflictException.class);
  }

  @Test
  void longMessagesAreCutToWhatTheApiServerTakes() {
    ConfigMap read = client.resource(bundle("shop")).create();
    writer().warn(new Result.Problem(read, "R", "x".repeat(5_000)));
    assertThat(events("shop").get(0).getMessage())
        .hasSize(Writer.MAX_EVENT_MESSAGE)
        .endsWith("...");
  }
}
