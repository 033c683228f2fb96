package io.certmedic.controller.engine;

import io.certmedic.controller.Annotations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small stand-in for the serving-cert reconciler: a Service annotated with {@code
 * serving-cert-secret-name} gets a labelled Secret of that name holding {@code tls.crt =
 * <content>}; a Secret whose content differs is updated. Pure, except for the test's {@link
 * #before} hook, which runs after the view was read.
 */
final class FakeServing implements Reconciler {

  static final String ISSUED = "Issued";
  static final String REISSUED = "Reissued";

  /**
   * Runs after the reconciler read the view and before it returns: to throw, or to change the
   * cluster behind its back.
   */
  interface Hook {
    void run(int call, Key key);
  }

  final AtomicInteger calls = new AtomicInteger();
  final AtomicReference<String> content = new AtomicReference<>("cert-1");
  volatile Hook before = (call, key) -> {};

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String secretName(Service s) {
    Map<String, String> a = s.getMetadata().getAnnotations();
    return a == null ? null : a.get(Annotations.SERVING_CERT_SECRET_NAME);
  }

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    int call = calls.incrementAndGet();
    Optional<Service> service = view.get(Service.class, key.namespace(), key.name());
    if (service.isEmpty() || secretName(service.get()) == null) {
      before.run(call, key);
      return Result.NOTHING;
    }
    Service svc = service.get();
    String name = secretName(svc);
    Optional<Secret> current = view.get(Secret.class, key.namespace(), name);
    Map<String, String> data = Map.of("tls.crt", b64(content.get()));
    before.run(call, key);
    if (current.isEmpty()) {
      Secret s =
          new SecretBuilder()
              .withNewMetadata()
              .withNamespace(key.namespace())
              .withName(name)
              .addToLabels(Annotations.MANAGED_LABEL, Annotations.TRUE)
              .addToAnnotations(Annotations.ORIGINATING_SERVICE_NAME, svc.getMetadata().getName())
              .addToAnnotations(Annotations.ORIGINATING_SERVICE_UID, svc.getMetadata().getUid())
              .endMetadata()
              .withType("kubernetes.io/tls")
              .withData(data)
              .build();
      return Result.writes(
          List.of(
              new Write.Create(s, ISSUED, "issued Secret " + name + " for Service " + key.name())));
    }
    if (!data.equals(current.get().getData())) {
      Secret s = new SecretBuilder(current.get()).withData(data).build();
      return Result.writes(
          List.of(
              new Write.Update(
                  s, REISSUED, "reissued Secret " + name + " for Service " + key.name())));
    }
    return Result.NOTHING;
  }

  /** Services that ask for a cert map to themselves; issued Secrets map back to their Service. */
  static final class Routes implements Router {
    @Override
    public Collection<Key> keysFor(HasMetadata o, View view) {
      Map<String, String> a = o.getMetadata().getAnnotations();
      if (o instanceof Service s && secretName(s) != null) {
        return List.of(Key.of(s));
      }
      if (o instanceof Secret && a != null && a.containsKey(Annotations.ORIGINATING_SERVICE_NAME)) {
        return List.of(
            new Key(
                "Service",
                o.getMetadata().getNamespace(),
                a.get(Annotations.ORIGINATING_SERVICE_NAME)));
      }
      return List.of();
    }

    @Override
    public Collection<Key> allKeys(View view) {
      List<Key> out = new ArrayList<>();
      for (Service s : view.list(Service.class)) {
        if (secretName(s) != null) {
          out.add(Key.of(s));
        }
      }
      return out;
    }
  }
}
