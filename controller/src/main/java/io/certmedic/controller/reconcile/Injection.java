package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.certmedic.core.link.Injectors;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the trust bundle in every object annotated {@code certmedic.io/inject-cabundle: "true"}
 * (certmedic's CA bundle) or {@code certmedic.io/inject-cabundle-from: ns/secret} (that Secret's
 * {@code ca.crt}). Writes only when the certificates differ; an object another injector also claims
 * is left alone and reported.
 */
public final class Injection implements Reconciler {

  /** The kinds this reconciler is keyed by (ConfigMaps go through {@link ConfigMaps}). */
  public static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "ValidatingWebhookConfiguration", ValidatingWebhookConfiguration.class,
          "MutatingWebhookConfiguration", MutatingWebhookConfiguration.class,
          "CustomResourceDefinition", CustomResourceDefinition.class,
          "APIService", APIService.class);

  private final ControllerOptions options;

  public Injection(ControllerOptions options) {
    this.options = requireNonNull(options, "options == null");
  }

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    Class<? extends HasMetadata> type = KINDS.get(key.kind());
    if (type == null) {
      return Result.NOTHING;
    }
    Optional<? extends HasMetadata> o = view.get(type, "", key.name());
    return o.map(obj -> inject(obj, view)).orElse(Result.NOTHING);
  }

  /** True when {@code o} asks certmedic for a bundle. */
  static boolean wants(HasMetadata o) {
    return Annotations.isTrue(KubeObjects.annotation(o, Annotations.INJECT_CABUNDLE))
        || KubeObjects.annotation(o, Annotations.INJECT_CABUNDLE_FROM) != null;
  }

  /**
   * The writes and problems that bring {@code o}'s bundles in line; shared with {@link ConfigMaps}.
   */
  Result inject(HasMetadata o, View view) {
    if (!wants(o)) {
      return Result.NOTHING;
    }
    List<String> others = otherInjectors(o);
    if (!others.isEmpty()) {
      return Result.problem(
          o,
          "InjectionConflict",
          "INJECTION_CONFLICT: "
              + KubeObjects.describe(o)
              + " asks certmedic for a caBundle but is also claimed by "
              + String.join(" and ", others)
              + "; certmedic leaves it alone so the two never overwrite each other: remove one of the annotations");
    }
    Desired want = desired(o, view);
    if (want == Desired.WAIT_FOR_CA) {
      // first start: the CA reconciler is creating it, and its creation routes here again
      return Result.NOTHING.requeueAfter(ServingCerts.WAIT_FOR_CA);
    }
    if (!want.problem().isEmpty()) {
      return Result.problem(o, want.reason(), want.problem());
    }
    InjectionTarget t = InjectionTarget.of(o).orElseThrow();
    String unusable = t.unusable();
    if (!unusable.isEmpty()) {
      return Result.problem(o, "InjectionNotPossible", unusable);
    }
    Set<String> wanted = Bundles.fingerprints(want.pem());
    boolean differs = false;
    for (byte[] have : t.current()) {
      Set<String> h = have.length == 0 ? Set.of() : Bundles.fingerprints(have);
      if (!wanted.equals(h)) {
        differs = true;
        break;
      }
    }
    if (!differs) {
      return Result.NOTHING;
    }
    return Result.writes(
        List.of(
            new Write.Update(
                t.withBundle(want.pem()),
                "CABundleInjected",
                "injected the trust bundle from "
                    + want.source()
                    + " ("
                    + wanted.size()
                    + " CA"
                    + (wanted.size() == 1 ? "" : "s")
                    + ") into "
                    + KubeObjects.describe(o))));
  }

  /** The bundle {@code o} should hold and where it comes from, or a problem. */
  record Desired(byte[] pem, String source, String reason, String problem) {
    /**
     * The CA Secret does not exist yet: nothing is wrong, so nothing is reported (no Warning on
     * every target at install).
     */
    static final Desired WAIT_FOR_CA = new Desired(new byte[0], "", "", "");

    static Desired problem(String reason, String problem) {
      return new Desired(new byte[0], "", reason, problem);
    }
  }

  Desired desired(HasMetadata o, View view) {
    String from = KubeObjects.annotation(o, Annotations.INJECT_CABUNDLE_FROM);
    if (from != null) {
      String[] parts = from.trim().split("/", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        return Desired.problem(
            "InvalidAnnotation",
            "annotation "
                + Annotations.INJECT_CABUNDLE_FROM
                + "=\""
                + from
                + "\" on "
                + KubeObjects.describe(o)
                + " is not of the form namespace/secret-name; fix it with kubectl annotate --overwrite");
      }
      Optional<Secret> s = view.get(Secret.class, parts[0].trim(), parts[1].trim());
      if (s.isEmpty()) {
        return Desired.problem(
            "InjectionSourceMissing",
            "INJECTION_SOURCE_MISSING: "
                + KubeObjects.describe(o)
                + " asks for the ca.crt of Secret "
                + from.trim()
                + ", which does not exist; create it or fix the annotation "
                + Annotations.INJECT_CABUNDLE_FROM);
      }
      byte[] ca = KubeObjects.data(s.get()).get("ca.crt");
      Set<String> fp = ca == null || ca.length == 0 ? null : Bundles.fingerprints(ca);
      if (fp == null || fp.isEmpty()) {
        return Desired.problem(
            "InjectionSourceMissing",
            "INJECTION_SOURCE_MISSING: Secret "
                + from.trim()
                + ", named by "
                + KubeObjects.describe(o)
                + ", has no ca.crt holding PEM certificates; nothing was injected");
      }
      return new Desired(ca, "Secret " + from.trim(), "", "");
    }
    CaSource.Read ca = CaSource.read(view, options);
    if (ca.state().isEmpty()) {
      return ca.problem().isEmpty()
          ? Desired.WAIT_FOR_CA
          : Desired.problem("CANotReady", ca.problem());
    }
    return new Desired(ca.state().get().bundlePem(), "the certmedic CA", "", "");
  }

  /** Other injectors that claim {@code o}, described; empty when certmedic is alone. */
  static List<String> otherInjectors(HasMetadata o) {
    List<String> out = new ArrayList<>();
    for (String a : List.of(Injectors.CM_FROM, Injectors.CM_FROM_SECRET)) {
      if (KubeObjects.annotation(o, a) != null) {
        out.add("cert-manager's cainjector (" + a + ")");
      }
    }
    if (Annotations.isTrue(KubeObjects.annotation(o, Injectors.CM_APISERVER))) {
      out.add("cert-manager's cainjector (" + Injectors.CM_APISERVER + ")");
    }
    if (Annotations.isTrue(KubeObjects.annotation(o, Injectors.OPENSHIFT))) {
      out.add("OpenShift's service-ca operator (" + Injectors.OPENSHIFT + ")");
    }
    return out;
  }
}
