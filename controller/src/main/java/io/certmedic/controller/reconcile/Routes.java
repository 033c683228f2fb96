package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.View;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which keys a change to an object makes due: the object itself when it asks for something, the
 * Service behind a Secret certmedic issued, the source of a bundle copy, the workloads mounting a
 * rotated Secret, and the CA (whose rotation waits on bundles and Secrets). A change to the CA
 * Secret makes everything due.
 */
public final class Routes implements io.certmedic.controller.engine.Router {

  private final ControllerOptions options;
  private final Key ca;

  public Routes(ControllerOptions options) {
    this.options = requireNonNull(options, "options == null");
    this.ca = new Key("Secret", options.namespace(), options.caSecretName());
  }

  /** The reconcilers by the kind of key they take. */
  public static Map<String, io.certmedic.controller.engine.Reconciler> reconcilers(
      ControllerOptions options, java.security.SecureRandom random) {
    Injection injection = new Injection(options);
    Restarts restarts = new Restarts();
    Map<String, io.certmedic.controller.engine.Reconciler> m = new java.util.HashMap<>();
    m.put("Service", new ServingCerts(options, random));
    m.put("Secret", new CaReconciler(options, random));
    m.put("ConfigMap", new ConfigMaps(injection));
    Injection.KINDS.keySet().forEach(k -> m.put(k, injection));
    Restarts.KINDS.keySet().forEach(k -> m.put(k, restarts));
    return Map.copyOf(m);
  }

  @Override
  public Collection<Key> keysFor(HasMetadata o, View view) {
    Set<Key> out = new LinkedHashSet<>();
    String ns = KubeObjects.namespace(o);
    String name = o.getMetadata().getName();
    if (o instanceof Secret s) {
      if (ns.equals(options.namespace()) && name.equals(options.caSecretName())) {
        return allKeys(view);
      }
      String svc = KubeObjects.annotation(s, Annotations.ORIGINATING_SERVICE_NAME);
      if (ServingCerts.managed(s) && svc != null) {
        out.add(new Key("Service", ns, svc));
        out.add(ca);
        for (Class<? extends HasMetadata> type : Restarts.KINDS.values()) {
          for (HasMetadata w : view.list(type, ns)) {
            if (Annotations.isTrue(KubeObjects.annotation(w, Annotations.RESTART_ON_ROTATION))
                && Restarts.mountedSecrets(Restarts.template(w)).contains(name)) {
              out.add(Key.of(w));
            }
          }
        }
      }
      String ref = ns + "/" + name;
      for (HasMetadata t : injectionTargets(view)) {
        String from = KubeObjects.annotation(t, Annotations.INJECT_CABUNDLE_FROM);
        if (from != null && from.trim().equals(ref)) {
          out.add(Key.of(t));
        }
      }
      return out;
    }
    if (o instanceof Service) {
      if (KubeObjects.annotation(o, Annotations.SERVING_CERT_SECRET_NAME) != null) {
        out.add(Key.of(o));
      }
      return out;
    }
    if (o instanceof ConfigMap c) {
      if (Injection.wants(c)
          || Annotations.isTrue(KubeObjects.annotation(c, Annotations.DISTRIBUTE))) {
        out.add(Key.of(c));
        out.add(ca);
      }
      String src = ConfigMaps.sourceOf(c);
      if (src != null && src.contains("/")) {
        String[] p = src.split("/", 2);
        out.add(new Key("ConfigMap", p[0], p[1]));
        out.add(ca);
      }
      return out;
    }
    if (o instanceof Namespace) {
      for (ConfigMap c : view.list(ConfigMap.class)) {
        if (Annotations.isTrue(KubeObjects.annotation(c, Annotations.DISTRIBUTE))) {
          out.add(Key.of(c));
        }
      }
      return out;
    }
    if (Injection.KINDS.containsKey(o.getKind())) {
      if (Injection.wants(o)) {
        out.add(Key.of(o));
        out.add(ca);
      }
      return out;
    }
    if (Restarts.KINDS.containsKey(o.getKind())
        && Annotations.isTrue(KubeObjects.annotation(o, Annotations.RESTART_ON_ROTATION))) {
      out.add(Key.of(o));
    }
    return out;
  }

  /** Every key that asks for something, and the CA: what a new leader reconciles first. */
  @Override
  public Collection<Key> allKeys(View view) {
    Set<Key> out = new LinkedHashSet<>();
    out.add(ca);
    for (Service s : view.list(Service.class)) {
      if (KubeObjects.annotation(s, Annotations.SERVING_CERT_SECRET_NAME) != null) {
        out.add(Key.of(s));
      }
    }
    for (HasMetadata t : injectionTargets(view)) {
      if (Injection.wants(t)) {
        out.add(Key.of(t));
      }
    }
    for (ConfigMap c : view.list(ConfigMap.class)) {
      if (Annotations.isTrue(KubeObjects.annotation(c, Annotations.DISTRIBUTE))) {
        out.add(Key.of(c));
      }
    }
    for (Class<? extends HasMetadata> type : Restarts.KINDS.values()) {
      for (HasMetadata w : view.list(type)) {
        if (Annotations.isTrue(KubeObjects.annotation(w, Annotations.RESTART_ON_ROTATION))) {
          out.add(Key.of(w));
        }
      }
    }
    return out;
  }

  private static Collection<HasMetadata> injectionTargets(View view) {
    Set<HasMetadata> out = new LinkedHashSet<>();
    for (Class<? extends HasMetadata> type : Injection.KINDS.values()) {
      out.addAll(view.list(type));
    }
    for (ConfigMap c : view.list(ConfigMap.class)) {
      if (Injection.wants(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
