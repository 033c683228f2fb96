package io.certmedic.controller.simulation;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.simulation.Pems.Pem;
import io.certmedic.controller.testing.MapView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;

/**
 * The kubelet as far as mounted Secrets and ConfigMaps go: a pod sees a change to what it mounts
 * only after a delay, drawn per change from [0, maxDelay] (the kubelet's sync period plus its cache
 * TTL, about two minutes in a real cluster). A pod never goes back to an older version: a change
 * overtaken by a later one that arrived first is dropped, as the kubelet only ever writes what it
 * last read. A deleted object leaves the pod with what it last saw, as a running pod keeps its
 * volume.
 *
 * <p>A pod is not running until its volume has arrived once ({@link #seen} is null until then), as
 * the kubelet does not start a container whose volume cannot be mounted.
 */
final class Kubelet {

  /**
   * Secret or ConfigMap {@code namespace/name} mounted by {@code pod} ({@code ns/name}): every data
   * key, delivered together, as the kubelet swaps a volume's files at once.
   */
  record Mount(String pod, Kind kind, String namespace, String name) {

    enum Kind {
      SECRET,
      CONFIGMAP
    }

    Mount {
      requireNonNull(pod, "pod == null");
      requireNonNull(kind, "kind == null");
      requireNonNull(namespace, "namespace == null");
      requireNonNull(name, "name == null");
    }

    /** The pod's own name, without its namespace. */
    String podName() {
      return pod.substring(pod.indexOf('/') + 1);
    }

    @Override
    public String toString() {
      return "pod "
          + pod
          + " ("
          + (kind == Kind.SECRET ? "Secret " : "ConfigMap ")
          + namespace
          + "/"
          + name
          + ")";
    }
  }

  private static final class Volume {
    final Mount mount;
    Map<String, String> api; // what the API server holds now; null while absent
    long apiVersion;
    Map<String, Pem> seen; // what the pod sees; null until the first delivery
    long seenVersion;

    Volume(Mount mount) {
      this.mount = mount;
    }
  }

  private record Delivery(
      Instant at, long order, Volume volume, long version, Map<String, String> content) {}

  private final Random random;
  private final Duration maxDelay;
  private final Pems pems;
  private final Map<Mount, Volume> volumes = new LinkedHashMap<>();
  private final PriorityQueue<Delivery> pending =
      new PriorityQueue<>(Comparator.comparing(Delivery::at).thenComparingLong(Delivery::order));
  private long order;
  private long changes;
  private long overtaken;

  Kubelet(Random random, Duration maxDelay, Pems pems) {
    this.random = requireNonNull(random, "random == null");
    this.maxDelay = requireNonNull(maxDelay, "maxDelay == null");
    this.pems = requireNonNull(pems, "pems == null");
    if (maxDelay.isNegative() || maxDelay.toSeconds() > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("maxDelay out of range: " + maxDelay);
    }
  }

  void mount(Mount m) {
    volumes.put(m, new Volume(m));
  }

  /**
   * Notes what the API server holds at {@code now}; each change reaches its pod after its own
   * delay.
   */
  void observe(MapView view, Instant now) {
    for (Volume v : volumes.values()) {
      Map<String, String> content = read(view, v.mount);
      if (content == null || content.equals(v.api)) {
        continue;
      }
      v.api = content;
      v.apiVersion++;
      changes++;
      Duration delay = Duration.ofSeconds(random.nextInt((int) maxDelay.toSeconds() + 1));
      pending.add(new Delivery(now.plus(delay), order++, v, v.apiVersion, content));
    }
  }

  Optional<Instant> nextDelivery() {
    return Optional.ofNullable(pending.peek()).map(Delivery::at);
  }

  /**
   * Delivers every change due at the earliest pending instant; returns the mounts whose pods now
   * see something new.
   */
  List<Mount> deliverNext() {
    List<Mount> out = new ArrayList<>();
    Delivery first = pending.peek();
    if (first == null) {
      return out;
    }
    while (!pending.isEmpty() && pending.peek().at().equals(first.at())) {
      Delivery d = pending.poll();
      if (d.version() < d.volume().seenVersion) {
        overtaken++;
        continue;
      }
      Map<String, Pem> files = new LinkedHashMap<>();
      d.content().forEach((k, text) -> files.put(k, pems.of(text)));
      d.volume().seen = files;
      d.volume().seenVersion = d.version();
      out.add(d.volume().mount);
    }
    return out;
  }

  /**
   * What the pod sees of {@code key} through {@code m}: null before its volume first arrived, empty
   * when the key is not there.
   */
  Pem seen(Mount m, String key) {
    Volume v = volumes.get(m);
    if (v == null) {
      throw new IllegalArgumentException("not mounted: " + m);
    }
    return v.seen == null ? null : v.seen.getOrDefault(key, pems.of(""));
  }

  /** How many changes the pods were sent, and how many of those a later change overtook. */
  long changes() {
    return changes;
  }

  long overtaken() {
    return overtaken;
  }

  /** The volume's files as the API server holds them now; null while the object is absent. */
  private static Map<String, String> read(MapView view, Mount m) {
    Map<String, String> files = new TreeMap<>();
    if (m.kind() == Mount.Kind.SECRET) {
      Optional<Secret> s = view.get(Secret.class, m.namespace(), m.name());
      if (s.isEmpty()) {
        return null;
      }
      if (s.get().getData() != null) {
        s.get()
            .getData()
            .forEach(
                (k, b64) ->
                    files.put(
                        k, new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII)));
      }
      return files;
    }
    Optional<ConfigMap> c = view.get(ConfigMap.class, m.namespace(), m.name());
    if (c.isEmpty()) {
      return null;
    }
    if (c.get().getData() != null) {
      files.putAll(c.get().getData());
    }
    return files;
  }
}
