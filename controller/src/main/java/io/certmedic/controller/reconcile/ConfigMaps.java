package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * ConfigMaps: a bundle ConfigMap annotated {@code inject-cabundle} gets the trust bundle under
 * {@code ca-bundle.crt}; one annotated {@code distribute} is copied into every namespace its
 * selector picks, and the copies are kept equal to it (the OKD incident's stale copy) and removed
 * from namespaces no longer picked. A ConfigMap of the same name that certmedic did not create is
 * never overwritten.
 */
public final class ConfigMaps implements Reconciler {

  /** Label values are at most 63 characters; longer {@code ns.name} sources are cut and hashed. */
  private static final int MAX_LABEL = 63;

  private final Injection injection;

  public ConfigMaps(Injection injection) {
    this.injection = requireNonNull(injection, "injection == null");
  }

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    String source = key.namespace() + "/" + key.name();
    Optional<ConfigMap> found = view.get(ConfigMap.class, key.namespace(), key.name());
    List<Write> writes = new ArrayList<>();
    List<Result.Problem> problems = new ArrayList<>();
    ConfigMap effective = found.orElse(null);
    if (found.isPresent()) {
      Result inj = injection.inject(found.get(), view);
      writes.addAll(inj.writes());
      problems.addAll(inj.problems());
      for (Write w : inj.writes()) {
        effective = (ConfigMap) w.object(); // copies carry the bundle as it will be
      }
    }
    boolean distributing =
        effective != null
            && Annotations.isTrue(KubeObjects.annotation(effective, Annotations.DISTRIBUTE));
    Set<String> selected = new TreeSet<>();
    if (distributing) {
      NamespaceSelector sel;
      try {
        sel =
            NamespaceSelector.parse(
                KubeObjects.annotation(effective, Annotations.DISTRIBUTE_NAMESPACE_SELECTOR));
      } catch (IllegalArgumentException e) {
        problems.add(
            new Result.Problem(
                effective,
                "InvalidAnnotation",
                "annotation "
                    + Annotations.DISTRIBUTE_NAMESPACE_SELECTOR
                    + " on ConfigMap "
                    + source
                    + " does not parse: "
                    + e.getMessage()
                    + "; copies were left as they are"));
        return new Result(writes, Optional.empty(), problems);
      }
      for (Namespace ns : view.list(Namespace.class)) {
        String name = ns.getMetadata().getName();
        boolean terminating =
            ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase());
        if (!name.equals(key.namespace())
            && !terminating
            && sel.matches(ns.getMetadata().getLabels())) {
          selected.add(name);
        }
      }
      for (String ns : selected) {
        Optional<ConfigMap> copy = view.get(ConfigMap.class, ns, key.name());
        if (copy.isEmpty()) {
          writes.add(
              new Write.Create(
                  newCopy(effective, ns, source),
                  "BundleDistributed",
                  "copied ConfigMap " + source + " into namespace " + ns));
        } else if (!source.equals(
            KubeObjects.annotation(copy.get(), Annotations.DISTRIBUTED_FROM))) {
          problems.add(
              new Result.Problem(
                  effective,
                  "CopyNotManaged",
                  "ConfigMap "
                      + ns
                      + "/"
                      + key.name()
                      + " exists and is not a certmedic copy of "
                      + source
                      + "; certmedic will not overwrite it: rename one of them"));
        } else if (!sameData(copy.get(), effective)) {
          ConfigMap c = KubeObjects.copy(copy.get());
          c.setData(effective.getData() == null ? null : new LinkedHashMap<>(effective.getData()));
          c.setBinaryData(
              effective.getBinaryData() == null
                  ? null
                  : new LinkedHashMap<>(effective.getBinaryData()));
          writes.add(
              new Write.Update(
                  c,
                  "BundleCopyUpdated",
                  "updated ConfigMap "
                      + ns
                      + "/"
                      + key.name()
                      + " to equal its source "
                      + source
                      + " ("
                      + differences(copy.get(), effective)
                      + ")"));
        }
      }
    }
    for (ConfigMap c : view.list(ConfigMap.class)) {
      if (source.equals(KubeObjects.annotation(c, Annotations.DISTRIBUTED_FROM))
          && !selected.contains(KubeObjects.namespace(c))
          && !(c.getMetadata().getNamespace().equals(key.namespace()))) {
        writes.add(
            new Write.Delete(
                c,
                "BundleCopyRemoved",
                "removed ConfigMap "
                    + KubeObjects.namespace(c)
                    + "/"
                    + c.getMetadata().getName()
                    + ": "
                    + (distributing
                        ? "its namespace is no longer selected by " + source
                        : "its source " + source + " is gone or no longer distributed")));
      }
    }
    return new Result(writes, Optional.empty(), problems);
  }

  /** The source a copy was made from, or null: routes a copy's events to its source. */
  static String sourceOf(ConfigMap c) {
    return KubeObjects.annotation(c, Annotations.DISTRIBUTED_FROM);
  }

  private static ConfigMap newCopy(ConfigMap src, String ns, String source) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Annotations.DISTRIBUTED_FROM_LABEL, labelValue(source));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(src.getMetadata().getName())
        .withNamespace(ns)
        .withLabels(labels)
        .withAnnotations(Map.of(Annotations.DISTRIBUTED_FROM, source))
        .endMetadata()
        .withData(src.getData() == null ? null : new LinkedHashMap<>(src.getData()))
        .withBinaryData(
            src.getBinaryData() == null ? null : new LinkedHashMap<>(src.getBinaryData()))
        .build();
  }

  /** {@code ns.name} when it fits a label value, else its first 50 characters and a hash. */
  static String labelValue(String source) {
    String v = source.replace('/', '.');
    if (v.length() <= MAX_LABEL) {
      return v;
    }
    String hash = Integer.toHexString(source.hashCode() & 0x7fffffff);
    String head = v.substring(0, MAX_LABEL - hash.length() - 1).replaceAll("[^A-Za-z0-9]+$", "");
    return head + "-" + hash;
  }

  private static boolean sameData(ConfigMap a, ConfigMap b) {
    return java.util.Objects.equals(nullIfEmpty(a.getData()), nullIfEmpty(b.getData()))
        && java.util.Objects.equals(nullIfEmpty(a.getBinaryData()), nullIfEmpty(b.getBinaryData()));
  }

  private static <K, V> Map<K, V> nullIfEmpty(Map<K, V> m) {
    return m == null || m.isEmpty() ? null : m;
  }

  /** Which keys differ: "ca.crt differs; extra.crt missing". */
  private static String differences(ConfigMap copy, ConfigMap src) {
    Map<String, String> have = copy.getData() == null ? Map.of() : copy.getData();
    Map<String, String> want = src.getData() == null ? Map.of() : src.getData();
    Set<String> keys = new TreeSet<>(want.keySet());
    keys.addAll(have.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      if (!have.containsKey(k)) {
        out.add(k + " missing");
      } else if (!want.containsKey(k)) {
        out.add(k + " not in the source");
      } else if (!have.get(k).equals(want.get(k))) {
        out.add(k + " differs" + bundleDelta(have.get(k), want.get(k)));
      }
    }
    return out.isEmpty() ? "binary data differs" : String.join("; ", out);
  }

  /** For PEM bundles: how many CAs the copy lacks. */
  private static String bundleDelta(String have, String want) {
    Set<String> h = Bundles.fingerprints(have.getBytes(StandardCharsets.UTF_8));
    Set<String> w = Bundles.fingerprints(want.getBytes(StandardCharsets.UTF_8));
    if (h == null || w == null || w.isEmpty()) {
      return "";
    }
    Set<String> lacking = new HashSet<>(w);
    lacking.removeAll(h);
    return lacking.isEmpty()
        ? ""
        : ", lacking " + lacking.size() + " CA" + (lacking.size() == 1 ? "" : "s");
  }
}
