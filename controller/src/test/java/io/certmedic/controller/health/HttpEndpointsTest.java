package io.certmedic.controller.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.controller.ControllerOptions;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean alive = new AtomicBoolean(true);
  private final AtomicBoolean synced = new AtomicBoolean(false);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private HttpEndpoints http;

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
  }

  private HttpEndpoints startOnLoopback() throws IOException {
    http =
        HttpEndpoints.start(
            LOOPBACK,
            0,
            0,
            registry,
            Probe.of(alive::get, HttpEndpoints.NOT_ALIVE),
            Probe.of(synced::get, HttpEndpoints.NOT_READY));
    return http;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build());
  }

  private HttpResponse<String> send(HttpRequest r) throws Exception {
    return client.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersReadyOnlyOnceTheCachesHaveSynced() throws Exception {
    startOnLoopback();

    HttpResponse<String> before = get(http.healthPort(), "/readyz");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("the informer caches have not synced yet\n");

    synced.set(true);

    HttpResponse<String> after = get(http.healthPort(), "/readyz");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("ok\n");
    assertThat(after.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void answersHealthyWhileTheWorkersAreAlive() throws Exception {
    startOnLoopback();

    assertThat(get(http.healthPort(), "/healthz").statusCode()).isEqualTo(200);

    alive.set(false);

    HttpResponse<String> dead = get(http.healthPort(), "/healthz");
    assertThat(dead.statusCode()).isEqualTo(503);
    assertThat(dead.body()).isEqualTo("the reconcile workers are not running\n");
  }

  @Test
  void saysWhyWhenAProbeFailsOnOneLine() throws Exception {
    http =
        HttpEndpoints.start(
            LOOPBACK,
            0,
            0,
            registry,
            () -> Optional.of("worker 2 stuck\nsince 10:00"),
            () -> {
              throw new IllegalStateException("informer gone");
            });

    HttpResponse<String> live = get(http.healthPort(), "/healthz");
    HttpResponse<String> ready = get(http.healthPort(), "/readyz");

    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).isEqualTo("worker 2 stuck since 10:00\n");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body())
        .isEqualTo("the check failed: java.lang.IllegalStateException: informer gone\n");
  }

  @Test
  void refusesOtherPathsAndMethods() throws Exception {
    startOnLoopback();

    assertThat(get(http.healthPort(), "/").statusCode()).isEqualTo(404);
    assertThat(get(http.healthPort(), "/healthz/extra").statusCode()).isEqualTo(404);
    assertThat(get(http.healthPort(), "/healthzz").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.healthPort() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.healthPort() + "/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void servesTheRegistryOnItsOwnPort() throws Exception {
    Counter c = Counter.builder().name("certmedic_test_total").help("t").register(registry);
    c.inc(3);
    startOnLoopback();

    HttpResponse<String> m = get(http.metricsPort(), "/metrics");

    assertThat(http.metricsPort()).isPositive().isNotEqualTo(http.healthPort());
    assertThat(http.healthPort()).isPositive();
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("# TYPE certmedic_test_total counter\n")
        .contains("\ncertmedic_test_total 3.0\n");
    assertThat(get(http.healthPort(), "/metrics").statusCode())
        .as("metrics are not on the health port")
        .isEqualTo(404);
  }

  @Test
  void bindsEveryInterfaceFromTheOptions() throws Exception {
    // Given: the options' ports are 0, so free ones are picked; no address is given
    ControllerOptions options = ControllerOptions.defaults("certmedic", "pod-a").withPorts(0, 0);
    synced.set(true);
    http = HttpEndpoints.start(options, registry, alive::get, synced::get);

    // Then: reachable on the loopback, as the kubelet reaches it on the pod IP
    assertThat(get(http.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(http.metricsPort(), "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void listensOnlyOnTheBindAddressesTheOptionsName() throws Exception {
    // Given: /metrics and the health endpoints bound to 127.0.0.1 by the options
    ControllerOptions options =
        ControllerOptions.defaults("certmedic", "pod-a")
            .withPorts(0, 0)
            .withBindAddresses("127.0.0.1", "127.0.0.1");
    synced.set(true);
    http = HttpEndpoints.start(options, registry, alive::get, synced::get);

    // Then: they answer on 127.0.0.1 and refuse ::1, which every-interface listeners would answer
    assertThat(get(http.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(http.metricsPort(), "/metrics").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> getV6(http.healthPort(), "/readyz"))
        .isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> getV6(http.metricsPort(), "/metrics"))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theDefaultBindAddressAnswersOnIpv4AndIpv6Loopbacks() throws Exception {
    ControllerOptions options = ControllerOptions.defaults("certmedic", "pod-a").withPorts(0, 0);
    synced.set(true);
    http = HttpEndpoints.start(options, registry, alive::get, synced::get);

    assertThat(options.metricsBindAddress()).isEqualTo(ControllerOptions.DEFAULT_BIND_ADDRESS);
    assertThat(getV6(http.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(getV6(http.metricsPort(), "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void eachEndpointHasItsOwnBindAddress() throws Exception {
    ControllerOptions options =
        ControllerOptions.defaults("certmedic", "pod-a")
            .withPorts(0, 0)
            .withBindAddresses("::1", "127.0.0.1");
    synced.set(true);
    http = HttpEndpoints.start(options, registry, alive::get, synced::get);

    assertThat(getV6(http.metricsPort(), "/metrics").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> get(http.metricsPort(), "/metrics"))
        .isInstanceOf(ConnectException.class);
    assertThat(get(http.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> getV6(http.healthPort(), "/healthz"))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aBindAddressThatIsNotAnIpIsRefusedNamingIt() {
    ControllerOptions d = ControllerOptions.defaults("certmedic", "pod-a");
    assertThatThrownBy(() -> d.withBindAddresses("metrics.example", "0.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the metrics bind address must be an IP address such as 0.0.0.0, 127.0.0.1 or ::1,"
                + " got 'metrics.example'");
    assertThatThrownBy(() -> d.withBindAddresses("0.0.0.0", "300.1.1.1"))
        .hasMessageContaining("health bind address");
  }

  private HttpResponse<String> getV6(int port, String path) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://[::1]:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build());
  }

  @Test
  void stopsBothServersOnClose() throws Exception {
    startOnLoopback();
    int metrics = http.metricsPort();
    int health = http.healthPort();

    http.close();
    http = null;

    assertThatThrownBy(() -> get(health, "/healthz")).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> get(metrics, "/metrics")).isInstanceOf(ConnectException.class);
  }

  @Test
  void namesThePortItCannotBindAndLeavesNothingRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  HttpEndpoints.start(
                      LOOPBACK,
                      0,
                      port,
                      registry,
                      Probe.of(alive::get, "a"),
                      Probe.of(synced::get, "b")))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot serve /healthz and /readyz on port " + port + ": ");
    }
  }

  @Test
  void refusesOnePortForBoth() {
    assertThatThrownBy(
            () ->
                HttpEndpoints.start(
                    LOOPBACK,
                    8080,
                    8080,
                    registry,
                    Probe.of(alive::get, "a"),
                    Probe.of(synced::get, "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the metrics and health ports must differ, both are 8080");
  }
}
