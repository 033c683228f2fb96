package io.certmedic.controller.testing;

import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link View} over a map that behaves like the API server where the reconcilers can tell: uids
 * and increasing resourceVersions are assigned, an update with a stale resourceVersion or a create
 * of an existing name is refused (409). Objects are copied in and out, as the wire does.
 */
public final class MapView implements View {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** A 409: the write lost a race or the object exists. */
  public static final class Conflict extends RuntimeException {
    Conflict(String m) {
      super(m);
    }
  }

  private final Map<String, HasMetadata> objects = new TreeMap<>();
  private final AtomicLong version = new AtomicLong(100);
  private final List<Write> log = new ArrayList<>();

  private static String key(Class<?> type, String ns, String name) {
    return type.getName() + "|" + (ns == null ? "" : ns) + "|" + name;
  }

  private static String key(HasMetadata o) {
    return key(o.getClass(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /**
   * Adds or replaces {@code o} as a user would (kubectl apply), assigning uid and resourceVersion.
   */
  public synchronized <T extends HasMetadata> T put(T o) {
    T c = JSON.clone(o);
    HasMetadata old = objects.get(key(c));
    if (c.getMetadata().getUid() == null) {
      c.getMetadata()
          .setUid(old != null ? old.getMetadata().getUid() : UUID.randomUUID().toString());
    }
    c.getMetadata().setResourceVersion(Long.toString(version.incrementAndGet()));
    objects.put(key(c), c);
    return JSON.clone(c);
  }

  public synchronized void remove(Class<? extends HasMetadata> type, String ns, String name) {
    objects.remove(key(type, ns, name));
  }

  /** Makes {@code w} as the API server would. */
  public synchronized void apply(Write w) {
    HasMetadata o = w.object();
    HasMetadata old = objects.get(key(o));
    if (w instanceof Write.Create) {
      if (old != null) {
        throw new Conflict(o.getKind() + " " + o.getMetadata().getName() + " already exists");
      }
      HasMetadata n = JSON.clone(o);
      n.getMetadata().setUid(UUID.randomUUID().toString());
      n.getMetadata().setResourceVersion(Long.toString(version.incrementAndGet()));
      objects.put(key(n), n);
    } else if (w instanceof Write.Update || w instanceof Write.Patch) {
      if (old == null
          || !old.getMetadata().getResourceVersion().equals(o.getMetadata().getResourceVersion())) {
        throw new Conflict(
            o.getKind() + " " + o.getMetadata().getName() + ": stale resourceVersion");
      }
      HasMetadata n = JSON.clone(o);
      n.getMetadata().setResourceVersion(Long.toString(version.incrementAndGet()));
      objects.put(key(n), n);
    } else {
      objects.remove(key(o));
    }
    log.add(w);
  }

  /** Every write applied so far, oldest first. */
  public synchronized List<Write> writes() {
    return List.copyOf(log);
  }

  @Override
  public synchronized <T extends HasMetadata> Optional<T> get(
      Class<T> type, String namespace, String name) {
    return Optional.ofNullable(objects.get(key(type, namespace, name)))
        .map(o -> JSON.clone(type.cast(o)));
  }

  @Override
  public synchronized <T extends HasMetadata> Collection<T> list(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (HasMetadata o : objects.values()) {
      if (type.isInstance(o)) {
        out.add(JSON.clone(type.cast(o)));
      }
    }
    return out;
  }

  @Override
  public synchronized <T extends HasMetadata> Collection<T> list(Class<T> type, String namespace) {
    List<T> out = new ArrayList<>();
    for (T o : list(type)) {
      if (namespace.equals(o.getMetadata().getNamespace())) {
        out.add(o);
      }
    }
    return out;
  }
}
