package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.testing.RbacAudit;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CachesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<HasMetadata> routed = Collections.synchronizedList(new ArrayList<>());

  /** Records what it is shown; every Service maps to itself. */
  private final Router recording =
      new Router() {
        @Override
        public Collection<Key> keysFor(HasMetadata o, View view) {
          routed.add(o);
          return o instanceof Service ? List.of(Key.of(o)) : List.of();
        }

        @Override
        public Collection<Key> allKeys(View view) {
          return List.of();
        }
      };

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Caches start(ControllerOptions options, WorkQueue queue) throws InterruptedException {
    KubernetesClient own =
        server.createClient(b -> b.editOrNewConfig().withUserAgent(Replica.USER_AGENT).endConfig());
    Caches caches = new Caches(own, options, recording, queue);
    open.add(own);
    open.add(caches);
    caches.start();
    assertThat(caches.awaitSynced(WAIT)).as("synced").isTrue();
    return caches;
  }

  private void create(HasMetadata o) {
    client.resource(o).create();
  }

  private static Secret secret(String ns, String name, boolean managed) {
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .endMetadata()
            .addToData("tls.key", FakeServing.b64("not for the cache"));
    if (managed) {
      b.editMetadata().addToLabels(Annotations.MANAGED_LABEL, "true").endMetadata();
    }
    return b.build();
  }

  private static List<String> names(Collection<? extends HasMetadata> os) {
    return os.stream()
        .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  void onlyManagedTheCaAndReferencedSecretsAreCached() throws Exception {
    // Given 50 Secrets certmedic has no business with, one it issued, its CA Secret,
    // and one a webhook configuration names as its CA bundle source
    for (int i = 0; i < 50; i++) {
      create(secret("apps", "unrelated-" + i, false));
    }
    create(secret("shop", "web-tls", true));
    create(secret(TestOptions.NAMESPACE, "certmedic-ca", false));
    create(secret("vault", "vault-ca", false));
    create(
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName("vault-injector")
            .addToAnnotations(Annotations.INJECT_CABUNDLE_FROM, "vault/vault-ca")
            .endMetadata()
            .build());
    RbacAudit audit = RbacAudit.of(server, Replica.USER_AGENT, TestOptions.NAMESPACE);

    // When the caches start
    Caches caches = start(TestOptions.single("replica-a"), WorkQueue.create());

    // Then only those three Secrets are in the view: the 50 others never reached the process
    await().atMost(WAIT).until(() -> caches.list(Secret.class).size() == 3);
    assertThat(names(caches.list(Secret.class)))
        .containsExactly("certmedic/certmedic-ca", "shop/web-tls", "vault/vault-ca");
    assertThat(caches.get(Secret.class, "apps", "unrelated-7")).isEmpty();
    assertThat(caches.get(Secret.class, "vault", "vault-ca")).isPresent();
    assertThat(caches.list(Secret.class, "shop"))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("web-tls");
    assertThat(routed)
        .filteredOn(o -> o instanceof Secret)
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain("unrelated-0", "unrelated-49");
    // And the Secrets were listed by label or by name, never all of them
    assertThat(audit.assertAllowed())
        .filteredOn(c -> c.resource().equals("secrets"))
        .allSatisfy(
            c ->
                assertThat(c.path())
                    .containsAnyOf(
                        "labelSelector=certmedic.io%2Fmanaged%3Dtrue",
                        "fieldSelector=metadata.name%3D"));

    // When a Secret becomes managed later
    client
        .secrets()
        .inNamespace("apps")
        .withName("unrelated-3")
        .edit(
            s ->
                new SecretBuilder(s)
                    .editMetadata()
                    .addToLabels(Annotations.MANAGED_LABEL, "true")
                    .endMetadata()
                    .build());
    // Then the watch brings it in
    await().atMost(WAIT).until(() -> caches.get(Secret.class, "apps", "unrelated-3").isPresent());
  }

  @Test
  void eachInformerEventIsRoutedAndItsKeysQueued() throws Exception {
    // Given running caches over an empty cluster
    WorkQueue queue = WorkQueue.create();
    Caches caches = start(TestOptions.single("replica-a"), queue);
    Key web = new Key("Service", "shop", "web");

    // When a Service is added
    create(
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web")
            .endMetadata()
            .build());
    // Then the router saw it, the view has it and its key is queued
    await().atMost(WAIT).until(() -> queue.size() == 1);
    assertThat(queue.poll()).contains(web);
    assertThat(caches.get(Service.class, "shop", "web")).isPresent();
    queue.done(web);

    // When it changes / Then it is queued again
    client
        .services()
        .inNamespace("shop")
        .withName("web")
        .edit(
            s -> new ServiceBuilder(s).editMetadata().addToLabels("v", "2").endMetadata().build());
    await().atMost(WAIT).until(() -> queue.size() == 1);
    assertThat(queue.poll()).contains(web);
    queue.done(web);

    // When it is deleted / Then it is queued again and gone from the view
    client.services().inNamespace("shop").withName("web").delete();
    await().atMost(WAIT).until(() -> queue.size() == 1);
    assertThat(caches.get(Service.class, "shop", "web")).isEmpty();

    // And cluster-scoped kinds read with namespace ""
    create(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());
    await().atMost(WAIT).until(() -> caches.get(Namespace.class, "", "shop").isPresent());
    assertThat(caches.get(Namespace.class, null, "shop")).isPresent();
    assertThat(caches.list(Namespace.class, "")).hasSize(1);
  }

  @Test
  void aForbiddenKindReadsAsEmptyAndTheRestWorks() throws Exception {
    // Given a controller not allowed to list APIServices
    server
        .expect()
        .get()
        .withPath("/apis/apiregistration.k8s.io/v1/apiservices?resourceVersion=0")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "apiservices.apiregistration.k8s.io is forbidden: User \"system:serviceaccount:certmedic:certmedic\" cannot list resource \"apiservices\"")
                .build())
        .always();
    create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("bundle")
            .endMetadata()
            .build());

    // When the caches start
    Caches caches = start(TestOptions.single("replica-a"), WorkQueue.create());

    // Then they are synced, APIServices read as none, and why is known
    assertThat(caches.synced()).isTrue();
    assertThat(caches.list(APIService.class)).isEmpty();
    assertThat(caches.get(APIService.class, "", "v1beta1.metrics.k8s.io")).isEmpty();
    assertThat(caches.unavailable())
        .containsOnlyKeys("APIServices")
        .hasEntrySatisfying(
            "APIServices",
            why ->
                assertThat(why)
                    .startsWith("HTTP 403: apiservices.apiregistration.k8s.io is forbidden"));
    // And the other kinds are watched
    assertThat(caches.get(ConfigMap.class, "shop", "bundle")).isPresent();
  }

  @Test
  void watchNamespacesLimitsNamespacedKindsButNotClusterScopedOnes() throws Exception {
    // Given objects in two namespaces and a cluster-scoped one
    create(
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web")
            .endMetadata()
            .build());
    create(
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("other")
            .withName("web")
            .endMetadata()
            .build());
    create(
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace("other")
            .withName("web")
            .endMetadata()
            .build());
    create(secret("other", "web-tls", true));
    create(
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName("policy")
            .endMetadata()
            .build());

    // When the caches watch namespace shop only
    Caches caches =
        start(TestOptions.options("replica-a", false, 1, List.of("shop")), WorkQueue.create());

    // Then only shop's namespaced objects are seen, and cluster-scoped ones still are
    assertThat(names(caches.list(Service.class))).containsExactly("shop/web");
    assertThat(caches.list(Deployment.class)).isEmpty();
    assertThat(caches.get(Secret.class, "other", "web-tls")).isEmpty();
    assertThat(caches.list(ValidatingWebhookConfiguration.class)).hasSize(1);
  }

  @Test
  void withWatchNamespacesEveryListAndWatchIsAllowedByTheNamespacedModesRoles() throws Exception {
    // Given a managed Secret in a watched namespace and one in another
    create(secret("shop", "web-tls", true));
    create(secret("other", "web-tls", true));
    io.certmedic.controller.engine.testing.RbacAudit audit =
        io.certmedic.controller.engine.testing.RbacAudit.of(
            server, Replica.USER_AGENT, TestOptions.NAMESPACE);

    // When the caches watch namespace shop only, and an annotation names a Secret in it
    Caches caches =
        start(TestOptions.options("replica-a", false, 1, List.of("shop")), WorkQueue.create());
    caches.watchSecret("shop", "ca");

    // Then every call is one the per-namespace Roles and the namespaced ClusterRole allow: no
    // Secret, Service, ConfigMap or workload is listed or watched cluster-wide
    assertThat(caches.get(Secret.class, "shop", "web-tls")).isPresent();
    assertThat(caches.get(Secret.class, "other", "web-tls")).isEmpty();
    List<io.certmedic.controller.engine.testing.RbacAudit.Call> calls = audit.calls();
    assertThat(calls).isNotEmpty();
    assertThat(calls)
        .filteredOn(
            c ->
                !io.certmedic.controller.engine.testing.RbacAudit.allowedInNamespacedMode(
                    c, TestOptions.NAMESPACE, java.util.Set.of("shop")))
        .isEmpty();
    assertThat(calls)
        .filteredOn(c -> c.resource().equals("secrets"))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.namespace()).isIn("shop", TestOptions.NAMESPACE));
  }

  @Test
  void podsIngressesAndCsrsAreCachedReadOnlyOnlyWithClusterWideReads() throws Exception {
    // Given a running Pod, an Ingress and a CSR
    create(
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web-1")
            .endMetadata()
            .build());
    create(
        new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web")
            .endMetadata()
            .build());
    create(
        new io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder()
            .withNewMetadata()
            .withName("csr-1")
            .endMetadata()
            .build());

    // When the caches read cluster-wide (the default), and when they watch one namespace
    Caches wide = start(TestOptions.single("replica-a"), WorkQueue.create());
    Caches namespaced =
        start(TestOptions.options("replica-b", false, 1, List.of("shop")), WorkQueue.create());

    // Then the cluster-wide caches hold them, without routing them to any reconciler
    assertThat(names(wide.list(Pod.class))).containsExactly("shop/web-1");
    assertThat(wide.list(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class)).hasSize(1);
    assertThat(
            wide.list(
                io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest.class))
        .hasSize(1);
    assertThat(routed).noneMatch(o -> o instanceof Pod);
    // and a namespaced install does not read them at all
    assertThatThrownBy(() -> namespaced.list(Pod.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Pod is not cached");
  }

  @Test
  void aKindThatIsNotCachedIsAnErrorNotAnEmptyList() throws Exception {
    Caches caches =
        start(TestOptions.single("replica-a").withClusterWideReads(false), WorkQueue.create());
    assertThatThrownBy(() -> caches.list(Pod.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Pod is not cached; the caches hold [APIService, ConfigMap, CustomResourceDefinition, DaemonSet,");
  }

  @Test
  void aSecretNamedLaterIsWatchedFromThen() throws Exception {
    // Given running caches, and a Secret no annotation names yet
    create(secret("vault", "vault-ca", false));
    Caches caches = start(TestOptions.single("replica-a"), WorkQueue.create());
    assertThat(caches.get(Secret.class, "vault", "vault-ca")).isEmpty();

    // When a ConfigMap starts naming it
    create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace("vault")
            .withName("bundle")
            .addToAnnotations(Annotations.INJECT_CABUNDLE_FROM, "vault/vault-ca")
            .endMetadata()
            .build());

    // Then it is cached, and its changes arrive as they happen
    await().atMost(WAIT).until(() -> caches.get(Secret.class, "vault", "vault-ca").isPresent());
    client
        .secrets()
        .inNamespace("vault")
        .withName("vault-ca")
        .edit(s -> new SecretBuilder(s).addToData("ca.crt", FakeServing.b64("new")).build());
    await()
        .atMost(WAIT)
        .until(
            () ->
                caches
                    .get(Secret.class, "vault", "vault-ca")
                    .get()
                    .getData()
                    .containsKey("ca.crt"));
    // And the readiness of the caches does not depend on it
    assertThat(caches.synced()).isTrue();
  }

  /** Discovery of {@code groupVersion} lists {@code plurals} (the mock serves no discovery). */
  private void discoveryServes(String groupVersion, String... plurals) {
    var list =
        new io.fabric8.kubernetes.api.model.APIResourceListBuilder().withGroupVersion(groupVersion);
    for (String p : plurals) {
      list.addNewResource()
          .withName(p)
          .withNamespaced(true)
          .withVerbs("get", "list", "watch")
          .endResource();
    }
    server.expect().get().withPath("/apis/" + groupVersion).andReturn(200, list.build()).always();
  }

  private void createGateway(String version, String ns, String name) {
    var context =
        new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io")
            .withVersion(version)
            .withKind("Gateway")
            .withPlural("gateways")
            .withNamespaced(true)
            .build();
    var gateway = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    gateway.setApiVersion("gateway.networking.k8s.io/" + version);
    gateway.setKind("Gateway");
    gateway.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .build());
    client.genericKubernetesResources(context).inNamespace(ns).resource(gateway).create();
  }

  @Test
  void crdKindsAreCachedReadOnlyOnlyWhereDiscoverySaysTheyAreServed() throws Exception {
    // Given Gateway API served at v1beta1 only (an older install) holding one Gateway, and no
    // cert-manager, no Routes
    discoveryServes("gateway.networking.k8s.io/v1beta1", "gateways");
    createGateway("v1beta1", "infra", "edge");

    // When the caches read cluster-wide, and when they watch one namespace
    Caches wide = start(TestOptions.single("replica-a"), WorkQueue.create());
    Caches namespaced =
        start(TestOptions.options("replica-b", false, 1, List.of("shop")), WorkQueue.create());

    // Then the Gateway is cached at the version served, never routed to a reconciler
    assertThat(wide.custom("Gateway"))
        .hasValueSatisfying(
            gateways ->
                assertThat(gateways)
                    .singleElement()
                    .satisfies(
                        g -> {
                          assertThat(g.getMetadata().getName()).isEqualTo("edge");
                          assertThat(g.getApiVersion())
                              .isEqualTo("gateway.networking.k8s.io/v1beta1");
                        }));
    assertThat(routed).noneMatch(o -> "Gateway".equals(o.getKind()));
    // and kinds discovery does not list are not cached, not failing, not reported
    assertThat(wide.custom("Certificate")).isEmpty();
    assertThat(wide.custom("Route")).isEmpty();
    assertThat(wide.custom("ReferenceGrant")).isEmpty();
    assertThat(wide.unavailable()).isEmpty();
    assertThat(wide.notReady()).isEmpty();
    // and a namespaced install reads none of them
    assertThat(namespaced.custom("Gateway")).isEmpty();
  }

  @Test
  void aKindForbiddenAtStartIsRetriedWithBackoffAndFillsOnceAllowed() throws Exception {
    // Given a controller refused APIServices once (RBAC not applied yet), allowed from then on
    server
        .expect()
        .get()
        .withPath("/apis/apiregistration.k8s.io/v1/apiservices?resourceVersion=0")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("apiservices.apiregistration.k8s.io is forbidden")
                .build())
        .once();
    create(
        new io.fabric8.kubernetes.api.model.APIServiceBuilder()
            .withNewMetadata()
            .withName("v1beta1.metrics.k8s.io")
            .endMetadata()
            .build());
    List<ListFailure> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> recovered = Collections.synchronizedList(new ArrayList<>());
    Caches.Listener listener =
        new Caches.Listener() {
          @Override
          public void listFailed(ListFailure f) {
            failures.add(f);
          }

          @Override
          public void listRecovered(String kind, String what) {
            recovered.add(kind);
          }
        };
    KubernetesClient own = server.createClient();
    Caches caches =
        new Caches(own, TestOptions.single("replica-a"), recording, WorkQueue.create(), listener);
    open.add(own);
    open.add(caches);

    // When the caches start
    caches.start();

    // Then the failure is told once, and /readyz names the kind while it fails
    await().atMost(WAIT).until(() -> !failures.isEmpty());
    assertThat(failures.get(0))
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("APIService");
              assertThat(f.reason()).isEqualTo(ListFailure.Reason.FORBIDDEN);
              assertThat(f.message())
                  .isEqualTo("HTTP 403: apiservices.apiregistration.k8s.io is forbidden");
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.retryIn()).isEqualTo(ListBackoff.INITIAL);
            });
    // And after the retry the cache fills and readiness recovers, without a restart
    await()
        .atMost(WAIT)
        .until(() -> caches.list(APIService.class).size() == 1 && caches.notReady().isEmpty());
    assertThat(caches.unavailable()).isEmpty();
    await().atMost(WAIT).until(() -> recovered.contains("APIService"));
    assertThat(failures).hasSize(1);
  }

  @Test
  void aKindThatKeepsFailingKeepsReadyzNamingItAndIsCountedOnEachAttempt() throws Exception {
    // Given a controller that may never list APIServices
    server
        .expect()
        .get()
        .withPath("/apis/apiregistration.k8s.io/v1/apiservices?resourceVersion=0")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withMessage("apiservices.apiregistration.k8s.io is forbidden")
                .build())
        .always();
    List<ListFailure> failures = Collections.synchronizedList(new ArrayList<>());
    KubernetesClient own = server.createClient();
    Caches caches =
        new Caches(
            own, TestOptions.single("replica-a"), recording, WorkQueue.create(), failures::add);
    open.add(own);
    open.add(caches);

    // When the caches start and retry (after 1s, then 2s)
    caches.start();
    assertThat(caches.awaitSynced(WAIT)).isTrue();

    // Then each attempt is told with a doubled wait, and /readyz names the kind and why
    await().atMost(WAIT).until(() -> failures.size() >= 2);
    assertThat(failures.get(1).attempt()).isEqualTo(2);
    assertThat(failures.get(1).retryIn()).isEqualTo(Duration.ofSeconds(2));
    assertThat(caches.notReady())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith(
                        "not synced, the list failed and is retried with backoff: APIServices"
                            + " (HTTP 403: apiservices.apiregistration.k8s.io is forbidden; attempt"));
    assertThat(caches.list(APIService.class)).isEmpty();
  }
}
