package io.certmedic.kube.snapshot;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes objects for doctor tests, written as the YAML a user would feed {@code doctor -f} and
 * read back through the real {@link SnapshotReader}, so a check test also covers the mapping from
 * YAML to records. Certificates come from {@link TestPki} and are base64-encoded where Kubernetes
 * base64-encodes them.
 *
 * <p>Objects are install-manifest objects unless made live: {@link #live()} marks the object added
 * last, {@link #allLive()} every object, as read from a running cluster (uid, resourceVersion,
 * creationTimestamp), which the checks judge more strictly.
 *
 * <pre>{@code
 * Snapshot s = Fixture.manifest()
 *     .service("ns", "svc", Map.of("app", "x"), 443, "https")
 *     .workload("Deployment", "ns", "x", Fixture.pod(Map.of("app", "x")).port("https", 8443).secretVolume("certs", "svc-tls", "/certs"))
 *     .tlsSecret("ns", "svc-tls", leaf, ca)
 *     .webhooks("Validating", "x", Fixture.hook("x.example.com").service("ns", "svc").caBundle(ca))
 *     .snapshot();
 * }</pre>
 */
@SuppressWarnings("unchecked")
public final class Fixture {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final List<Map<String, Object>> docs = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private boolean allLive;

  private Fixture() {}

  /** An empty input, as an install manifest. */
  public static Fixture manifest() {
    return new Fixture();
  }

  // --- objects ---------------------------------------------------------------------------------

  /** A Secret with string data (PEM text, usually), base64-encoded into {@code data}. */
  public Fixture secret(String ns, String name, String type, Map<String, String> data) {
    Map<String, Object> d = obj("v1", "Secret", ns, name);
    if (type != null) {
      d.put("type", type);
    }
    if (data != null) {
      Map<String, Object> enc = new LinkedHashMap<>();
      data.forEach((k, v) -> enc.put(k, b64(v)));
      d.put("data", enc);
    }
    return add(d);
  }

  /**
   * A kubernetes.io/tls Secret: tls.crt (leaf, then any intermediates), tls.key (the leaf's real
   * private key), ca.crt when {@code ca} is given.
   */
  public Fixture tlsSecret(
      String ns, String name, TestPki.Cert leaf, TestPki.Cert ca, TestPki.Cert... intermediates) {
    Map<String, String> data = new LinkedHashMap<>();
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf.cert());
    Arrays.stream(intermediates).forEach(i -> chain.add(i.cert()));
    data.put("tls.crt", PemWriter.certificates(chain));
    data.put("tls.key", PemWriter.privateKey(leaf.key()));
    if (ca != null) {
      data.put("ca.crt", pem(ca));
    }
    return secret(ns, name, "kubernetes.io/tls", data);
  }

  /** A ConfigMap with text data. */
  public Fixture configMap(String ns, String name, Map<String, String> data) {
    Map<String, Object> d = obj("v1", "ConfigMap", ns, name);
    d.put("data", new LinkedHashMap<>(data));
    return add(d);
  }

  /** A Service with one port; {@code targetPort} null leaves it out (it then equals the port). */
  public Fixture service(
      String ns, String name, Map<String, String> selector, int port, String targetPort) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", "https");
    p.put("port", port);
    if (targetPort != null) {
      p.put(
          "targetPort",
          targetPort.chars().allMatch(Character::isDigit)
              ? (Object) Integer.parseInt(targetPort)
              : targetPort);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!selector.isEmpty()) {
      spec.put("selector", new LinkedHashMap<>(selector));
    }
    spec.put("ports", List.of(p));
    Map<String, Object> d = obj("v1", "Service", ns, name);
    d.put("spec", spec);
    return add(d);
  }

  /**
   * A Deployment, StatefulSet, DaemonSet, ReplicaSet or Job running {@code pod}; a Pod when kind is
   * Pod.
   */
  public Fixture workload(String kind, String ns, String name, Pod pod) {
    String api =
        switch (kind) {
          case "Pod" -> "v1";
          case "Job" -> "batch/v1";
          default -> "apps/v1";
        };
    Map<String, Object> d = obj(api, kind, ns, name);
    if ("Pod".equals(kind)) {
      meta(d).put("labels", new LinkedHashMap<>(pod.labels));
      d.put("spec", pod.spec());
    } else {
      Map<String, Object> spec = new LinkedHashMap<>();
      if (!"Job".equals(kind)) {
        spec.put("selector", Map.of("matchLabels", new LinkedHashMap<>(pod.labels)));
      }
      spec.put(
          "template",
          Map.of(
              "metadata", Map.of("labels", new LinkedHashMap<>(pod.labels)), "spec", pod.spec()));
      d.put("spec", spec);
    }
    return add(d);
  }

  /** A Validating ("Validating") or Mutating ("Mutating") WebhookConfiguration. */
  public Fixture webhooks(String type, String name, Hook... hooks) {
    Map<String, Object> d =
        obj("admissionregistration.k8s.io/v1", type + "WebhookConfiguration", null, name);
    List<Object> list = new ArrayList<>();
    for (Hook h : hooks) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("name", h.name);
      w.put("clientConfig", h.clientConfig());
      if (h.failurePolicy != null) {
        w.put("failurePolicy", h.failurePolicy);
      }
      w.put(
          "rules",
          List.of(
              Map.of(
                  "operations",
                  List.of("CREATE", "UPDATE"),
                  "apiGroups",
                  List.of("apps"),
                  "apiVersions",
                  List.of("v1"),
                  "resources",
                  List.of("deployments"))));
      w.put("sideEffects", "None");
      w.put("admissionReviewVersions", List.of("v1"));
      list.add(w);
    }
    d.put("webhooks", list);
    return add(d);
  }

  /** A CRD with a conversion webhook (the hook's name is ignored) serving {@code versions}. */
  public Fixture conversionCrd(String name, List<String> versions, Hook client) {
    Map<String, Object> d = obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, name);
    List<Object> vs = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      vs.add(
          Map.of(
              "name",
              versions.get(i),
              "served",
              true,
              "storage",
              i == versions.size() - 1,
              "schema",
              Map.of("openAPIV3Schema", Map.of("type", "object"))));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("group", name.substring(name.indexOf('.') + 1));
    spec.put("names", Map.of("plural", name.substring(0, name.indexOf('.')), "kind", "Thing"));
    spec.put("scope", "Namespaced");
    spec.put("versions", vs);
    spec.put(
        "conversion",
        Map.of(
            "strategy",
            "Webhook",
            "webhook",
            Map.of(
                "conversionReviewVersions", List.of("v1"), "clientConfig", client.clientConfig())));
    d.put("spec", spec);
    return add(d);
  }

  /** An APIService backed by a Service; {@code ca} null leaves caBundle out. */
  public Fixture apiService(
      String name, String ns, String svc, TestPki.Cert ca, boolean insecureSkipTlsVerify) {
    Map<String, Object> d = obj("apiregistration.k8s.io/v1", "APIService", null, name);
    Map<String, Object> spec = new LinkedHashMap<>();
    String[] gv = name.split("\\.", 2);
    spec.put("group", gv[1]);
    spec.put("version", gv[0]);
    spec.put("groupPriorityMinimum", 100);
    spec.put("versionPriority", 100);
    spec.put("service", Map.of("name", svc, "namespace", ns));
    if (ca != null) {
      spec.put("caBundle", b64(pem(ca)));
    }
    if (insecureSkipTlsVerify) {
      spec.put("insecureSkipTLSVerify", true);
    }
    d.put("spec", spec);
    return add(d);
  }

  /** Sets the Available condition on the APIService added last. */
  public Fixture available(boolean status, String reason, String message) {
    last()
        .put(
            "status",
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Available",
                        "status",
                        status ? "True" : "False",
                        "reason",
                        reason,
                        "message",
                        message))));
    return this;
  }

  /** A cert-manager.io/v1 Certificate from a self-signed Issuer. */
  public Fixture certificate(String ns, String name, String secretName, String... dnsNames) {
    Map<String, Object> d = obj("cert-manager.io/v1", "Certificate", ns, name);
    d.put(
        "spec",
        Map.of(
            "secretName",
            secretName,
            "dnsNames",
            List.of(dnsNames),
            "issuerRef",
            Map.of("kind", "Issuer", "name", "selfsigned")));
    return add(d);
  }

  /**
   * A networking.k8s.io/v1 Ingress with one TLS entry naming {@code secretName} for {@code hosts}.
   */
  public Fixture ingress(String ns, String name, String secretName, String... hosts) {
    Map<String, Object> d = obj("networking.k8s.io/v1", "Ingress", ns, name);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ingressClassName", "nginx");
    spec.put("tls", List.of(Map.of("hosts", List.of(hosts), "secretName", secretName)));
    List<Object> rules = new ArrayList<>();
    for (String h : hosts) {
      rules.add(Map.of("host", h));
    }
    spec.put("rules", rules);
    d.put("spec", spec);
    return add(d);
  }

  /**
   * A Gateway API Gateway ({@code version} v1 or v1beta1) with one HTTPS listener on 443 for {@code
   * hostname}, terminating TLS with the Secret {@code secretNs/secretName} ({@code secretNs} null:
   * no namespace written, the Gateway's applies).
   */
  public Fixture gateway(
      String version,
      String ns,
      String name,
      String listener,
      String hostname,
      String secretNs,
      String secretName) {
    Map<String, Object> d = obj("gateway.networking.k8s.io/" + version, "Gateway", ns, name);
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("name", secretName);
    if (secretNs != null) {
      ref.put("namespace", secretNs);
    }
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("name", listener);
    l.put("protocol", "HTTPS");
    l.put("port", 443);
    l.put("hostname", hostname);
    l.put("tls", Map.of("mode", "Terminate", "certificateRefs", List.of(ref)));
    d.put("spec", Map.of("gatewayClassName", "example", "listeners", List.of(l)));
    return add(d);
  }

  /**
   * A ReferenceGrant in {@code ns} letting Gateways of {@code fromNs} use the Secret {@code
   * secret}.
   */
  public Fixture referenceGrant(String ns, String name, String fromNs, String secret) {
    Map<String, Object> d = obj("gateway.networking.k8s.io/v1beta1", "ReferenceGrant", ns, name);
    d.put(
        "spec",
        Map.of(
            "from",
            List.of(
                Map.of(
                    "group", "gateway.networking.k8s.io", "kind", "Gateway", "namespace", fromNs)),
            "to",
            List.of(Map.of("group", "", "kind", "Secret", "name", secret))));
    return add(d);
  }

  /**
   * An OpenShift Route with edge termination: inline certificate (the leaf), key (its real private
   * key) and caCertificate.
   */
  public Fixture route(String ns, String name, String host, TestPki.Cert leaf, TestPki.Cert ca) {
    Map<String, Object> d = obj("route.openshift.io/v1", "Route", ns, name);
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("termination", "edge");
    tls.put("certificate", pem(leaf));
    tls.put("key", PemWriter.privateKey(leaf.key()));
    tls.put("caCertificate", pem(ca));
    tls.put("insecureEdgeTerminationPolicy", "Redirect");
    d.put("spec", Map.of("host", host, "to", Map.of("kind", "Service", "name", name), "tls", tls));
    return add(d);
  }

  /**
   * A cert-manager.io/v1 Issuer or ClusterIssuer ({@code ns} null) of {@code type} (ca, acme ...).
   */
  public Fixture issuer(String kind, String ns, String name, String type) {
    Map<String, Object> d = obj("cert-manager.io/v1", kind, ns, name);
    d.put("spec", Map.of(type, Map.of()));
    return add(d);
  }

  /** A cert-manager CertificateRequest made for the Certificate {@code certificate}. */
  public Fixture certificateRequest(String ns, String name, String certificate) {
    Map<String, Object> d = obj("cert-manager.io/v1", "CertificateRequest", ns, name);
    d.put(
        "spec",
        Map.of(
            "request",
            "LS0tLS1CRUdJTg==",
            "issuerRef",
            Map.of("kind", "ClusterIssuer", "name", "letsencrypt", "group", "cert-manager.io")));
    add(d);
    return annotate("cert-manager.io/certificate-name", certificate);
  }

  /**
   * A certificates.k8s.io/v1 CertificateSigningRequest for {@code signer} from {@code username},
   * created at {@code created}, with {@code requestPem} (a PEM CERTIFICATE REQUEST) base64-encoded.
   */
  public Fixture csr(
      String name, String signer, String username, String created, String requestPem) {
    Map<String, Object> d = obj("certificates.k8s.io/v1", "CertificateSigningRequest", null, name);
    meta(d).put("creationTimestamp", created);
    d.put(
        "spec",
        Map.of(
            "signerName",
            signer,
            "username",
            username,
            "request",
            b64(requestPem),
            "usages",
            List.of("digital signature", "server auth")));
    return add(d);
  }

  /**
   * A running Pod of {@code pod}'s template on node-1; each container started at {@code startedAt}.
   */
  public Fixture runningPod(String ns, String name, Pod pod, String startedAt) {
    workload("Pod", ns, name, pod);
    Map<String, Object> d = last();
    ((Map<String, Object>) d.get("spec")).put("nodeName", "node-1");
    List<Object> statuses = new ArrayList<>();
    for (Map<String, Object> c : pod.containers) {
      statuses.add(
          Map.of(
              "name",
              c.get("name"),
              "ready",
              true,
              "state",
              Map.of("running", Map.of("startedAt", startedAt))));
    }
    d.put("status", Map.of("phase", "Running", "containerStatuses", statuses));
    return this;
  }

  /**
   * A kubeconfig (kind Config) with one cluster trusting {@code cas}; read with {@code source} as
   * its name.
   */
  public Fixture kubeconfig(String cluster, String server, TestPki.Cert... cas) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1");
    d.put("kind", "Config");
    Map<String, Object> cl = new LinkedHashMap<>();
    cl.put("server", server);
    if (cas.length > 0) {
      cl.put("certificate-authority-data", b64(pem(cas)));
    }
    d.put("clusters", List.of(Map.of("name", cluster, "cluster", cl)));
    d.put(
        "contexts",
        List.of(Map.of("name", cluster, "context", Map.of("cluster", cluster, "user", "kubelet"))));
    d.put("current-context", cluster);
    d.put("users", List.of(Map.of("name", "kubelet", "user", Map.of())));
    return add(d);
  }

  /**
   * A document as YAML text, verbatim (for input that does not parse); written after the objects.
   */
  public Fixture yamlText(String text) {
    texts.add(text);
    return this;
  }

  /** Any object, as given. */
  public Fixture raw(Map<String, Object> doc) {
    return add(new LinkedHashMap<>(doc));
  }

  // --- modifiers of the object added last ------------------------------------------------------

  public Fixture annotate(String key, String value) {
    ((Map<String, Object>)
            meta(last()).computeIfAbsent("annotations", k -> new LinkedHashMap<String, Object>()))
        .put(key, value);
    return this;
  }

  public Fixture label(String key, String value) {
    ((Map<String, Object>)
            meta(last()).computeIfAbsent("labels", k -> new LinkedHashMap<String, Object>()))
        .put(key, value);
    return this;
  }

  /** Sets {@code spec.issuerRef} of the cert-manager object added last to {@code kind name}. */
  public Fixture issuerRef(String kind, String name) {
    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) last().get("spec"));
    spec.put("issuerRef", Map.of("kind", kind, "name", name, "group", "cert-manager.io"));
    last().put("spec", spec);
    return this;
  }

  /** An ownerReference on the object added last (same namespace, as Kubernetes requires). */
  public Fixture ownedBy(String kind, String name) {
    ((List<Object>) meta(last()).computeIfAbsent("ownerReferences", k -> new ArrayList<>()))
        .add(
            Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                kind,
                "name",
                name,
                "uid",
                "uid-" + name,
                "controller",
                true));
    return this;
  }

  /** Sets {@code status} on the object added last, as given. */
  public Fixture status(Map<String, Object> status) {
    last().put("status", new LinkedHashMap<>(status));
    return this;
  }

  /**
   * Adds a managedFields entry to the object added last: {@code manager} wrote {@code fields} (e.g.
   * "f:data", "f:metadata") at {@code time}.
   */
  public Fixture managedField(String manager, String time, String... fields) {
    Map<String, Object> f = new LinkedHashMap<>();
    for (String x : fields) {
      f.put(x, Map.of());
    }
    ((List<Object>) meta(last()).computeIfAbsent("managedFields", k -> new ArrayList<>()))
        .add(
            Map.of(
                "manager",
                manager,
                "operation",
                "Update",
                "time",
                time,
                "fieldsType",
                "FieldsV1",
                "fieldsV1",
                f));
    return this;
  }

  /** Marks the object added last as read from a running cluster. */
  public Fixture live() {
    liveMeta(meta(last()));
    return this;
  }

  /** Marks every object, added before or after, as read from a running cluster. */
  public Fixture allLive() {
    allLive = true;
    return this;
  }

  // --- output ----------------------------------------------------------------------------------

  /** The objects as multi-document YAML. */
  public String yaml() {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> d : docs) {
      if (allLive && d.get("metadata") instanceof Map) {
        liveMeta(meta(d));
      }
      String y = YAML.writeValueAsString(d);
      sb.append(y.startsWith("---") ? y : "---\n" + y);
    }
    texts.forEach(t -> sb.append("---\n").append(t).append(t.endsWith("\n") ? "" : "\n"));
    return sb.toString();
  }

  /** The objects read through the real manifest reader and {@link SnapshotReader}. */
  public Snapshot snapshot() {
    SnapshotBuilder b = Snapshot.builder();
    try {
      ManifestReader.read(
          new ByteArrayInputStream(yaml().getBytes(StandardCharsets.UTF_8)),
          "fixture.yaml",
          new SnapshotReader(b));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  // --- parts -----------------------------------------------------------------------------------

  /** A pod template: labels and one serving container, plus volumes. */
  public static Pod pod(Map<String, String> labels) {
    return new Pod(labels);
  }

  /** One webhook entry, or a conversion webhook's client config. */
  public static Hook hook(String name) {
    return new Hook(name);
  }

  /** A pod template under construction; container settings apply to the container added last. */
  public static final class Pod {
    private final Map<String, String> labels;
    private final List<Map<String, Object>> containers = new ArrayList<>();
    private final List<Map<String, Object>> initContainers = new ArrayList<>();
    private final List<Map<String, Object>> volumes = new ArrayList<>();
    private Map<String, Object> current;

    private Pod(Map<String, String> labels) {
      this.labels = labels;
      container("server");
    }

    /** Adds a container; the first, "server", exists already. */
    public Pod container(String name) {
      current = new LinkedHashMap<>();
      current.put("name", name);
      current.put("image", "example.com/" + name + ":1");
      containers.add(current);
      return this;
    }

    public Pod initContainer(String name) {
      current = new LinkedHashMap<>();
      current.put("name", name);
      current.put("image", "example.com/" + name + ":1");
      initContainers.add(current);
      return this;
    }

    public Pod args(String... args) {
      list("args").addAll(List.of(args));
      return this;
    }

    public Pod port(String name, int containerPort) {
      list("ports").add(Map.of("name", name, "containerPort", containerPort));
      return this;
    }

    public Pod env(String name, String value) {
      list("env").add(Map.of("name", name, "value", value));
      return this;
    }

    public Pod envFromSecret(String name, String secret, String key) {
      list("env")
          .add(
              Map.of(
                  "name",
                  name,
                  "valueFrom",
                  Map.of("secretKeyRef", Map.of("name", secret, "key", key))));
      return this;
    }

    /** A secret volume mounted into the current container. */
    public Pod secretVolume(String volume, String secretName, String mountPath) {
      volumes.add(Map.of("name", volume, "secret", Map.of("secretName", secretName)));
      return mount(volume, mountPath);
    }

    /** A projected volume of these Secrets, mounted into the current container. */
    public Pod projectedSecrets(String volume, String mountPath, String... secretNames) {
      List<Object> sources = new ArrayList<>();
      for (String s : secretNames) {
        sources.add(Map.of("secret", Map.of("name", s)));
      }
      volumes.add(Map.of("name", volume, "projected", Map.of("sources", sources)));
      return mount(volume, mountPath);
    }

    /**
     * A projected volume as Kubernetes adds to every pod: a token and the {@code kube-root-ca.crt}
     * ConfigMap.
     */
    public Pod projectedRootCa(String volume, String mountPath) {
      volumes.add(
          Map.of(
              "name",
              volume,
              "projected",
              Map.of(
                  "sources",
                  List.of(
                      Map.of("serviceAccountToken", Map.of("path", "token")),
                      Map.of(
                          "configMap",
                          Map.of(
                              "name",
                              "kube-root-ca.crt",
                              "items",
                              List.of(Map.of("key", "ca.crt", "path", "ca.crt"))))))));
      return mount(volume, mountPath);
    }

    /** A ConfigMap volume mounted into the current container, one key through {@code subPath}. */
    public Pod configMapSubPath(String volume, String configMap, String mountPath, String key) {
      volumes.add(Map.of("name", volume, "configMap", Map.of("name", configMap)));
      list("volumeMounts").add(Map.of("name", volume, "mountPath", mountPath, "subPath", key));
      return this;
    }

    /** A ConfigMap volume mounted into the current container. */
    public Pod configMapVolume(String volume, String configMap, String mountPath) {
      volumes.add(Map.of("name", volume, "configMap", Map.of("name", configMap)));
      return mount(volume, mountPath);
    }

    public Pod emptyDir(String volume, String mountPath) {
      volumes.add(Map.of("name", volume, "emptyDir", Map.of()));
      return mount(volume, mountPath);
    }

    public Pod mount(String volume, String mountPath) {
      list("volumeMounts").add(Map.of("name", volume, "mountPath", mountPath));
      return this;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String key) {
      return (List<Object>) current.computeIfAbsent(key, k -> new ArrayList<>());
    }

    Map<String, Object> spec() {
      Map<String, Object> s = new LinkedHashMap<>();
      if (!initContainers.isEmpty()) {
        s.put("initContainers", initContainers);
      }
      s.put("containers", containers);
      if (!volumes.isEmpty()) {
        s.put("volumes", volumes);
      }
      return s;
    }
  }

  /** A webhook's name, failure policy and client config. */
  public static final class Hook {
    private final String name;
    private String failurePolicy;
    private String ns;
    private String svc;
    private Integer port;
    private String path = "/validate";
    private String url;
    private String caBundle;

    private Hook(String name) {
      this.name = name;
    }

    public Hook service(String namespace, String service) {
      this.ns = namespace;
      this.svc = service;
      return this;
    }

    public Hook port(int p) {
      this.port = p;
      return this;
    }

    public Hook path(String p) {
      this.path = p;
      return this;
    }

    public Hook url(String u) {
      this.url = u;
      return this;
    }

    public Hook failurePolicy(String p) {
      this.failurePolicy = p;
      return this;
    }

    /** caBundle: the base64 of these certificates' PEM. */
    public Hook caBundle(TestPki.Cert... cas) {
      this.caBundle = b64(pem(cas));
      return this;
    }

    /** caBundle exactly as given (not encoded): for broken values. */
    public Hook caBundleRaw(String value) {
      this.caBundle = value;
      return this;
    }

    Map<String, Object> clientConfig() {
      Map<String, Object> cc = new LinkedHashMap<>();
      if (url != null) {
        cc.put("url", url);
      } else {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("namespace", ns);
        s.put("name", svc);
        if (path != null) {
          s.put("path", path);
        }
        if (port != null) {
          s.put("port", port);
        }
        cc.put("service", s);
      }
      if (caBundle != null) {
        cc.put("caBundle", caBundle);
      }
      return cc;
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** PEM text of the certificates, in order. */
  public static String pem(TestPki.Cert... certs) {
    return PemWriter.certificates(Arrays.stream(certs).map(TestPki.Cert::cert).toList());
  }

  /**
   * PEM of the public key only: the stand-in a redacted snapshot keeps instead of a private key.
   */
  public static String publicKeyPem(TestPki.Cert cert) {
    return PemWriter.publicKey(cert.cert().getPublicKey());
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private Fixture add(Map<String, Object> d) {
    docs.add(d);
    return this;
  }

  private Map<String, Object> last() {
    if (docs.isEmpty()) {
      throw new IllegalStateException("no object added yet");
    }
    return docs.get(docs.size() - 1);
  }

  private static Map<String, Object> obj(String apiVersion, String kind, String ns, String name) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", apiVersion);
    d.put("kind", kind);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (ns != null) {
      m.put("namespace", ns);
    }
    d.put("metadata", m);
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(Map<String, Object> d) {
    return (Map<String, Object>)
        d.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
  }

  private static void liveMeta(Map<String, Object> m) {
    m.putIfAbsent("uid", "0b5e6f1c-" + Math.abs(String.valueOf(m.get("name")).hashCode()));
    m.putIfAbsent("resourceVersion", "4711");
    m.putIfAbsent("creationTimestamp", "2026-01-01T00:00:00Z");
  }
}
