package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Caches#notReady()} against a mock API server whose watches of Services are answered as a
 * proxy that refuses the WebSocket upgrade answers them: a plain 200. A separate class from {@link
 * CachesTest} because it needs its own dispatcher, which the mock-client extension cannot take.
 */
class CachesReadinessTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** CRUD, except that while {@link #deaf}, a watch of Services gets a plain 200 and no upgrade. */
  static final class DeafToServiceWatches extends KubernetesCrudDispatcher {
    volatile boolean deaf = true;

    @Override
    public MockResponse handleWatch(String path) {
      if (deaf && path.startsWith("/api/v1/services")) {
        return new MockResponse().setResponseCode(200).setBody("{}");
      }
      return super.handleWatch(path);
    }
  }

  final DeafToServiceWatches dispatcher = new DeafToServiceWatches();
  KubernetesMockServer server;
  KubernetesClient client;
  Caches caches;

  @BeforeEach
  void startServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client =
        server.createClient(
            b ->
                b.editOrNewConfig()
                    .withUserAgent(Replica.USER_AGENT)
                    .withWatchReconnectInterval(100)
                    .withWatchReconnectLimit(-1)
                    .endConfig());
  }

  @AfterEach
  void stopServer() {
    if (caches != null) {
      caches.close();
    }
    client.close();
    server.destroy();
  }

  private static final Router SERVICES_TO_KEYS =
      new Router() {
        @Override
        public Collection<Key> keysFor(HasMetadata o, View view) {
          return o instanceof Service ? List.of(Key.of(o)) : List.of();
        }

        @Override
        public Collection<Key> allKeys(View view) {
          return List.of();
        }
      };

  @Test
  void aWatchThatNeverConnectsKeepsReadyzFailingUntilItDelivers() {
    // Given caches before start, on an API server whose Service watches get a plain 200
    caches =
        new Caches(client, TestOptions.single("replica-a"), SERVICES_TO_KEYS, WorkQueue.create());
    assertThat(caches.notReady()).hasValue("the informers have not started");

    // When they start: every kind lists (so they sync), but the Services watch never connects
    caches.start();
    await().atMost(WAIT).until(caches::synced);

    // Then /readyz names the deaf watch, though every cache has synced
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(caches.notReady())
                    .hasValueSatisfying(
                        m ->
                            assertThat(m)
                                .startsWith("the watch of Services is not connected")
                                .contains("WebSocket")));
    assertThat(caches.synced()).as("synced() alone would have said ready").isTrue();

    // When the watch is answered again, Then the informer reconnects and is ready, and a change
    // made after that reaches the cache
    dispatcher.deaf = false;
    await().atMost(WAIT).until(() -> caches.notReady().isEmpty());
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web")
                .endMetadata()
                .build())
        .create();
    await().atMost(WAIT).until(() -> caches.get(Service.class, "shop", "web").isPresent());
  }
}
