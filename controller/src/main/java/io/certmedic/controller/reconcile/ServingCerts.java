package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.rotation.CaState;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.reissue.ReissueChain;
import io.certmedic.core.reissue.ReissueDecision;
import io.certmedic.core.reissue.ReissueReason;
import io.certmedic.core.snapshot.ObjectNames;
import io.certmedic.core.text.Shell;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the Secret a Service names in {@code certmedic.io/serving-cert-secret-name} holding a
 * serving certificate for every name the Service is dialled by, signed by the current CA, with the
 * current trust bundle as {@code ca.crt}. The reissue chain decides; a Secret that exists but is
 * not certmedic's is never overwritten.
 */
public final class ServingCerts implements Reconciler {

  /** While the CA Secret does not exist yet, look again this soon (its creation also requeues). */
  static final Duration WAIT_FOR_CA = Duration.ofSeconds(5);

  private final ControllerOptions options;
  private final SecureRandom random;

  public ServingCerts(ControllerOptions options, SecureRandom random) {
    this.options = requireNonNull(options, "options == null");
    this.random = requireNonNull(random, "random == null");
  }

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    Optional<Service> found = view.get(Service.class, key.namespace(), key.name());
    if (found.isEmpty()) {
      return Result.NOTHING; // deleted: the Secret goes with it (owner reference)
    }
    Service svc = found.get();
    String secretName = KubeObjects.annotation(svc, Annotations.SERVING_CERT_SECRET_NAME);
    if (secretName == null) {
      return Result.NOTHING;
    }
    secretName = secretName.trim();
    if (!ObjectNames.isDnsSubdomain(secretName)) {
      return Result.problem(
          svc,
          "InvalidAnnotation",
          "annotation "
              + Annotations.SERVING_CERT_SECRET_NAME
              + "=\""
              + secretName
              + "\" on Service "
              + key.namespace()
              + "/"
              + key.name()
              + " is not a valid Secret name (lower-case letters, digits, '-' and '.'); "
              + "fix it with kubectl annotate --overwrite service -n "
              + Shell.quote(key.namespace())
              + " "
              + Shell.quote(key.name())
              + " "
              + Annotations.SERVING_CERT_SECRET_NAME
              + "=<secret-name>");
    }
    if ("ExternalName".equals(svc.getSpec() == null ? null : svc.getSpec().getType())) {
      return Result.problem(
          svc,
          "InvalidAnnotation",
          "Service "
              + key.namespace()
              + "/"
              + key.name()
              + " is of type ExternalName: nothing in the cluster serves it, so certmedic issues no serving certificate for it");
    }
    CaSource.Read ca = CaSource.read(view, options);
    if (ca.state().isEmpty()) {
      return Result.NOTHING.requeueAfter(WAIT_FOR_CA);
    }
    CaState state = ca.state().get();
    Optional<Secret> existing = view.get(Secret.class, key.namespace(), secretName);
    if (existing.isPresent() && !managed(existing.get())) {
      return Result.problem(
          svc,
          "SecretNotManaged",
          "Secret "
              + key.namespace()
              + "/"
              + secretName
              + " exists and was not issued by certmedic (no label "
              + Annotations.MANAGED_LABEL
              + "=true); certmedic will not overwrite it: delete it, or name another Secret in "
              + Annotations.SERVING_CERT_SECRET_NAME);
    }
    if (existing.isPresent()) {
      String owner = KubeObjects.annotation(existing.get(), Annotations.ORIGINATING_SERVICE_NAME);
      if (owner != null
          && !owner.equals(key.name())
          && claims(view.get(Service.class, key.namespace(), owner), secretName)) {
        return Result.problem(
            svc,
            "SecretClaimed",
            "Services "
                + key.namespace()
                + "/"
                + owner
                + " and "
                + key.namespace()
                + "/"
                + key.name()
                + " both name Secret "
                + secretName
                + " in "
                + Annotations.SERVING_CERT_SECRET_NAME
                + "; it stays with "
                + owner
                + ": give each Service its own Secret");
      }
    }
    List<String> names = wantedNames(svc);
    Map<String, byte[]> data = existing.map(KubeObjects::data).orElse(null);
    ReissueDecision d =
        ReissueChain.evaluate(
            data, names, state.signer().certificate(), options.renewalFraction(), now);
    byte[] bundle = state.bundlePem();
    if (d.reissue()) {
      return issue(svc, secretName, existing, d, state, names, now);
    }
    Duration untilRenewal = Duration.between(now, d.renewAt());
    Result keep =
        Result.NOTHING.requeueAfter(untilRenewal.isNegative() ? Duration.ZERO : untilRenewal);
    boolean bundleDiffers = !Arrays.equals(data.get("ca.crt"), bundle);
    boolean ownerDiffers =
        !svc.getMetadata()
            .getUid()
            .equals(KubeObjects.annotation(existing.get(), Annotations.ORIGINATING_SERVICE_UID));
    if (!bundleDiffers && !ownerDiffers) {
      return keep;
    }
    Secret s = KubeObjects.copy(existing.get());
    List<String> what = new java.util.ArrayList<>();
    if (bundleDiffers) {
      Map<String, String> encoded = new LinkedHashMap<>(s.getData());
      encoded.put("ca.crt", KubeObjects.encode(bundle));
      s.setData(encoded);
      what.add(
          "ca.crt to the current trust bundle ("
              + state.bundle().size()
              + " CA"
              + (state.bundle().size() == 1 ? "" : "s")
              + ")");
    }
    if (ownerDiffers) {
      own(
          s,
          svc); // a Service deleted and re-created under its name: the Secret follows the new one
      what.add(
          "its owner to Service "
              + key.namespace()
              + "/"
              + key.name()
              + " (uid "
              + svc.getMetadata().getUid()
              + ")");
    }
    return new Result(
        List.of(
            new Write.Update(
                s,
                bundleDiffers ? "TrustBundleUpdated" : "OwnerUpdated",
                "updated Secret "
                    + key.namespace()
                    + "/"
                    + secretName
                    + ": "
                    + String.join(" and ", what))),
        keep.requeueAfter(),
        List.of());
  }

  /** Every DNS name the Service is dialled by, as the reissue chain compares them. */
  List<String> wantedNames(Service svc) {
    boolean headless = svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
    return ServiceNames.of(
        svc.getMetadata().getName(),
        svc.getMetadata().getNamespace(),
        options.clusterDomain(),
        headless);
  }

  /**
   * Marks {@code s} as certmedic's, serving {@code svc}, and owned by it (so it goes when the
   * Service goes).
   */
  private static void own(Secret s, Service svc) {
    ObjectMeta m = s.getMetadata();
    KubeObjects.mutableLabels(m).put(Annotations.MANAGED_LABEL, Annotations.TRUE);
    Map<String, String> ann = KubeObjects.mutableAnnotations(m);
    ann.put(Annotations.ORIGINATING_SERVICE_UID, svc.getMetadata().getUid());
    ann.put(Annotations.ORIGINATING_SERVICE_NAME, svc.getMetadata().getName());
    m.setOwnerReferences(
        List.of(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Service")
                .withName(svc.getMetadata().getName())
                .withUid(svc.getMetadata().getUid())
                .build()));
  }

  private static boolean claims(Optional<Service> svc, String secretName) {
    return svc.map(x -> KubeObjects.annotation(x, Annotations.SERVING_CERT_SECRET_NAME))
        .map(String::trim)
        .filter(secretName::equals)
        .isPresent();
  }

  static boolean managed(Secret s) {
    return Annotations.isTrue(KubeObjects.label(s, Annotations.MANAGED_LABEL));
  }

  private Result issue(
      Service svc,
      String secretName,
      Optional<Secret> existing,
      ReissueDecision d,
      CaState state,
      List<String> names,
      Instant now) {
    ReissueReason reason = d.reason().orElseThrow();
    boolean headless = svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
    ServingCertRequest req =
        ServingCertRequest.forService(svc.getMetadata().getName(), svc.getMetadata().getNamespace())
            .withClusterDomain(options.clusterDomain())
            .withHeadless(headless)
            .withKeyType(options.keyType())
            .withLifetime(options.certLifetime());
    IssuedCertificate cert = Issuer.serving(state.signer(), req, now, random);
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put(
        "tls.crt", PemWriter.certificate(cert.certificate()).getBytes(StandardCharsets.US_ASCII));
    data.put(
        "tls.key", PemWriter.privateKey(cert.privateKey()).getBytes(StandardCharsets.US_ASCII));
    data.put("ca.crt", state.bundlePem());
    Secret s;
    if (existing.isPresent()) {
      s = KubeObjects.copy(existing.get());
      Map<String, String> keep = new LinkedHashMap<>(s.getData() == null ? Map.of() : s.getData());
      keep.putAll(KubeObjects.encode(data)); // keys users added beside ours stay
      s.setData(keep);
      s.setStringData(null);
    } else {
      s =
          new SecretBuilder()
              .withNewMetadata()
              .withName(secretName)
              .withNamespace(svc.getMetadata().getNamespace())
              .endMetadata()
              .withType("kubernetes.io/tls")
              .withData(KubeObjects.encode(data))
              .build();
    }
    own(s, svc);
    KubeObjects.mutableAnnotations(s.getMetadata()).put(Annotations.ISSUE_REASON, reason.name());
    Instant notAfter = cert.certificate().getNotAfter().toInstant();
    Instant notBefore = cert.certificate().getNotBefore().toInstant();
    Instant renewAt =
        notBefore.plusMillis(
            (long) (Duration.between(notBefore, notAfter).toMillis() * options.renewalFraction()));
    String what =
        (existing.isPresent() ? "reissued" : "issued")
            + " Secret "
            + svc.getMetadata().getNamespace()
            + "/"
            + secretName
            + " for Service "
            + svc.getMetadata().getNamespace()
            + "/"
            + svc.getMetadata().getName()
            + " ("
            + reason.name()
            + ": "
            + d.message()
            + "); names "
            + String.join(", ", names)
            + "; valid until "
            + notAfter
            + ", renews at "
            + renewAt;
    Write w =
        existing.isPresent()
            ? new Write.Update(s, "Reissued", what)
            : new Write.Create(s, "Issued", what);
    Duration next = Duration.between(now, renewAt);
    return new Result(List.of(w), Optional.of(next.isNegative() ? Duration.ZERO : next), List.of());
  }
}
