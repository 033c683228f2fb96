package io.certmedic.kube.preflight;

import static java.util.Objects.requireNonNull;

import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Predicts the objects an upgrade leaves behind: the current objects with the new manifests applied
 * the way {@code kubectl apply} and {@code helm upgrade} apply them. Pure: documents in, documents
 * and {@link Change}s out.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>An object of the render replaces the current object of the same kind, namespace and name;
 *       it keeps the current object's uid, resourceVersion and creationTimestamp (the API server
 *       keeps them), so it is judged as a live object.
 *   <li>A webhook (matched by name), conversion webhook or APIService whose caBundle the render
 *       leaves empty keeps the current caBundle when there is one: an injector or the operator
 *       filled it at run time and fills it again. Listed as {@link Change.Type#CABUNDLE_EMPTIED}.
 *   <li>An object of the same Helm release (label {@code app.kubernetes.io/instance} or annotation
 *       {@code meta.helm.sh/release-name} equal to the release, and annotation {@code
 *       meta.helm.sh/release-namespace}, when present, equal to its namespace) that the render no
 *       longer holds is removed, as Helm removes it; except a Secret, which an operator may have
 *       made at run time and which Helm then does not own: it is kept.
 *   <li>Everything else is kept as it is; render objects that match nothing are added.
 * </ol>
 *
 * A render object without a namespace gets the release namespace, unless its kind is
 * cluster-scoped.
 */
public final class Overlay {

  /** Labels and annotations that name the Helm release an object belongs to. */
  static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  static final String RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name";
  static final String RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace";

  /** Kinds without a namespace: a render object of these kinds does not get the release's. */
  public static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "CustomResourceDefinition",
          "APIService",
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "PriorityClass",
          "StorageClass",
          "PersistentVolume",
          "Node",
          "ClusterIssuer",
          "IngressClass",
          "RuntimeClass",
          "CSIDriver",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "Config");

  /** Kinds whose pod template may mount Secrets: the path to their pod spec. */
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Deployment", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
          "Pod", List.of("spec"));

  /** Identity of an object for apply: kind, namespace ("" if cluster-scoped), name. */
  public record Key(String kind, String namespace, String name) {
    public static Key of(Document d) {
      return new Key(d.kind(), d.namespace(), d.name());
    }

    /** {@code Kind ns/name} or {@code Kind name}. */
    public String describe() {
      return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
  }

  /**
   * The prediction: {@code predicted} replaces (or adds) the objects it names; {@code dropped} are
   * the current objects to leave out (every replaced or removed one); {@code removed} the subset
   * that is gone for good.
   */
  public record Result(
      List<Document> predicted,
      Set<Key> dropped,
      Set<Key> removed,
      List<Change> changes,
      List<Rename> renames,
      Map<Key, String> how) {
    public Result {
      predicted = List.copyOf(predicted);
      dropped = Set.copyOf(dropped);
      removed = Set.copyOf(removed);
      changes = List.copyOf(changes);
      renames = List.copyOf(renames);
      how = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(how));
    }
  }

  /** An object the upgrade renames: {@code from} in the current state, {@code to} in the render. */
  public record Rename(Key from, Key to) {
    public Rename {
      requireNonNull(from, "from == null");
      requireNonNull(to, "to == null");
    }
  }

  private static final Set<String> WEBHOOK_CONFIGURATIONS =
      Set.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

  private final Map<Key, Document> after = new LinkedHashMap<>();
  private final String release;
  private final String releaseNamespace;

  private Overlay(List<Document> render, String release, String releaseNamespace) {
    this.release = release == null || release.isBlank() ? null : release;
    this.releaseNamespace = releaseNamespace;
    for (Document d : render) {
      Document n = withNamespace(d, releaseNamespace);
      after.put(Key.of(n), n); // a later document of the same object wins, as a second apply would
    }
  }

  /**
   * An overlay of {@code render}. {@code release} (null: none) names the Helm release whose objects
   * the render replaces; {@code releaseNamespace} is where its namespaced objects go.
   */
  public static Overlay of(List<Document> render, String release, String releaseNamespace) {
    requireNonNull(render, "render == null");
    requireNonNull(releaseNamespace, "releaseNamespace == null");
    return new Overlay(render, release, releaseNamespace);
  }

  /** The render, with namespaces filled in. */
  public List<Document> render() {
    return List.copyOf(after.values());
  }

  /**
   * True when the upgrade replaces or removes {@code current}, or when it is a webhook
   * configuration a render's configuration may replace under another name: only such objects need
   * to be kept for {@link #apply}; the rest of a large dump passes through untouched.
   */
  public boolean touches(Document current) {
    return replacesOrRemoves(current) || WEBHOOK_CONFIGURATIONS.contains(current.kind());
  }

  /** True when the upgrade replaces {@code current} or, as helm upgrade does, removes it. */
  private boolean replacesOrRemoves(Document current) {
    return after.containsKey(Key.of(current))
        || (ownedByRelease(current) && !"Secret".equals(current.kind()));
  }

  /**
   * True when {@code d} belongs to the release: by label or annotation, and in its namespace when
   * the object says which namespace its release is in.
   */
  boolean ownedByRelease(Document d) {
    if (release == null) {
      return false;
    }
    JsonNode meta = d.node().path("metadata");
    boolean named =
        release.equals(meta.path("labels").path(INSTANCE_LABEL).asString(""))
            || release.equals(meta.path("annotations").path(RELEASE_NAME_ANNOTATION).asString(""));
    String ns = meta.path("annotations").path(RELEASE_NAMESPACE_ANNOTATION).asString("");
    return named && (ns.isEmpty() || ns.equals(releaseNamespace));
  }

  /**
   * Applies the render to the current objects it touches (others may be passed; they are skipped).
   */
  public Result apply(List<Document> current) {
    Map<Key, Document> before = new LinkedHashMap<>();
    List<Document> configurations = new ArrayList<>();
    for (Document d : current) {
      if (replacesOrRemoves(d)) {
        before.put(Key.of(d), d);
      }
      if (WEBHOOK_CONFIGURATIONS.contains(d.kind())) {
        configurations.add(d);
      }
    }
    Map<Key, String> how = new LinkedHashMap<>();
    List<Rename> renames = new ArrayList<>();
    List<Document> predicted = new ArrayList<>();
    Set<Key> dropped = new LinkedHashSet<>();
    Set<Key> removed = new LinkedHashSet<>();
    List<Change> changes = new ArrayList<>();
    List<Document> removedServices = new ArrayList<>();
    List<Document> addedServices = new ArrayList<>();
    for (Map.Entry<Key, Document> e : before.entrySet()) {
      Key k = e.getKey();
      Document now = e.getValue();
      Document next = after.get(k);
      dropped.add(k);
      if (next == null) {
        removed.add(k);
        how.put(k, "removed: the release no longer renders it, and helm upgrade deletes it");
        if ("Service".equals(k.kind())) {
          removedServices.add(now);
        } else if ("ConfigMap".equals(k.kind())) {
          changes.add(
              new Change(
                  Change.Type.OBJECT_REMOVED,
                  k.describe(),
                  "the release no longer renders it: helm upgrade deletes it"));
        }
        continue;
      }
      ObjectNode merged = (ObjectNode) next.node().deepCopy();
      keepIdentity(now.node(), merged);
      int before0 = changes.size();
      keepCaBundles(k, now.node(), merged, changes);
      how.put(
          k,
          "replaces the current object, keeping its uid and resourceVersion"
              + (changes.size() > before0
                  ? "; caBundle kept from the current object where the render leaves it empty"
                  : ""));
      repointed(k, now.node(), merged, changes);
      unmounted(k, now.node(), merged, changes);
      certData(k, now.node(), merged, changes);
      predicted.add(new Document(merged, next.where()));
    }
    for (Map.Entry<Key, Document> e : after.entrySet()) {
      if (!before.containsKey(e.getKey())) {
        predicted.add(e.getValue());
        how.put(e.getKey(), "added: nothing of this kind, namespace and name exists today");
        if ("Service".equals(e.getKey().kind())) {
          addedServices.add(e.getValue());
        }
      }
    }
    services(removedServices, addedServices, current, changes, renames);
    configurations(configurations, removed, changes, renames);
    return new Result(predicted, dropped, removed, changes, renames, how);
  }

  // --- rules -----------------------------------------------------------------------------

  private static Document withNamespace(Document d, String ns) {
    if (!d.namespace().isEmpty()
        || CLUSTER_SCOPED.contains(d.kind())
        || !(d.node() instanceof ObjectNode o)) {
      return d;
    }
    ObjectNode copy = o.deepCopy();
    JsonNode meta = copy.path("metadata");
    ObjectNode m = meta instanceof ObjectNode mo ? mo : copy.putObject("metadata");
    m.put("namespace", ns);
    return new Document(copy, d.where());
  }

  /** The API server keeps an object's identity across an apply. */
  private static void keepIdentity(JsonNode now, ObjectNode next) {
    JsonNode meta = now.path("metadata");
    ObjectNode m = next.path("metadata") instanceof ObjectNode mo ? mo : next.putObject("metadata");
    for (String f : List.of("uid", "resourceVersion", "creationTimestamp")) {
      if (meta.has(f) && !m.has(f)) {
        m.set(f, meta.get(f));
      }
    }
  }

  private static void keepCaBundles(Key k, JsonNode now, ObjectNode next, List<Change> changes) {
    switch (k.kind()) {
      case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" -> {
        Map<String, JsonNode> old = new LinkedHashMap<>();
        now.path("webhooks").forEach(w -> old.put(w.path("name").asString(""), w));
        for (JsonNode w : next.path("webhooks")) {
          JsonNode o = old.get(w.path("name").asString(""));
          if (o != null) {
            keep(
                k,
                "webhook " + w.path("name").asString(""),
                o.path("clientConfig"),
                w.path("clientConfig"),
                changes);
          }
        }
      }
      case "CustomResourceDefinition" ->
          keep(
              k,
              "conversion webhook",
              now.path("spec").path("conversion").path("webhook").path("clientConfig"),
              next.path("spec").path("conversion").path("webhook").path("clientConfig"),
              changes);
      case "APIService" -> {
        if (!next.path("spec").path("insecureSkipTLSVerify").asBoolean(false)) {
          keep(k, "spec", now.path("spec"), next.path("spec"), changes);
        }
      }
      default -> {}
    }
  }

  private static void keep(
      Key k, String where, JsonNode nowHolder, JsonNode nextHolder, List<Change> changes) {
    String old = nowHolder.path("caBundle").asString("");
    if (old.isEmpty()
        || !(nextHolder instanceof ObjectNode n)
        || !n.path("caBundle").asString("").isEmpty()) {
      return;
    }
    n.put("caBundle", old);
    changes.add(
        new Change(
            Change.Type.CABUNDLE_EMPTIED,
            k.describe(),
            where
                + ": the new manifest leaves caBundle empty; predicted with the live caBundle kept, as an injector or the operator fills it at run time"
                + " (if nothing does, the API server will not trust the webhook)"));
  }

  /** {@code ns/name:port} of every Service the object calls, keyed by webhook name ("" for one). */
  static Map<String, String> serviceRefs(String kind, JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    switch (kind) {
      case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" ->
          n.path("webhooks")
              .forEach(
                  w ->
                      ref(w.path("clientConfig").path("service"))
                          .ifPresent(r -> out.put("webhook " + w.path("name").asString(""), r)));
      case "CustomResourceDefinition" ->
          ref(n.path("spec")
                  .path("conversion")
                  .path("webhook")
                  .path("clientConfig")
                  .path("service"))
              .ifPresent(r -> out.put("conversion webhook", r));
      case "APIService" ->
          ref(n.path("spec").path("service")).ifPresent(r -> out.put("spec.service", r));
      default -> {}
    }
    return out;
  }

  private static java.util.Optional<String> ref(JsonNode svc) {
    if (svc.isMissingNode() || svc.isNull() || svc.path("name").asString("").isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        svc.path("namespace").asString("")
            + "/"
            + svc.path("name").asString("")
            + ":"
            + svc.path("port").asInt(443));
  }

  private static void repointed(Key k, JsonNode now, JsonNode next, List<Change> changes) {
    Map<String, String> old = serviceRefs(k.kind(), now);
    Map<String, String> neu = serviceRefs(k.kind(), next);
    for (Map.Entry<String, String> e : neu.entrySet()) {
      String was = old.get(e.getKey());
      if (was != null && !was.equals(e.getValue())) {
        changes.add(
            new Change(
                Change.Type.CALLER_REPOINTED,
                k.describe(),
                e.getKey()
                    + " now calls Service "
                    + e.getValue()
                    + " (was "
                    + was
                    + "): the serving certificate must name "
                    + dnsName(e.getValue())));
      }
    }
  }

  /** {@code ns/name:port} -> {@code name.ns.svc}. */
  static String dnsName(String ref) {
    String nsName = ref.substring(0, ref.lastIndexOf(':'));
    int slash = nsName.indexOf('/');
    return nsName.substring(slash + 1) + "." + nsName.substring(0, slash) + ".svc";
  }

  static Set<String> mountedSecrets(String kind, JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    List<String> path = POD_SPEC.get(kind);
    if (path == null) {
      return out;
    }
    JsonNode spec = n;
    for (String p : path) {
      spec = spec.path(p);
    }
    for (JsonNode v : spec.path("volumes")) {
      String s = v.path("secret").path("secretName").asString("");
      if (!s.isEmpty()) {
        out.add(s);
      }
      for (JsonNode src : v.path("projected").path("sources")) {
        String p = src.path("secret").path("name").asString("");
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static void unmounted(Key k, JsonNode now, JsonNode next, List<Change> changes) {
    Set<String> gone = mountedSecrets(k.kind(), now);
    gone.removeAll(mountedSecrets(k.kind(), next));
    for (String s : gone) {
      changes.add(
          new Change(
              Change.Type.SECRET_UNMOUNTED,
              k.describe(),
              "no longer mounts Secret "
                  + k.namespace()
                  + "/"
                  + s
                  + ": its pods will serve or trust whatever the new template gives them"));
    }
  }

  private static void certData(Key k, JsonNode now, JsonNode next, List<Change> changes) {
    if (!"Secret".equals(k.kind()) && !"ConfigMap".equals(k.kind())) {
      return;
    }
    Set<String> keys = new LinkedHashSet<>();
    for (String section : List.of("data", "stringData", "binaryData")) {
      now.path(section).propertyNames().forEach(keys::add);
      next.path(section).propertyNames().forEach(keys::add);
    }
    List<String> changed = new ArrayList<>();
    for (String key : keys) {
      String a = value(now, key);
      String b = value(next, key);
      if (!Objects.equals(a, b) && (holdsCert(a) || holdsCert(b))) {
        changed.add(key);
      }
    }
    if (!changed.isEmpty()) {
      changes.add(
          new Change(
              Change.Type.CERT_DATA_CHANGED,
              k.describe(),
              "the new manifest changes the certificates in "
                  + String.join(", ", changed)
                  + ": everything that trusts or serves them must follow"));
    }
  }

  private static String value(JsonNode n, String key) {
    for (String section : List.of("stringData", "data", "binaryData")) {
      JsonNode v = n.path(section).path(key);
      if (!v.isMissingNode() && !v.isNull()) {
        return v.asString("");
      }
    }
    return null;
  }

  private static boolean holdsCert(String v) {
    if (v == null) {
      return false;
    }
    // PEM text, or base64 of it ("-----BEGIN CERT" encodes to "LS0tLS1CRUdJTiBDRVJU")
    return v.contains("BEGIN CERTIFICATE") || v.startsWith("LS0tLS1CRUdJTiBDRVJU");
  }

  /**
   * A removed and an added Service in the same namespace are a rename when their selectors overlap
   * (one holds the other: real charts add a label such as {@code app.kubernetes.io/component} to
   * the new one), they send traffic to the same target ports, or their callers dial the same paths
   * (the old Service's webhooks today, the new one's in the render).
   */
  private void services(
      List<Document> removed,
      List<Document> added,
      List<Document> current,
      List<Change> changes,
      List<Rename> renames) {
    List<Document> unmatched = new ArrayList<>(added);
    for (Document r : removed) {
      Document match = null;
      String why = "";
      for (Document a : unmatched) {
        if (!a.namespace().equals(r.namespace())) {
          continue;
        }
        String s = sameSelector(r, a);
        if (s.isEmpty() && sameTargetPorts(r, a)) {
          s = "same target ports " + targetPorts(a);
        }
        if (s.isEmpty()) {
          Set<String> paths = callerPaths(r, current);
          paths.retainAll(callerPaths(a, after.values()));
          if (!paths.isEmpty()) {
            s = "its callers dial the same paths " + paths;
          }
        }
        if (!s.isEmpty()) {
          match = a;
          why = s;
          break;
        }
      }
      if (match != null) {
        unmatched.remove(match);
        renames.add(new Rename(Key.of(r), Key.of(match)));
        changes.add(
            new Change(
                Change.Type.SERVICE_RENAMED,
                Key.of(r).describe(),
                "renamed from "
                    + r.name()
                    + " to "
                    + match.name()
                    + " ("
                    + why
                    + "): a certificate issued for "
                    + r.name()
                    + "."
                    + r.namespace()
                    + ".svc does not name "
                    + match.name()
                    + "."
                    + match.namespace()
                    + ".svc"));
      } else {
        changes.add(
            new Change(
                Change.Type.SERVICE_REMOVED,
                Key.of(r).describe(),
                "the release no longer renders it: helm upgrade deletes it"));
      }
    }
    for (Document a : unmatched) {
      changes.add(
          new Change(Change.Type.SERVICE_ADDED, Key.of(a).describe(), "the render adds it"));
    }
  }

  /**
   * The paths, other than the root, that webhooks and conversion webhooks among {@code docs} dial
   * on Service {@code svc}.
   */
  static Set<String> callerPaths(Document svc, Collection<Document> docs) {
    Set<String> out = new java.util.TreeSet<>();
    for (Document d : docs) {
      List<JsonNode> services = new ArrayList<>();
      if (WEBHOOK_CONFIGURATIONS.contains(d.kind())) {
        d.node()
            .path("webhooks")
            .forEach(w -> services.add(w.path("clientConfig").path("service")));
      } else if ("CustomResourceDefinition".equals(d.kind())) {
        services.add(
            d.node()
                .path("spec")
                .path("conversion")
                .path("webhook")
                .path("clientConfig")
                .path("service"));
      }
      for (JsonNode ref : services) {
        String path = ref.path("path").asString("");
        if (ref.path("namespace").asString("").equals(svc.namespace())
            && ref.path("name").asString("").equals(svc.name())
            && !path.isEmpty()
            && !"/".equals(path)) {
          out.add(path);
        }
      }
    }
    return out;
  }

  static Map<String, String> selector(Document d) {
    Map<String, String> out = new LinkedHashMap<>();
    d.node()
        .path("spec")
        .path("selector")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
    return out;
  }

  /**
   * {@code same selector}, {@code its selector gains k=v} or {@code its selector drops k=v} when
   * one selector holds the other (neither empty); "" otherwise.
   */
  static String sameSelector(Document was, Document now) {
    Map<String, String> a = selector(was);
    Map<String, String> b = selector(now);
    if (a.isEmpty() || b.isEmpty()) {
      return "";
    }
    if (a.equals(b)) {
      return "same selector";
    }
    if (b.entrySet().containsAll(a.entrySet())) {
      return "its selector gains " + difference(b, a);
    }
    if (a.entrySet().containsAll(b.entrySet())) {
      return "its selector drops " + difference(a, b);
    }
    return "";
  }

  private static String difference(Map<String, String> big, Map<String, String> small) {
    List<String> out = new ArrayList<>();
    big.forEach(
        (k, v) -> {
          if (!small.containsKey(k)) {
            out.add(k + "=" + v);
          }
        });
    return String.join(", ", out);
  }

  static Set<String> targetPorts(Document d) {
    Set<String> out = new java.util.TreeSet<>();
    for (JsonNode p : d.node().path("spec").path("ports")) {
      JsonNode t = p.path("targetPort");
      out.add(t.isMissingNode() || t.isNull() ? p.path("port").asString("") : t.asString(""));
    }
    out.remove("");
    return out;
  }

  private static boolean sameTargetPorts(Document a, Document b) {
    Set<String> x = targetPorts(a);
    return !x.isEmpty() && x.equals(targetPorts(b));
  }

  /**
   * A webhook configuration the render adds in place of a current one of the same kind that calls a
   * Service the upgrade removes, when their webhooks' names or rules overlap: a rename. The current
   * one stays in the prediction unless helm upgrade removes it (an operator that registered it at
   * run time may delete it itself).
   */
  private void configurations(
      List<Document> current, Set<Key> removed, List<Change> changes, List<Rename> renames) {
    Set<Key> taken = new LinkedHashSet<>();
    for (Document neu : after.values()) {
      Key nk = Key.of(neu);
      if (!WEBHOOK_CONFIGURATIONS.contains(neu.kind())
          || current.stream().anyMatch(d -> Key.of(d).equals(nk))) {
        continue;
      }
      for (Document old : current) {
        Key ok = Key.of(old);
        if (!old.kind().equals(neu.kind()) || after.containsKey(ok) || taken.contains(ok)) {
          continue;
        }
        Map<String, String> was = serviceRefs(old.kind(), old.node());
        boolean callsRemoved =
            was.values().stream()
                .anyMatch(
                    r -> {
                      String nsName = r.substring(0, r.lastIndexOf(':'));
                      int slash = nsName.indexOf('/');
                      return removed.contains(
                          new Key(
                              "Service", nsName.substring(0, slash), nsName.substring(slash + 1)));
                    });
        if (!callsRemoved || !overlaps(old.node(), neu.node())) {
          continue;
        }
        taken.add(ok);
        renames.add(new Rename(ok, nk));
        Set<String> now = new LinkedHashSet<>(serviceRefs(neu.kind(), neu.node()).values());
        Set<String> then = new LinkedHashSet<>(was.values());
        changes.add(
            new Change(
                Change.Type.WEBHOOK_CONFIGURATION_RENAMED,
                nk.describe(),
                "renamed from "
                    + old.name()
                    + " to "
                    + neu.name()
                    + (removed.contains(ok)
                        ? " (helm upgrade deletes the old one)"
                        : " (this release did not render the old one: an operator registered it at"
                            + " run time, and helm upgrade leaves it)")
                    + ": its webhooks now call Service "
                    + String.join(", ", now)
                    + " (was "
                    + String.join(", ", then)
                    + ")"
                    + (now.isEmpty()
                        ? ""
                        : ": the serving certificate must name "
                            + String.join(
                                ", ", now.stream().map(Overlay::dnsName).distinct().toList()))));
        break;
      }
    }
  }

  /** Whether two configurations share a webhook name or an (API group, resource) rule. */
  static boolean overlaps(JsonNode a, JsonNode b) {
    Set<String> x = webhookKeys(a);
    x.retainAll(webhookKeys(b));
    return !x.isEmpty();
  }

  private static Set<String> webhookKeys(JsonNode config) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode w : config.path("webhooks")) {
      out.add("name " + w.path("name").asString(""));
      for (JsonNode r : w.path("rules")) {
        for (JsonNode g : r.path("apiGroups")) {
          for (JsonNode res : r.path("resources")) {
            out.add("rule " + g.asString("") + "/" + res.asString(""));
          }
        }
      }
    }
    return out;
  }
}
