package io.certmedic.kube.live;

import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.snapshot.Unreadable;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestReader;
import io.certmedic.kube.manifest.ManifestSink;
import io.certmedic.kube.snapshot.SnapshotReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the kinds the checks need from a live API server, page by page, into the same snapshot a
 * dump gives, so the doctor's checks cannot tell the two apart.
 *
 * <p>Each kind is one paged list ({@code limit}/{@code continue}, {@link #PAGE_SIZE} objects a
 * page), so the number of requests grows with kinds and pages, never with objects. A page is read
 * as bytes within the request timeout and its items are streamed into the sink; only one page is
 * held at a time. A kind the caller may not list (403) is reported and skipped, and so is a kind
 * the API server should serve and answers 404 for (a built-in kind, or a CRD kind its discovery
 * lists: an API proxy serving a subset); a CRD kind that is not installed is skipped quietly. An
 * API server that cannot be reached, refuses the credentials (401) or stops answering ends the read
 * with a {@link LiveException} whose message is one line.
 */
public final class LiveReader {

  /** Objects per list request: kubectl's own page size; a page of TLS Secrets is about 1.5 MB. */
  public static final int PAGE_SIZE = 500;

  /**
   * The kinds the checks need, in the order they are listed. All Secrets are listed, not only
   * {@code type=kubernetes.io/tls}: serving certificates also live in Opaque Secrets (Spark's
   * {@code server-cert.pem}, ingress-nginx's admission Secret, OpenShift's, Helm charts' own), and
   * a type field selector would silently hide them. Pods are listed for what only they hold: when
   * each container started, against the time the trust bundles they mount changed. New kinds are
   * added at the end, so that the order of the existing ones stays.
   */
  public static final List<ApiKind> KINDS =
      List.of(
          new ApiKind(
              "Secret",
              "v1",
              "secrets",
              true,
              false,
              "certificate and key checks on Secrets were skipped"),
          new ApiKind(
              "ConfigMap",
              "v1",
              "configmaps",
              true,
              false,
              "trust bundle checks on ConfigMaps were skipped"),
          new ApiKind(
              "Service", "v1", "services", true, false, "Service and port checks were skipped"),
          new ApiKind(
              "Deployment",
              "apps/v1",
              "deployments",
              true,
              false,
              "links from Services to the certificates Deployments mount were skipped"),
          new ApiKind(
              "StatefulSet",
              "apps/v1",
              "statefulsets",
              true,
              false,
              "links from Services to the certificates StatefulSets mount were skipped"),
          new ApiKind(
              "DaemonSet",
              "apps/v1",
              "daemonsets",
              true,
              false,
              "links from Services to the certificates DaemonSets mount were skipped"),
          new ApiKind(
              "Job",
              "batch/v1",
              "jobs",
              true,
              false,
              "links to the certificates Jobs mount were skipped"),
          new ApiKind(
              "CronJob",
              "batch/v1",
              "cronjobs",
              true,
              false,
              "links to the certificates CronJobs mount were skipped"),
          new ApiKind(
              "ValidatingWebhookConfiguration",
              "admissionregistration.k8s.io/v1",
              "validatingwebhookconfigurations",
              false,
              false,
              "validating webhook checks were skipped"),
          new ApiKind(
              "MutatingWebhookConfiguration",
              "admissionregistration.k8s.io/v1",
              "mutatingwebhookconfigurations",
              false,
              false,
              "mutating webhook checks were skipped"),
          new ApiKind(
              "CustomResourceDefinition",
              "apiextensions.k8s.io/v1",
              "customresourcedefinitions",
              false,
              false,
              "conversion webhook checks were skipped"),
          new ApiKind(
              "APIService",
              "apiregistration.k8s.io/v1",
              "apiservices",
              false,
              false,
              "aggregated API checks were skipped"),
          new ApiKind(
              "Certificate",
              "cert-manager.io/v1",
              "certificates",
              true,
              true,
              "cert-manager Certificate checks were skipped"),
          new ApiKind(
              "Ingress",
              "networking.k8s.io/v1",
              "ingresses",
              true,
              false,
              "Ingress TLS checks were skipped"),
          new ApiKind(
              "Pod",
              "v1",
              "pods",
              true,
              false,
              "checks of running pods against the trust bundles they mount were skipped"),
          new ApiKind(
              "CertificateSigningRequest",
              "certificates.k8s.io/v1",
              "certificatesigningrequests",
              false,
              false,
              "kubelet certificate signing request checks were skipped"),
          new ApiKind(
              "Issuer",
              "cert-manager.io/v1",
              "issuers",
              true,
              true,
              "cert-manager Issuer checks were skipped"),
          new ApiKind(
              "ClusterIssuer",
              "cert-manager.io/v1",
              "clusterissuers",
              false,
              true,
              "cert-manager ClusterIssuer checks were skipped"),
          new ApiKind(
              "CertificateRequest",
              "cert-manager.io/v1",
              "certificaterequests",
              true,
              true,
              "cert-manager CertificateRequest checks were skipped"),
          new ApiKind(
              "Gateway",
              "gateway.networking.k8s.io/v1",
              "gateways",
              true,
              true,
              "Gateway listener TLS checks were skipped",
              "v1beta1"),
          new ApiKind(
              "ReferenceGrant",
              "gateway.networking.k8s.io/v1beta1",
              "referencegrants",
              true,
              true,
              "Gateway cross-namespace certificate reference checks were skipped"),
          new ApiKind(
              "Route",
              "route.openshift.io/v1",
              "routes",
              true,
              true,
              "OpenShift Route TLS checks were skipped"),
          new ApiKind(
              "Node",
              "v1",
              "nodes",
              false,
              false,
              "doctor --probe could not dial the nodes' kubelets"));

  /** Hears how listing goes: pages as they arrive, kinds listed in full, kinds refused. */
  public interface Listener {
    /** After each page: {@code objects} of {@code kind} so far, in {@code pages} pages. */
    default void page(ApiKind kind, long objects, int pages) {}

    /** {@code kind} was listed in full in {@code scope} (a namespace, or "*" for all). */
    default void listed(ApiKind kind, String scope) {}

    /** {@code kind} could not be listed (403); {@code message} says what goes unchecked. */
    default void forbidden(ApiKind kind, String namespace, String message) {}

    /**
     * The API server answered 404 for {@code kind}, a built-in kind or a CRD kind its discovery
     * says is served; {@code message} names the kind and says what goes unchecked.
     */
    default void notServed(ApiKind kind, String namespace, String message) {}
  }

  /** What a read cost: API requests made and objects read. */
  public record Stats(int requests, long objects) {}

  private static final tools.jackson.databind.ObjectMapper STATUS =
      new tools.jackson.databind.json.JsonMapper();

  private LiveReader() {}

  /**
   * Lists every kind; {@code namespace} null reads all namespaces (cluster-scoped kinds always).
   */
  public static Snapshot read(KubernetesClient c, String namespace) throws LiveException {
    return read(c, namespace, new Listener() {});
  }

  /** Like {@link #read(KubernetesClient, String)}, telling {@code progress} about each page. */
  public static Snapshot read(KubernetesClient c, String namespace, Listener progress)
      throws LiveException {
    return read(c, namespace, progress, null);
  }

  /**
   * The same, with every object passing through {@code tap} (which wraps the sink that maps objects
   * to records) on its way: fix keeps them to patch, preflight overlays an upgrade.
   */
  public static Snapshot read(
      KubernetesClient c, String namespace, java.util.function.UnaryOperator<ManifestSink> tap)
      throws LiveException {
    return read(c, namespace, new Listener() {}, tap);
  }

  private static Snapshot read(
      KubernetesClient c,
      String namespace,
      Listener progress,
      java.util.function.UnaryOperator<ManifestSink> tap)
      throws LiveException {
    SnapshotBuilder b = Snapshot.builder();
    SnapshotReader reader = new SnapshotReader(b);
    ManifestSink sink = tap == null ? reader : tap.apply(reader);
    String where = "cluster " + c.getMasterUrl();
    list(
        c,
        namespace,
        sink,
        new Listener() {
          @Override
          public void page(ApiKind kind, long objects, int pages) {
            progress.page(kind, objects, pages);
          }

          @Override
          public void listed(ApiKind kind, String scope) {
            b.listed(kind.kind(), scope);
            progress.listed(kind, scope);
          }

          @Override
          public void forbidden(ApiKind kind, String ns, String message) {
            b.add(Unreadable.forbidden(where, kind.kind(), ns == null ? "" : ns, message));
            progress.forbidden(kind, ns, message);
          }

          @Override
          public void notServed(ApiKind kind, String ns, String message) {
            b.add(Unreadable.notServed(where, kind.kind(), ns == null ? "" : ns, message));
            progress.notServed(kind, ns, message);
          }
        });
    return b.build();
  }

  /**
   * Lists every kind of {@link #KINDS} into {@code sink}, items carrying their kind and apiVersion
   * as a dump's do. Used by the doctor (into a snapshot) and by {@code snapshot} (into a redacted
   * dump).
   */
  public static Stats list(
      KubernetesClient c, String namespace, ManifestSink sink, Listener listener)
      throws LiveException {
    Duration timeout =
        Duration.ofMillis(
            c.getConfiguration().getRequestTimeout() > 0
                ? c.getConfiguration().getRequestTimeout()
                : ClusterOptions.DEFAULT_REQUEST_TIMEOUT.toMillis());
    Pager pager = new Pager(c, timeout);
    long objects = 0;
    for (ApiKind k : KINDS) {
      objects += listServed(pager, k, k.namespaced() ? namespace : null, sink, listener);
    }
    return new Stats(pager.requests, objects);
  }

  /**
   * Lists {@code k}; when the API server does not serve it (an optional kind answered 404: neither
   * listed nor refused), lists it at its older version, if it has one. The list request is the
   * discovery: a kind not served costs one request and says nothing.
   */
  private static long listServed(
      Pager pager, ApiKind k, String namespace, ManifestSink sink, Listener listener)
      throws LiveException {
    boolean[] answered = {false};
    Listener heard =
        new Listener() {
          @Override
          public void page(ApiKind kind, long objects, int pages) {
            listener.page(kind, objects, pages);
          }

          @Override
          public void listed(ApiKind kind, String scope) {
            answered[0] = true;
            listener.listed(kind, scope);
          }

          @Override
          public void forbidden(ApiKind kind, String ns, String message) {
            answered[0] = true;
            listener.forbidden(kind, ns, message);
          }

          @Override
          public void notServed(ApiKind kind, String ns, String message) {
            answered[0] = true;
            listener.notServed(kind, ns, message);
          }
        };
    long n = pager.listAll(k, namespace, sink, heard);
    ApiKind older = k.older();
    if (answered[0] || older == null) {
      return n;
    }
    return n + pager.listAll(older, namespace, sink, listener);
  }

  /** Makes the list requests of one read and counts them. */
  private static final class Pager {
    private final KubernetesClient client;
    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final java.util.Map<String, java.util.Set<String>> served = new java.util.HashMap<>();
    int requests;

    Pager(KubernetesClient client, Duration timeout) {
      this.client = client;
      this.http = client.getHttpClient();
      String url = client.getMasterUrl().toString();
      this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      this.timeout = timeout;
    }

    /** Lists {@code k} page by page; returns how many objects were read. */
    long listAll(ApiKind k, String namespace, ManifestSink sink, Listener listener)
        throws LiveException {
      String token = null;
      int pages = 0;
      long[] count = {0};
      ManifestSink counted = new WithKind(sink, k, count);
      do {
        String url =
            base
                + k.path(namespace)
                + "?limit="
                + PAGE_SIZE
                + (token == null
                    ? ""
                    : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = get(url, k, namespace, listener);
        if (r == null) {
          return count[0]; // forbidden or not installed: reported, nothing read
        }
        pages++;
        JsonNode meta;
        try {
          meta =
              ManifestReader.readList(
                  new ByteArrayInputStream(r.body()),
                  "cluster " + k.plural() + " (page " + pages + ")",
                  counted);
        } catch (IOException e) {
          throw new LiveException(
              "the API server at "
                  + base
                  + " answered the list of "
                  + k.kindPlural()
                  + " with something that is not a list: "
                  + e.getMessage(),
              e);
        }
        token = meta.path("continue").asString("");
        token = token.isEmpty() ? null : token;
        listener.page(k, count[0], pages);
      } while (token != null);
      listener.listed(k, namespace == null ? "*" : namespace);
      return count[0];
    }

    /**
     * One request: the response, or null when the kind is forbidden (reported) or not installed.
     */
    private HttpResponse<byte[]> get(String url, ApiKind k, String namespace, Listener listener)
        throws LiveException {
      HttpRequest req =
          http.newHttpRequestBuilder()
              .uri(url)
              .header("Accept", "application/json")
              .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      requests++;
      CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, byte[].class);
      HttpResponse<byte[]> r;
      try {
        // the whole page, headers and body, must arrive within the timeout: a server that
        // stops answering mid-body cannot hang the run
        r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new LiveException(cannot(k) + "timed out after " + human(timeout), e);
      } catch (ExecutionException e) {
        String why = failure(e.getCause());
        throw new LiveException(
            cannot(k) + ("timed out".equals(why) ? "timed out after " + human(timeout) : why),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LiveException(cannot(k) + "interrupted", e);
      }
      int code = r.code();
      if (code >= 200 && code < 300) {
        return r;
      }
      String status = statusMessage(r.body());
      switch (code) {
        case 401 ->
            throw new LiveException(
                "unauthorized: check the credentials of "
                    + contextName()
                    + " (the API server at "
                    + base
                    + " answered 401 to listing "
                    + k.kindPlural()
                    + (status.isEmpty() ? "" : ": " + status)
                    + ")");
        case 403 -> {
          listener.forbidden(k, namespace, forbiddenMessage(k, namespace));
          return null;
        }
        case 404 -> {
          if (k.optional() && !discoverySays(k)) {
            return null; // the CRD is not installed: nothing of this kind exists
          }
          listener.notServed(k, namespace, notServedMessage(k, namespace));
          return null;
        }
        case 410 ->
            throw new LiveException(
                "the list of "
                    + k.kindPlural()
                    + " changed faster than it could be paged (410 Gone: the continue token expired); run again");
        default ->
            throw new LiveException(
                cannot(k) + "HTTP " + code + (status.isEmpty() ? "" : ": " + status));
      }
    }

    /**
     * Whether the API server's discovery for {@code k}'s group and version lists its resource: a
     * 404 for a kind discovery says is served is a gap to report, not an absent CRD. Asked once per
     * group and version, and only after a 404; a discovery that fails or answers anything but a
     * resource list counts as "not served", so an absent CRD stays quiet.
     */
    private boolean discoverySays(ApiKind k) {
      return served.computeIfAbsent(k.apiVersion(), this::discover).contains(k.plural());
    }

    private java.util.Set<String> discover(String apiVersion) {
      String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
      HttpRequest req =
          http.newHttpRequestBuilder()
              .uri(base + root)
              .header("Accept", "application/json")
              .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      requests++;
      CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, byte[].class);
      try {
        HttpResponse<byte[]> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r.code() < 200 || r.code() >= 300 || r.body() == null) {
          return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JsonNode res : STATUS.readTree(r.body()).path("resources")) {
          names.add(res.path("name").asString(""));
        }
        return names;
      } catch (TimeoutException e) {
        f.cancel(true);
        return java.util.Set.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return java.util.Set.of();
      } catch (ExecutionException | RuntimeException e) {
        return java.util.Set.of();
      }
    }

    /**
     * "the API server at URL did not serve Jobs (404 for /apis/batch/v1/jobs): links ... were
     * skipped".
     */
    private String notServedMessage(ApiKind k, String namespace) {
      return "the API server at "
          + base
          + " did not serve "
          + k.kindPlural()
          + " ("
          + k.apiVersion()
          + ", 404 for "
          + k.path(namespace)
          + "): "
          + k.skippedWithout();
    }

    private String cannot(ApiKind k) {
      return "cannot list " + k.kindPlural() + " from the API server at " + base + ": ";
    }

    private String contextName() {
      var ctx = client.getConfiguration().getCurrentContext();
      return ctx == null || ctx.getName() == null
          ? "the current context"
          : "context " + ctx.getName();
    }
  }

  /**
   * "could not list Secrets in all namespaces (403 forbidden): certificate checks ... were skipped;
   * grant list on secrets or run with -n".
   */
  static String forbiddenMessage(ApiKind k, String namespace) {
    String where =
        !k.namespaced()
            ? ""
            : namespace == null ? " in all namespaces" : " in namespace " + namespace;
    String grant =
        "grant list on "
            + k.resource()
            + (k.namespaced() && namespace != null ? " in " + namespace : "");
    return "could not list "
        + k.kindPlural()
        + where
        + " (403 forbidden): "
        + k.skippedWithout()
        + "; "
        + grant
        + (k.namespaced() && namespace == null ? " or run with -n" : "");
  }

  /** The API's Status message from an error body, or "". */
  private static String statusMessage(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode n = STATUS.readTree(body);
      return n.path("message").asString("");
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * What went wrong with a request, in a few words: "connection refused", "timed out after 30s".
   */
  static String failure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException u) {
        return "cannot resolve host " + u.getMessage();
      }
      if (t instanceof SSLException s) {
        return "TLS handshake failed: " + ClusterConnection.rootMessage(s);
      }
    }
    String m = ClusterConnection.rootMessage(e);
    if (m.contains("ClosedChannelException")
        || m.contains("EOF")
        || m.toLowerCase(java.util.Locale.ROOT).contains("closed")) {
      return "the connection was closed before the response was complete";
    }
    return m;
  }

  /** {@code 30s}, {@code 1500ms}, {@code 2m}. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /**
   * API list items come without kind and apiVersion; the list says what they are. Counts them too.
   */
  private record WithKind(ManifestSink sink, ApiKind kind, long[] count) implements ManifestSink {
    @Override
    public void document(Document d) {
      count[0]++;
      if (d.node() instanceof ObjectNode o && (!o.has("kind") || !o.has("apiVersion"))) {
        ObjectNode full = JsonNodeFactory.instance.objectNode();
        full.put("apiVersion", kind.apiVersion());
        full.put("kind", kind.kind());
        o.properties()
            .forEach(
                e -> {
                  if (!"kind".equals(e.getKey()) && !"apiVersion".equals(e.getKey())) {
                    full.set(e.getKey(), e.getValue());
                  }
                });
        d = new Document(full, d.where());
      }
      sink.document(d);
    }

    @Override
    public void unreadable(String where, String problem) {
      sink.unreadable(where, problem);
    }
  }
}
