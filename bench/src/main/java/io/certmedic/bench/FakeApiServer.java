package io.certmedic.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Kubernetes API server for the live doctor benchmark, on 127.0.0.1 over plain HTTP: it
 * serves lists with real {@code limit}/{@code continue} paging (which fabric8's mock ignores),
 * counts requests, and holds N TLS Secrets (each a distinct ECDSA serving certificate with its
 * private key) and W webhook configurations each calling its own Service, whose Deployment mounts
 * one of the Secrets. {@code GET /stats} answers the request count.
 *
 * <p>Usage: {@code FakeApiServer SECRETS WEBHOOKS KUBECONFIG_OUT}; runs until killed.
 */
public final class FakeApiServer {

  private final Map<String, List<String>> items = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int secrets = Integer.parseInt(args[0]);
    int webhooks = Integer.parseInt(args[1]);
    FakeApiServer s = new FakeApiServer();
    long t0 = System.nanoTime();
    s.populate(secrets, webhooks);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    http.createContext("/", s::handle);
    http.start();
    String url = "http://127.0.0.1:" + http.getAddress().getPort();
    Files.writeString(
        Path.of(args[2]),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: fake, cluster: {server: "%s"}}]
        users: [{name: bench, user: {token: bench}}]
        contexts: [{name: fake, context: {cluster: fake, user: bench}}]
        current-context: fake
        """
            .formatted(url));
    System.out.printf(
        "serving %d Secrets and %d webhooks at %s (built in %d ms)%n",
        secrets, webhooks, url, (System.nanoTime() - t0) / 1_000_000);
  }

  private void populate(int secrets, int webhooks) {
    SecureRandom random = new SecureRandom();
    Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
    CertificateAuthority ca =
        Issuer.newCa("bench-ca", KeyType.ECDSA_P256, Duration.ofDays(36_500), epoch, random);
    String caPem = b64(PemWriter.certificate(ca.certificate()));
    for (int i = 0; i < secrets; i++) {
      String ns = "ns-" + (i % 50);
      IssuedCertificate leaf =
          Issuer.serving(
              ca,
              ServingCertRequest.forService("svc-" + i, ns).withLifetime(Duration.ofDays(3_650)),
              epoch,
              random);
      add(
          "secrets",
          """
          {"metadata":{"name":"tls-%d","namespace":"%s","uid":"s%d","resourceVersion":"1"},"type":"kubernetes.io/tls",
           "data":{"ca.crt":"%s","tls.crt":"%s","tls.key":"%s"}}"""
              .formatted(
                  i,
                  ns,
                  i,
                  caPem,
                  b64(PemWriter.certificate(leaf.certificate())),
                  b64(PemWriter.privateKey(leaf.privateKey()))));
    }
    for (int i = 0; i < webhooks; i++) {
      String ns = "ns-" + (i % 50);
      add(
          "services",
          """
          {"metadata":{"name":"svc-%d","namespace":"%s","uid":"v%d"},"spec":{"selector":{"app":"hook-%d"},"ports":[{"port":443,"targetPort":8443}]}}"""
              .formatted(i, ns, i, i));
      add(
          "deployments",
          """
          {"metadata":{"name":"hook-%d","namespace":"%s","uid":"d%d"},"spec":{"selector":{"matchLabels":{"app":"hook-%d"}},"template":{"metadata":{"labels":{"app":"hook-%d"}},
           "spec":{"containers":[{"name":"hook","ports":[{"containerPort":8443}],"volumeMounts":[{"name":"certs","mountPath":"/certs"}]}],
           "volumes":[{"name":"certs","secret":{"secretName":"tls-%d"}}]}}}}"""
              .formatted(i, ns, i, i, i, i));
      add(
          "validatingwebhookconfigurations",
          """
          {"metadata":{"name":"hook-%d","uid":"w%d"},"webhooks":[{"name":"hook-%d.example.com","failurePolicy":"Fail","admissionReviewVersions":["v1"],"sideEffects":"None",
           "clientConfig":{"caBundle":"%s","service":{"name":"svc-%d","namespace":"%s","path":"/validate"}},
           "rules":[{"operations":["CREATE"],"apiGroups":["apps"],"apiVersions":["v1"],"resources":["deployments"]}]}]}"""
              .formatted(i, i, i, caPem, i, ns));
    }
  }

  private void add(String plural, String json) {
    items.computeIfAbsent(plural, k -> new ArrayList<>()).add(json.replace("\n", ""));
  }

  private void handle(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String path = uri.getPath();
    byte[] body;
    int code = 200;
    if (path.equals("/stats")) {
      body = String.valueOf(requests.get()).getBytes(StandardCharsets.UTF_8);
    } else {
      requests.incrementAndGet();
      String plural = path.substring(path.lastIndexOf('/') + 1);
      Map<String, String> q = query(uri.getRawQuery());
      int limit = Integer.parseInt(q.getOrDefault("limit", "0"));
      int from = Integer.parseInt(q.getOrDefault("continue", "0"));
      List<String> all = items.getOrDefault(plural, List.of());
      int to = limit <= 0 ? all.size() : Math.min(all.size(), from + limit);
      StringBuilder sb =
          new StringBuilder(
              "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"");
      if (to < all.size()) {
        sb.append(",\"continue\":\"").append(to).append('"');
      }
      sb.append("},\"items\":[")
          .append(String.join(",", all.subList(Math.min(from, all.size()), to)))
          .append("]}");
      body = sb.toString().getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw != null) {
      for (String p : raw.split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          m.put(
              p.substring(0, eq),
              java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return m;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
