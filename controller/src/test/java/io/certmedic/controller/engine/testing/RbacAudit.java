package io.certmedic.controller.engine.testing;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Rbac;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks the HTTP calls a client made against the mock API server against {@link Rbac}: each
 * request (method and path) becomes the (API group, resource, verb) the API server's authorizer
 * would ask about, and must be allowed by a {@link Rbac#CLUSTER} rule, or by a {@link
 * Rbac#NAMESPACED} rule when it is in the controller's namespace.
 *
 * <p>The mock server records every request of every client; only those whose User-Agent is {@code
 * userAgent} are the controller's (give the controller's client that agent, e.g. {@code
 * server.createClient(b -> b.editOrNewConfig().withUserAgent(agent).endConfig())}), so the test's
 * own set-up calls are left out.
 *
 * <pre>{@code
 * RbacAudit audit = RbacAudit.of(server, "certmedic-controller-test", "certmedic");
 * ... run the engine ...
 * List<RbacAudit.Call> calls = audit.assertAllowed();   // throws AssertionError naming each denied call
 * }</pre>
 */
public final class RbacAudit {

  /** One request, as the authorizer sees it. {@code namespace} is "" for cluster-wide calls. */
  public record Call(
      String method, String path, String apiGroup, String resource, String verb, String namespace) {
    @Override
    public String toString() {
      return verb
          + " "
          + (apiGroup.isEmpty() ? "" : apiGroup + "/")
          + resource
          + (namespace.isEmpty() ? "" : " in " + namespace)
          + "  ("
          + method
          + " "
          + path
          + ")";
    }
  }

  private final KubernetesMockServer server;
  private final String userAgent;
  private final String controllerNamespace;
  private final List<Call> seen = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();

  private RbacAudit(KubernetesMockServer server, String userAgent, String controllerNamespace) {
    this.server = requireNonNull(server, "server == null");
    this.userAgent = requireNonNull(userAgent, "userAgent == null");
    this.controllerNamespace = requireNonNull(controllerNamespace, "controllerNamespace == null");
  }

  /**
   * An audit of the calls made with User-Agent {@code userAgent}; {@code controllerNamespace} is
   * where the namespaced Role ({@link Rbac#NAMESPACED}) is bound.
   */
  public static RbacAudit of(
      KubernetesMockServer server, String userAgent, String controllerNamespace) {
    return new RbacAudit(server, userAgent, controllerNamespace);
  }

  /**
   * Takes the requests recorded since the last call and returns the controller's, in order, with
   * those seen before.
   */
  public synchronized List<Call> calls() {
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        String agent = r.getHeader("User-Agent");
        if (agent != null && agent.equals(userAgent)) {
          seen.add(parse(r.getMethod(), r.getPath()));
        } else {
          ignored.add(r.getMethod() + " " + r.getPath());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the mock server's requests", e);
    }
    return List.copyOf(seen);
  }

  /** The calls (see {@link #calls()}) that no rule allows. */
  public List<Call> denied() {
    return calls().stream().filter(c -> !allowed(c, controllerNamespace)).toList();
  }

  /**
   * Every call so far, after checking that each is allowed; an {@link AssertionError} lists those
   * that are not.
   */
  public List<Call> assertAllowed() {
    List<Call> calls = calls();
    if (calls.isEmpty()) {
      throw new AssertionError(
          "no request with User-Agent "
              + userAgent
              + " was recorded ("
              + ignored.size()
              + " others were): is the controller's client given that agent?");
    }
    List<String> denied =
        calls.stream()
            .filter(c -> !allowed(c, controllerNamespace))
            .map(Call::toString)
            .distinct()
            .toList();
    if (!denied.isEmpty()) {
      StringBuilder b = new StringBuilder("calls Rbac does not allow:");
      denied.forEach(c -> b.append("\n  ").append(c));
      throw new AssertionError(b.toString());
    }
    return calls;
  }

  /**
   * True when a rule of {@link Rbac} allows {@code call}, namespaced rules only in {@code
   * controllerNamespace}.
   */
  public static boolean allowed(Call call, String controllerNamespace) {
    if (isDiscovery(call)) {
      return true; // the built-in system:discovery ClusterRole grants it to every authenticated
      // user
    }
    for (Rbac.Rule r : Rbac.CLUSTER) {
      if (matches(r, call)) {
        return true;
      }
    }
    for (Rbac.Rule r : Rbac.NAMESPACED) {
      if (matches(r, call) && (r.clusterWide() || call.namespace().equals(controllerNamespace))) {
        return true;
      }
    }
    return false;
  }

  /** {@code GET /apis/{group}/{version}}: which resources a group version serves. */
  static boolean isDiscovery(Call c) {
    return "GET".equals(c.method())
        && "nonresource".equals(c.verb())
        && c.path().matches("/apis/[a-z0-9.-]+/v[a-z0-9]+");
  }

  /**
   * True when the namespaced mode's roles allow {@code call}: {@link Rbac#NAMESPACED_MODE_CLUSTER}
   * anywhere, {@link Rbac#WATCHED_NAMESPACE} in a {@code watched} namespace, and {@link
   * Rbac#NAMESPACED} and {@link Rbac#CA_SECRET} in {@code controllerNamespace}.
   */
  public static boolean allowedInNamespacedMode(
      Call call, String controllerNamespace, java.util.Set<String> watched) {
    String ns = call.namespace();
    return Rbac.NAMESPACED_MODE_CLUSTER.stream().anyMatch(r -> matches(r, call))
        || watched.contains(ns) && Rbac.WATCHED_NAMESPACE.stream().anyMatch(r -> matches(r, call))
        || ns.equals(controllerNamespace)
            && java.util.stream.Stream.concat(Rbac.NAMESPACED.stream(), Rbac.CA_SECRET.stream())
                .anyMatch(r -> matches(r, call));
  }

  private static boolean matches(Rbac.Rule r, Call c) {
    return r.apiGroup().equals(c.apiGroup())
        && r.resource().equals(c.resource())
        && r.verbs().contains(c.verb());
  }

  /**
   * The authorizer's view of one request, as the API server's RequestInfoResolver builds it: {@code
   * /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} or {@code
   * /apis/{group}/{version}/...}; GET is get, list or (with {@code watch=true}) watch; POST create;
   * PUT update; PATCH patch; DELETE delete or deletecollection. Paths outside the resource API
   * ({@code /version}, discovery) come back with resource "" and verb "nonresource".
   */
  public static Call parse(String method, String pathAndQuery) {
    requireNonNull(method, "method == null");
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> seg =
        new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
    String group;
    int rest;
    if (seg.size() >= 2 && seg.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (seg.size() >= 3 && seg.get(0).equals("apis")) {
      group = seg.get(1);
      rest = 3;
    } else {
      return new Call(method, pathAndQuery, "", "", "nonresource", "");
    }
    List<String> parts = seg.subList(rest, seg.size());
    if (parts.isEmpty()) {
      return new Call(method, pathAndQuery, group, "", "nonresource", "");
    }
    String namespace = "";
    if (parts.get(0).equals("namespaces") && parts.size() >= 3) {
      namespace = parts.get(1);
      parts = parts.subList(2, parts.size());
    }
    String resource = parts.get(0) + (parts.size() >= 3 ? "/" + parts.get(2) : "");
    boolean named = parts.size() >= 2;
    if (parts.get(0).equals("namespaces") && named) {
      namespace = parts.get(1); // a Namespace object is authorized in itself
    }
    String verb =
        switch (method) {
          case "GET", "HEAD" -> watch(query) ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return new Call(method, pathAndQuery, group, resource, verb, namespace);
  }

  private static boolean watch(String query) {
    for (String p : query.split("&")) {
      int eq = p.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
      if (k.equals("watch") && (v.equals("true") || v.equals("1"))) {
        return true;
      }
    }
    return false;
  }
}
