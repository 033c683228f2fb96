package io.certmedic.controller.health;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certmedic.controller.ControllerOptions;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The controller's HTTP endpoints: {@code /metrics} (Prometheus text format, by the client
 * library's exporter) on {@link ControllerOptions#metricsPort()}, and {@code /healthz} and {@code
 * /readyz} on {@link ControllerOptions#healthPort()}. Each answers 200 {@code ok}, or 503 with one
 * line saying why. Port 0 picks a free port ({@link #metricsPort()}, {@link #healthPort()} tell
 * which). Each listens on its own address ({@code --metrics-bind-address}, {@code
 * --health-bind-address}), every interface by default: in the cluster the kubelet probes the pod IP
 * and Prometheus scrapes it.
 *
 * <pre>{@code
 * try (HttpEndpoints http = HttpEndpoints.start(options, metrics.registry(), workers::alive, informers::synced)) {
 *   ...
 * }
 * }</pre>
 */
public final class HttpEndpoints implements AutoCloseable {

  /** What /healthz says while the workers are not running. */
  public static final String NOT_ALIVE = "the reconcile workers are not running";

  /** What /readyz says until the informer caches have synced. */
  public static final String NOT_READY = "the informer caches have not synced yet";

  /**
   * Threads answering health probes: the kubelet probes one at a time, two leave room for a person.
   */
  private static final int HEALTH_THREADS = 2;

  private final HTTPServer metrics;
  private final HttpServer health;
  private final ExecutorService healthExecutor;

  private HttpEndpoints(HTTPServer metrics, HttpServer health, ExecutorService healthExecutor) {
    this.metrics = metrics;
    this.health = health;
    this.healthExecutor = healthExecutor;
  }

  /**
   * Serves on the options' ports and bind addresses; {@code alive} and {@code ready} are asked on
   * each probe.
   */
  public static HttpEndpoints start(
      ControllerOptions options,
      PrometheusRegistry registry,
      BooleanSupplier alive,
      BooleanSupplier ready)
      throws IOException {
    return start(
        address(options.metricsBindAddress(), "--metrics-bind-address"),
        options.metricsPort(),
        address(options.healthBindAddress(), "--health-bind-address"),
        options.healthPort(),
        registry,
        Probe.of(alive, NOT_ALIVE),
        Probe.of(ready, NOT_READY));
  }

  /**
   * Serves on the options' ports and bind addresses; {@code alive} answers {@code /healthz} and
   * {@code ready} answers {@code /readyz}, each asked on every probe.
   */
  public static HttpEndpoints start(
      ControllerOptions options, PrometheusRegistry registry, Probe alive, Probe ready)
      throws IOException {
    return start(
        address(options.metricsBindAddress(), "--metrics-bind-address"),
        options.metricsPort(),
        address(options.healthBindAddress(), "--health-bind-address"),
        options.healthPort(),
        registry,
        alive,
        ready);
  }

  /**
   * Serves both on {@code bind} (null: every interface).
   *
   * @throws IOException when a port cannot be bound (in use, or privileged), naming it
   */
  public static HttpEndpoints start(
      InetAddress bind,
      int metricsPort,
      int healthPort,
      PrometheusRegistry registry,
      Probe alive,
      Probe ready)
      throws IOException {
    return start(bind, metricsPort, bind, healthPort, registry, alive, ready);
  }

  /**
   * Serves /metrics on {@code metricsBind} and the health endpoints on {@code healthBind} (null:
   * every interface).
   *
   * @throws IOException when a port cannot be bound (in use, or privileged), naming it
   */
  public static HttpEndpoints start(
      InetAddress metricsBind,
      int metricsPort,
      InetAddress healthBind,
      int healthPort,
      PrometheusRegistry registry,
      Probe alive,
      Probe ready)
      throws IOException {
    requireNonNull(registry, "registry == null");
    requireNonNull(alive, "alive == null");
    requireNonNull(ready, "ready == null");
    if (metricsPort != 0 && metricsPort == healthPort && overlap(metricsBind, healthBind)) {
      throw new IllegalArgumentException(
          "the metrics and health ports must differ, both are " + metricsPort);
    }
    HTTPServer.Builder mb =
        HTTPServer.builder().port(metricsPort).registry(registry).registerHealthHandler(false);
    if (metricsBind != null) {
      mb.inetAddress(metricsBind);
    }
    HTTPServer metrics;
    try {
      metrics = mb.buildAndStart();
    } catch (IOException e) {
      throw new IOException(
          "cannot serve /metrics on port " + metricsPort + ": " + e.getMessage(), e);
    }
    HttpServer health;
    try {
      health =
          HttpServer.create(
              healthBind == null
                  ? new InetSocketAddress(healthPort)
                  : new InetSocketAddress(healthBind, healthPort),
              0);
    } catch (IOException e) {
      metrics.close();
      throw new IOException(
          "cannot serve /healthz and /readyz on port " + healthPort + ": " + e.getMessage(), e);
    }
    health.createContext("/healthz", ex -> answer(ex, alive));
    health.createContext("/readyz", ex -> answer(ex, ready));
    health.createContext("/", ex -> reply(ex, 404, "not found: try /healthz or /readyz"));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            HEALTH_THREADS,
            r -> {
              Thread t = new Thread(r, "certmedic-health");
              t.setDaemon(true);
              return t;
            });
    health.setExecutor(executor);
    health.start();
    return new HttpEndpoints(metrics, health, executor);
  }

  /** An IP literal as an address, without a DNS lookup; the wildcard is null. */
  static InetAddress address(String literal, String flag) throws IOException {
    String a =
        literal.startsWith("[") && literal.endsWith("]")
            ? literal.substring(1, literal.length() - 1)
            : literal;
    InetAddress address;
    try {
      address = InetAddress.getByName(a); // an IP literal: parsed, never looked up
    } catch (java.net.UnknownHostException e) {
      throw new IOException(flag + ": '" + literal + "' is not an IP address", e);
    }
    return address.isAnyLocalAddress() ? null : address;
  }

  /** Two listeners on one port collide unless both name different, specific addresses. */
  private static boolean overlap(InetAddress a, InetAddress b) {
    return a == null || b == null || a.equals(b);
  }

  public int metricsPort() {
    return metrics.getPort();
  }

  public int healthPort() {
    return health.getAddress().getPort();
  }

  /** Stops both servers at once; requests in flight are cut. */
  @Override
  public void close() {
    try {
      metrics.close();
    } finally {
      health.stop(0);
      healthExecutor.shutdownNow();
    }
  }

  private static void answer(HttpExchange ex, Probe probe) throws IOException {
    if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
      reply(ex, 404, "not found");
      return;
    }
    Optional<String> problem;
    try {
      problem = probe.problem();
    } catch (RuntimeException e) {
      problem = Optional.of("the check failed: " + e);
    }
    if (problem.isPresent()) {
      reply(ex, 503, problem.get());
    } else {
      reply(ex, 200, "ok");
    }
  }

  private static void reply(HttpExchange ex, int status, String line) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        status = 405;
        line = "method not allowed: " + method;
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
      }
      byte[] body = (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      if ("HEAD".equals(method)) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
