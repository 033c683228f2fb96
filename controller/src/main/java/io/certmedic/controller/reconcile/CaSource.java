package io.certmedic.controller.reconcile;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.rotation.CaSecret;
import io.certmedic.controller.rotation.CaState;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/** Reads the CA state from the CA Secret in the view. */
final class CaSource {

  /** The CA Secret is absent (not created yet), unreadable (a problem to report), or a state. */
  record Read(Optional<Secret> secret, Optional<CaState> state, String problem) {}

  /**
   * The last CA Secret version decoded: every reconcile reads the CA, and decoding derives keys
   * (about 1 ms).
   */
  private record Decoded(String version, CaState state) {}

  private static final java.util.concurrent.atomic.AtomicReference<Decoded> LAST =
      new java.util.concurrent.atomic.AtomicReference<>();

  private CaSource() {}

  static Read read(io.certmedic.controller.engine.View view, ControllerOptions options) {
    Optional<Secret> s = view.get(Secret.class, options.namespace(), options.caSecretName());
    if (s.isEmpty()) {
      return new Read(s, Optional.empty(), "");
    }
    Map<String, String> ann = s.get().getMetadata().getAnnotations();
    String version =
        s.get().getMetadata().getUid() + "/" + s.get().getMetadata().getResourceVersion();
    Decoded last = LAST.get();
    if (s.get().getMetadata().getResourceVersion() != null
        && last != null
        && last.version().equals(version)) {
      return new Read(s, Optional.of(last.state()), "");
    }
    try {
      CaState st =
          CaSecret.decode(
              new CaSecret.Content(KubeObjects.data(s.get()), ann == null ? Map.of() : ann));
      LAST.set(new Decoded(version, st));
      return new Read(s, Optional.of(st), "");
    } catch (IllegalArgumentException e) {
      return new Read(
          s,
          Optional.empty(),
          "the CA Secret "
              + options.namespace()
              + "/"
              + options.caSecretName()
              + " cannot be read: "
              + e.getMessage()
              + "; certmedic will not overwrite it: fix or delete it (a new CA is then made)");
    }
  }
}
