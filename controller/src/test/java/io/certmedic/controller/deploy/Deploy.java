package io.certmedic.controller.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests under {@code deploy/}, as the tests read them: the Kustomize base and overlay
 * (resolved as {@code kubectl apply -k} would for the subset of Kustomize they use) and the Helm
 * chart (rendered in-process by helm-java, as {@code helm template} does).
 */
final class Deploy {

  static final ObjectMapper YAML = new YAMLMapper();

  /**
   * The namespace the Kustomize base installs into, and the one Helm renders in by default here.
   */
  static final String NAMESPACE = "certmedic";

  /** The release name that names everything as the Kustomize base does. */
  static final String RELEASE = "certmedic";

  /**
   * The value that renders the PrometheusRule and ServiceMonitor offline, where helm-java's
   * capabilities lack monitoring.coreos.com/v1.
   */
  static final String ASSUME_PROMETHEUS_OPERATOR = "prometheusOperator.assumeInstalled=true";

  /** Kinds that have no namespace; every other kind the manifests hold is namespaced. */
  static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

  /**
   * The Kustomization fields {@link #kustomize} resolves; a kustomization with others fails the
   * tests.
   */
  static final Set<String> KUSTOMIZATION_FIELDS =
      Set.of("apiVersion", "kind", "namespace", "resources");

  /**
   * Overlays that use Kustomize patches and put Roles in other namespaces (the namespaced mode):
   * NamespacedRbacTest renders them with {@code kubectl kustomize}, not {@link #kustomize}.
   */
  static final Set<String> KUBECTL_RENDERED = Set.of("namespaced");

  private static final Map<String, List<JsonNode>> HELM_CACHE = new ConcurrentHashMap<>();

  private Deploy() {}

  /**
   * The repository root: the nearest directory at or above the working directory that holds
   * deploy/.
   */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy"))) {
        return p;
      }
    }
    throw new IllegalStateException("no deploy/ directory at or above " + dir);
  }

  static Path kustomizeDir(String name) {
    return root().resolve("deploy/kustomize").resolve(name);
  }

  static Path chart() {
    return root().resolve("deploy/helm/certmedic");
  }

  /** Every document of a YAML stream that is an object (empty documents and comments dropped). */
  static List<JsonNode> parseAll(String yaml, String source) {
    try {
      List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode d : docs) {
        if (d != null && d.isObject()) {
          out.add(d);
        } else if (d != null && !d.isNull() && !d.isMissingNode()) {
          throw new IllegalStateException(source + ": a document that is not an object: " + d);
        }
      }
      return out;
    } catch (RuntimeException e) {
      throw new IllegalStateException(source + " does not parse: " + e.getMessage(), e);
    }
  }

  static List<JsonNode> parseFile(Path file) {
    return parseAll(read(file), file.toString());
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every *.yaml / *.yml file under {@code dir}, sorted. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode kustomization(Path dir) {
    List<JsonNode> docs = parseFile(dir.resolve("kustomization.yaml"));
    if (docs.size() != 1) {
      throw new IllegalStateException(
          dir + "/kustomization.yaml: expected one document, got " + docs.size());
    }
    return docs.get(0);
  }

  /**
   * The objects {@code kubectl apply -k dir} would apply: each resource in order (files parsed,
   * directories resolved recursively), then the kustomization's {@code namespace} set on every
   * namespaced object. Only {@link #KUSTOMIZATION_FIELDS} are understood; the tests check that no
   * kustomization uses another.
   */
  static List<JsonNode> kustomize(Path dir) {
    JsonNode k = kustomization(dir);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : k.path("resources").values()) {
      Path p = dir.resolve(r.asString()).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(kustomize(p));
      } else {
        out.addAll(parseFile(p));
      }
    }
    String ns = k.path("namespace").asString("");
    if (!ns.isEmpty()) {
      for (JsonNode o : out) {
        if (!CLUSTER_SCOPED.contains(kind(o))) {
          ((tools.jackson.databind.node.ObjectNode) o.path("metadata")).put("namespace", ns);
        }
      }
    }
    return out;
  }

  static List<JsonNode> kustomizeBase() {
    return kustomize(kustomizeDir("base"));
  }

  static List<JsonNode> kustomizeMonitoring() {
    return kustomize(kustomizeDir("monitoring"));
  }

  /**
   * The chart rendered as release {@link #RELEASE} in {@link #NAMESPACE} with its default values.
   */
  static List<JsonNode> helmDefault() {
    return helm(RELEASE, NAMESPACE, null, List.of());
  }

  /**
   * The chart rendered as {@code release} in {@code namespace}, with {@code valuesFile} (may be
   * null) and then each {@code key=value} of {@code sets}; renders are cached.
   */
  static List<JsonNode> helm(String release, String namespace, Path valuesFile, List<String> sets) {
    String key =
        release + "|" + namespace + "|" + (valuesFile == null ? "" : read(valuesFile)) + "|" + sets;
    return HELM_CACHE
        .computeIfAbsent(
            key,
            k -> parseAll(helmYaml(release, namespace, valuesFile, sets), "helm template " + sets))
        .stream()
        .map(JsonNode::deepCopy)
        .collect(Collectors.toList());
  }

  /**
   * The rendered YAML; Helm's errors ({@code fail}, template errors) are IllegalStateExceptions.
   */
  static String helmYaml(String release, String namespace, Path valuesFile, List<String> sets) {
    TemplateCommand t = new Helm(chart()).template().withName(release).withNamespace(namespace);
    if (valuesFile != null) {
      t = t.withValuesFile(valuesFile);
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      t = t.set(s.substring(0, eq), s.substring(eq + 1));
    }
    return t.call();
  }

  static String kind(JsonNode o) {
    return o.path("kind").asString("");
  }

  static String name(JsonNode o) {
    return o.path("metadata").path("name").asString("");
  }

  /** The one object of {@code kind} in {@code objects}. */
  static JsonNode one(List<JsonNode> objects, String kind) {
    List<JsonNode> found = all(objects, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  static List<JsonNode> all(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(kind(o))).collect(Collectors.toList());
  }

  /** The controller container of the one Deployment. */
  static JsonNode container(List<JsonNode> objects) {
    JsonNode containers =
        one(objects, "Deployment").path("spec").path("template").path("spec").path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("expected one container, found " + containers.size());
    }
    return containers.get(0);
  }

  /** The container's args as strings. */
  static List<String> args(List<JsonNode> objects) {
    return container(objects).path("args").values().stream()
        .map(JsonNode::asString)
        .collect(Collectors.toList());
  }

  /** A labels (or any string-to-string) map. */
  static Map<String, String> labels(JsonNode map) {
    Map<String, String> out = new java.util.TreeMap<>();
    map.forEachEntry((k, v) -> out.put(k, v.asString()));
    return out;
  }

  /** {@code kind/name} of every object, e.g. {@code Deployment/certmedic}. */
  static Set<String> kindsAndNames(List<JsonNode> objects) {
    return objects.stream()
        .map(o -> kind(o) + "/" + name(o))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The two sources the shape tests run on: the Kustomize base and the default Helm render. */
  static Stream<org.junit.jupiter.params.provider.Arguments> sources() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("kustomize base", kustomizeBase()),
        org.junit.jupiter.params.provider.Arguments.of("helm default", helmDefault()));
  }
}
