package io.certmedic.kube.snapshot;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.snapshot.Unreadable;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.kube.manifest.CertFields;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import tools.jackson.databind.JsonNode;

/**
 * Maps Kubernetes objects (as read from a dump or the API) into the core's snapshot records. Only
 * the kinds the checks need are kept; others are counted. An object that does not have the shape
 * its kind needs becomes an {@link Unreadable} entry, and reading goes on.
 */
public final class SnapshotReader implements ManifestSink {

  /** Documents read ahead of the oldest one still being parsed, at most (bounds memory). */
  static final int MAX_PENDING = 512;

  private final SnapshotBuilder out;
  private final FieldParser fields = new FieldParser();
  private final Executor pool;
  private final ArrayDeque<Future<Runnable>> pending = new ArrayDeque<>();
  private final KubeconfigMapper kubeconfigs = new KubeconfigMapper(fields);
  private java.nio.file.Path baseDir;

  /** Maps every object on the calling thread. */
  public SnapshotReader(SnapshotBuilder out) {
    this(out, null);
  }

  /**
   * Parses the certificate fields of Secrets and ConfigMaps on {@code pool} (null: on the calling
   * thread) while the caller reads on. Records still reach {@code out} in input order, on the
   * calling thread, so the snapshot is the same whatever the threads did; call {@link #finish()}
   * before building it.
   */
  public SnapshotReader(SnapshotBuilder out, Executor pool) {
    this.out = out;
    this.pool = pool;
  }

  /**
   * The directory of the file being read (null: stdin or a cluster), against which a kubeconfig's
   * relative {@code client-certificate} and {@code client-key} paths are resolved.
   */
  public void baseDirectory(java.nio.file.Path dir) {
    this.baseDir = dir;
  }

  @Override
  public void unreadable(String where, String problem) {
    then(() -> out.add(new Unreadable(where, "", "", "", problem)));
  }

  @Override
  public void document(Document d) {
    String kind = d.kind();
    if (pool != null && (kind.equals("Secret") || kind.equals("ConfigMap"))) {
      FutureTask<Runnable> task =
          new FutureTask<>(
              () -> {
                try {
                  if (kind.equals("Secret")) {
                    SecretRecord r = secret(d);
                    return () -> out.add(r);
                  }
                  ConfigMapRecord r = configMap(d);
                  return () -> out.add(r);
                } catch (RuntimeException e) {
                  return () -> out.add(unreadable(d, e));
                }
              });
      pending.add(task);
      pool.execute(task);
      drain(false);
      return;
    }
    java.nio.file.Path base = baseDir; // mapping may run after the next file has started
    then(
        () -> {
          try {
            map(d, base);
          } catch (RuntimeException e) {
            out.add(unreadable(d, e));
          }
        });
  }

  /** Waits for the objects still being parsed and adds them; the snapshot is complete after. */
  public void finish() {
    drain(true);
  }

  private static Unreadable unreadable(Document d, RuntimeException e) {
    return new Unreadable(
        d.where(),
        d.kind(),
        d.namespace(),
        d.name(),
        "cannot be read as a " + d.kind() + ": " + e.getMessage());
  }

  /** Runs {@code action} now if nothing is pending, else after what is pending, in order. */
  private void then(Runnable action) {
    if (pending.isEmpty()) {
      action.run();
      return;
    }
    FutureTask<Runnable> done = new FutureTask<>(() -> action);
    done.run();
    pending.add(done);
    drain(false);
  }

  /**
   * Adds finished results in input order; waits for the oldest when too many are pending (or all
   * when {@code all}).
   */
  private void drain(boolean all) {
    while (!pending.isEmpty() && (all || pending.size() > MAX_PENDING || pending.peek().isDone())) {
      Runnable add;
      try {
        add = pending.peek().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the input", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("parsing failed: " + e.getCause(), e.getCause());
      }
      pending.poll();
      add.run();
    }
  }

  private void map(Document d, java.nio.file.Path base) {
    JsonNode n = d.node();
    String kind = d.kind();
    switch (kind) {
      case "Secret" -> out.add(secret(d));
      case "ConfigMap" -> out.add(configMap(d));
      case "Service" -> out.add(service(d));
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
          out.add(workload(d, n.path("spec").path("template")));
      case "CronJob" ->
          out.add(workload(d, n.path("spec").path("jobTemplate").path("spec").path("template")));
      case "Pod" -> podAndWorkload(d, workload(d, n));
      case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" -> webhooks(d);
      case "CustomResourceDefinition" -> conversion(d);
      case "APIService" -> apiService(d);
      case "Config" -> out.add(kubeconfigs.map(d, base));
      case "Certificate" -> {
        if (d.apiVersion().startsWith("cert-manager.io/")) {
          out.add(CertManagerMapper.certificate(d));
        } else {
          out.ignored(kind);
        }
      }
      case "Issuer", "ClusterIssuer" ->
          mapIf(CertManagerMapper.isCertManager(d), d, () -> out.add(CertManagerMapper.issuer(d)));
      case "CertificateRequest" ->
          mapIf(
              CertManagerMapper.isCertManager(d),
              d,
              () -> out.add(CertManagerMapper.certificateRequest(d)));
      case "Ingress" ->
          mapIf(
              d.apiVersion().equals("networking.k8s.io/v1"),
              d,
              () -> out.add(IngressMapper.ingress(d)));
      case "Gateway" ->
          mapIf(GatewayMapper.isGatewayApi(d), d, () -> out.add(GatewayMapper.gateway(d)));
      case "ReferenceGrant" ->
          mapIf(GatewayMapper.isGatewayApi(d), d, () -> out.add(GatewayMapper.referenceGrant(d)));
      case "Route" -> mapIf(RouteMapper.isRoute(d), d, () -> out.add(RouteMapper.route(d, fields)));
      case "CertificateSigningRequest" ->
          mapIf(CsrMapper.isKubernetesCsr(d), d, () -> out.add(CsrMapper.csr(d)));
      case "Node" -> mapIf(NodeMapper.isCoreNode(d), d, () -> out.add(NodeMapper.node(d)));
      default -> out.ignored(kind);
    }
  }

  /** Maps {@code d} with {@code map} when it has the API group its kind needs, else counts it. */
  private void mapIf(boolean group, Document d, Runnable map) {
    if (group) {
      map.run();
    } else {
      out.ignored(d.kind());
    }
  }

  /** A Pod is a workload (its template) and a running pod (its status). */
  private void podAndWorkload(Document d, WorkloadRecord w) {
    out.add(w);
    out.add(PodMapper.pod(d, w));
  }

  static Meta meta(Document d) {
    JsonNode m = d.node().path("metadata");
    List<ObjectRef> owners = new ArrayList<>();
    for (JsonNode o : m.path("ownerReferences")) {
      owners.add(
          ObjectRef.of(o.path("kind").asString(""), d.namespace(), o.path("name").asString("")));
    }
    boolean live =
        m.hasNonNull("uid")
            || m.hasNonNull("resourceVersion") && !m.path("resourceVersion").asString("").isEmpty()
            || m.hasNonNull("creationTimestamp");
    return new Meta(
        ObjectRef.of(d.kind(), d.namespace(), d.name()),
        strings(m.path("labels")),
        strings(m.path("annotations")),
        owners,
        live,
        d.where());
  }

  private SecretRecord secret(Document d) {
    JsonNode n = d.node();
    Set<String> keys = new LinkedHashSet<>();
    Map<String, DataField> parsed = new LinkedHashMap<>();
    // The first certificate read so far (tls.crt comes before tls.key in kubectl's sorted
    // output): a key is compared with it first, which only makes the comparison cheaper.
    CertInfo beside = null;
    for (Map.Entry<String, JsonNode> e : n.path("data").properties()) {
      keys.add(e.getKey());
      DataField f =
          fields.parse(
              base64(e.getValue()),
              d.describe() + " data[" + e.getKey() + "]",
              CertFields.meantForCerts(e.getKey()),
              beside);
      beside = beside(beside, f);
      keep(parsed, e.getKey(), f);
    }
    for (Map.Entry<String, JsonNode> e : n.path("stringData").properties()) {
      keys.add(e.getKey());
      DataField f =
          fields.parse(
              text(e.getValue()),
              d.describe() + " stringData[" + e.getKey() + "]",
              CertFields.meantForCerts(e.getKey()),
              beside);
      beside = beside(beside, f);
      keep(parsed, e.getKey(), f);
    }
    return new SecretRecord(
        meta(d), n.path("type").asString("Opaque"), keys, parsed, ManagedFields.dataChange(n));
  }

  private ConfigMapRecord configMap(Document d) {
    JsonNode n = d.node();
    Set<String> keys = new LinkedHashSet<>();
    Map<String, DataField> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("data").properties()) {
      keys.add(e.getKey());
      keep(
          parsed,
          e.getKey(),
          fields.parse(
              text(e.getValue()),
              d.describe() + " data[" + e.getKey() + "]",
              CertFields.meantForCerts(e.getKey())));
    }
    for (Map.Entry<String, JsonNode> e : n.path("binaryData").properties()) {
      keys.add(e.getKey());
      keep(
          parsed,
          e.getKey(),
          fields.parse(
              base64(e.getValue()),
              d.describe() + " binaryData[" + e.getKey() + "]",
              CertFields.meantForCerts(e.getKey())));
    }
    return new ConfigMapRecord(meta(d), keys, parsed, ManagedFields.dataChange(n));
  }

  /** The first leaf (non-CA) certificate among {@code sofar} and {@code f}'s. */
  private static CertInfo beside(CertInfo sofar, DataField f) {
    if (sofar != null || f == null) {
      return sofar;
    }
    for (CertInfo c : f.certs()) {
      if (!c.facts().ca()) {
        return c;
      }
    }
    return null;
  }

  private static void keep(Map<String, DataField> parsed, String key, DataField f) {
    if (f != null) {
      parsed.put(key, f);
    }
  }

  private static ServiceRecord service(Document d) {
    JsonNode spec = d.node().path("spec");
    List<ServiceRecord.Port> ports = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      int port = p.path("port").asInt(0);
      JsonNode tp = p.path("targetPort");
      String target = tp.isMissingNode() || tp.isNull() ? String.valueOf(port) : tp.asString();
      ports.add(new ServiceRecord.Port(p.path("name").asString(""), port, target));
    }
    return new ServiceRecord(
        meta(d),
        strings(spec.path("selector")),
        ports,
        "None".equals(spec.path("clusterIP").asString("")),
        spec.path("type").asString("ClusterIP"));
  }

  private static WorkloadRecord workload(Document d, JsonNode template) {
    JsonNode podSpec = template.path("spec");
    Map<String, String> labels = strings(template.path("metadata").path("labels"));
    List<WorkloadRecord.Container> containers = new ArrayList<>();
    for (JsonNode c : podSpec.path("initContainers")) {
      containers.add(container(c, true));
    }
    for (JsonNode c : podSpec.path("containers")) {
      containers.add(container(c, false));
    }
    List<WorkloadRecord.Volume> volumes = new ArrayList<>();
    for (JsonNode v : podSpec.path("volumes")) {
      List<WorkloadRecord.Source> sources = new ArrayList<>();
      if (v.has("secret")) {
        sources.add(
            new WorkloadRecord.Source(
                "Secret",
                v.path("secret").path("secretName").asString(""),
                items(v.path("secret").path("items")),
                v.path("secret").path("optional").asBoolean(false)));
      }
      if (v.has("configMap")) {
        sources.add(
            new WorkloadRecord.Source(
                "ConfigMap",
                v.path("configMap").path("name").asString(""),
                items(v.path("configMap").path("items")),
                v.path("configMap").path("optional").asBoolean(false)));
      }
      for (JsonNode s : v.path("projected").path("sources")) {
        if (s.has("secret")) {
          sources.add(
              new WorkloadRecord.Source(
                  "Secret",
                  s.path("secret").path("name").asString(""),
                  items(s.path("secret").path("items")),
                  s.path("secret").path("optional").asBoolean(false)));
        }
        if (s.has("configMap")) {
          sources.add(
              new WorkloadRecord.Source(
                  "ConfigMap",
                  s.path("configMap").path("name").asString(""),
                  items(s.path("configMap").path("items")),
                  s.path("configMap").path("optional").asBoolean(false)));
        }
      }
      volumes.add(
          new WorkloadRecord.Volume(v.path("name").asString(""), sources, v.has("emptyDir")));
    }
    return new WorkloadRecord(meta(d), labels, containers, volumes);
  }

  private static WorkloadRecord.Container container(JsonNode c, boolean init) {
    List<String> args = new ArrayList<>();
    c.path("command").forEach(a -> args.add(a.asString("")));
    c.path("args").forEach(a -> args.add(a.asString("")));
    List<WorkloadRecord.Env> env = new ArrayList<>();
    for (JsonNode e : c.path("env")) {
      String from = null;
      JsonNode vf = e.path("valueFrom");
      if (vf.has("secretKeyRef")) {
        from =
            "secret "
                + vf.path("secretKeyRef").path("name").asString("")
                + " key "
                + vf.path("secretKeyRef").path("key").asString("");
      } else if (vf.has("configMapKeyRef")) {
        from =
            "configMap "
                + vf.path("configMapKeyRef").path("name").asString("")
                + " key "
                + vf.path("configMapKeyRef").path("key").asString("");
      } else if (vf.has("fieldRef")) {
        from = "field " + vf.path("fieldRef").path("fieldPath").asString("");
      }
      env.add(
          new WorkloadRecord.Env(
              e.path("name").asString(""),
              e.has("value") ? e.path("value").asString("") : null,
              from));
    }
    List<WorkloadRecord.Mount> mounts = new ArrayList<>();
    for (JsonNode m : c.path("volumeMounts")) {
      mounts.add(
          new WorkloadRecord.Mount(
              m.path("name").asString(""),
              m.path("mountPath").asString(""),
              m.path("subPath").asString("")));
    }
    List<WorkloadRecord.Port> ports = new ArrayList<>();
    for (JsonNode p : c.path("ports")) {
      ports.add(
          new WorkloadRecord.Port(p.path("name").asString(""), p.path("containerPort").asInt(0)));
    }
    return new WorkloadRecord.Container(
        c.path("name").asString(""), init, args, env, mounts, ports);
  }

  private void webhooks(Document d) {
    Meta meta = meta(d);
    for (JsonNode w : d.node().path("webhooks")) {
      List<String> rules = new ArrayList<>();
      for (JsonNode r : w.path("rules")) {
        rules.add(rule(r));
      }
      out.add(
          new Caller.Webhook(
              meta,
              w.path("name").asString(""),
              w.path("failurePolicy").asString("Fail"),
              rules,
              client(
                  w.path("clientConfig"),
                  d.describe()
                      + " webhooks["
                      + w.path("name").asString("")
                      + "].clientConfig.caBundle")));
    }
  }

  /** {@code CREATE,UPDATE apps/deployments} in the words of the rule. */
  private static String rule(JsonNode r) {
    List<String> ops = new ArrayList<>();
    r.path("operations").forEach(o -> ops.add(o.asString("")));
    List<String> groups = new ArrayList<>();
    r.path("apiGroups")
        .forEach(g -> groups.add(g.asString("").isEmpty() ? "core" : g.asString("")));
    List<String> res = new ArrayList<>();
    r.path("resources").forEach(x -> res.add(x.asString("")));
    return String.join(",", ops) + " " + String.join(",", groups) + "/" + String.join(",", res);
  }

  private void conversion(Document d) {
    JsonNode conv = d.node().path("spec").path("conversion");
    if (!"Webhook".equals(conv.path("strategy").asString(""))) {
      out.ignored("CustomResourceDefinition");
      return;
    }
    JsonNode cc =
        conv.path("webhook").has("clientConfig")
            ? conv.path("webhook").path("clientConfig")
            : conv.path("webhookClientConfig");
    List<String> versions = new ArrayList<>();
    for (JsonNode v : d.node().path("spec").path("versions")) {
      if (v.path("served").asBoolean(true)) {
        versions.add(v.path("name").asString(""));
      }
    }
    if (versions.isEmpty() && d.node().path("spec").has("version")) {
      versions.add(d.node().path("spec").path("version").asString(""));
    }
    out.add(
        new Caller.Conversion(
            meta(d), versions, client(cc, d.describe() + " conversion caBundle")));
  }

  private void apiService(Document d) {
    JsonNode spec = d.node().path("spec");
    if (!spec.hasNonNull("service")) {
      out.ignored("APIService (local)");
      return;
    }
    Boolean available = null;
    String reason = "";
    String message = "";
    for (JsonNode c : d.node().path("status").path("conditions")) {
      if ("Available".equals(c.path("type").asString(""))) {
        available = "True".equals(c.path("status").asString(""));
        reason = c.path("reason").asString("");
        message = c.path("message").asString("");
      }
    }
    DataField ca =
        spec.hasNonNull("caBundle")
            ? fields.parse(base64(spec.path("caBundle")), d.describe() + " spec.caBundle", true)
            : DataField.EMPTY;
    ClientConfig client =
        new ClientConfig(
            serviceRef(spec.path("service")), null, ca); // no caBundle is empty, not unparsable
    out.add(
        new Caller.ApiService(
            meta(d),
            client,
            spec.path("insecureSkipTLSVerify").asBoolean(false),
            available,
            reason,
            message));
  }

  private ClientConfig client(JsonNode cc, String where) {
    ClientConfig.ServiceRef svc = cc.hasNonNull("service") ? serviceRef(cc.path("service")) : null;
    String url = cc.hasNonNull("url") ? cc.path("url").asString() : null;
    DataField ca =
        cc.hasNonNull("caBundle")
            ? fields.parse(base64(cc.path("caBundle")), where, true)
            : DataField.EMPTY;
    return new ClientConfig(svc, url, ca == null ? DataField.EMPTY : ca);
  }

  private static ClientConfig.ServiceRef serviceRef(JsonNode s) {
    return new ClientConfig.ServiceRef(
        s.path("namespace").asString(""),
        s.path("name").asString(""),
        s.path("port").asInt(ClientConfig.ServiceRef.DEFAULT_PORT),
        s.hasNonNull("path") ? s.path("path").asString() : null);
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString(""));
    }
    return m;
  }

  private static Map<String, String> items(JsonNode items) {
    Map<String, String> m = new LinkedHashMap<>();
    for (JsonNode i : items) {
      m.put(i.path("key").asString(""), i.path("path").asString(""));
    }
    return m;
  }

  static byte[] base64(JsonNode v) {
    if (!v.isString()) {
      return null;
    }
    String s = v.asString();
    try {
      return Base64.getDecoder()
          .decode(s.indexOf('\n') >= 0 || s.indexOf(' ') >= 0 ? s.replaceAll("\\s", "") : s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] text(JsonNode v) {
    return v.isString() ? v.asString().getBytes(StandardCharsets.UTF_8) : null;
  }
}
