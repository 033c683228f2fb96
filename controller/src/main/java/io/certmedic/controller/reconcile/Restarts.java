package io.certmedic.controller.reconcile;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rolls a Deployment, StatefulSet or DaemonSet annotated {@code certmedic.io/restart-on-rotation}
 * after a certmedic Secret it mounts gets a new certificate, for servers that read their
 * certificate only at start (the KubeSphere incident). The workload remembers the digest of the
 * certificates it was rolled for; the first sight only records it, so annotating a workload never
 * restarts it by itself. Both writes are JSON Patches of two annotations guarded by the
 * resourceVersion (see {@link AnnotationPatch}): the controller needs {@code patch} on workloads,
 * never {@code update}.
 */
public final class Restarts implements Reconciler {

  /** The kinds this reconciler is keyed by. */
  public static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Deployment",
          Deployment.class,
          "StatefulSet",
          StatefulSet.class,
          "DaemonSet",
          DaemonSet.class);

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    Class<? extends HasMetadata> type = KINDS.get(key.kind());
    if (type == null) {
      return Result.NOTHING;
    }
    Optional<? extends HasMetadata> o = view.get(type, key.namespace(), key.name());
    if (o.isEmpty()
        || !Annotations.isTrue(KubeObjects.annotation(o.get(), Annotations.RESTART_ON_ROTATION))) {
      return Result.NOTHING;
    }
    HasMetadata w = o.get();
    TreeMap<String, String> certs = new TreeMap<>();
    for (String name : mountedSecrets(template(w))) {
      view.get(Secret.class, key.namespace(), name)
          .filter(ServingCerts::managed)
          .ifPresent(
              s ->
                  certs.put(
                      name, sha256(KubeObjects.data(s).getOrDefault("tls.crt", new byte[0]))));
    }
    if (certs.isEmpty()) {
      return Result.NOTHING;
    }
    String digest = sha256(certs.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    String seen = KubeObjects.annotation(w, Annotations.SERVING_CERT_DIGEST);
    if (digest.equals(seen)) {
      return Result.NOTHING;
    }
    HasMetadata c = KubeObjects.copy(w);
    KubeObjects.mutableAnnotations(c.getMetadata()).put(Annotations.SERVING_CERT_DIGEST, digest);
    AnnotationPatch patch =
        AnnotationPatch.of(w)
            .set("/metadata", w.getMetadata(), Annotations.SERVING_CERT_DIGEST, digest);
    if (seen == null) {
      return Result.writes(
          List.of(
              new Write.Patch(
                  c,
                  patch.json(),
                  "RotationTracked",
                  KubeObjects.describe(w)
                      + " mounts certmedic Secrets "
                      + String.join(", ", certs.keySet())
                      + "; it will be rolled when their certificates change")));
    }
    patch.set(
        "/spec/template/metadata",
        template(w).getMetadata(),
        Annotations.RESTARTED_AT,
        now.toString());
    PodTemplateSpec t = template(c);
    if (t.getMetadata() == null) {
      t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    KubeObjects.mutableAnnotations(t.getMetadata()).put(Annotations.RESTARTED_AT, now.toString());
    return Result.writes(
        List.of(
            new Write.Patch(
                c,
                patch.json(),
                "RolledForRotation",
                "rolled "
                    + KubeObjects.describe(w)
                    + " because the certificate in "
                    + String.join(", ", certs.keySet())
                    + " changed and its server reads certificates only at start")));
  }

  static PodTemplateSpec template(HasMetadata w) {
    if (w instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (w instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (w instanceof DaemonSet d) {
      return d.getSpec().getTemplate();
    }
    throw new IllegalArgumentException("not a workload: " + w.getKind());
  }

  /** The Secrets a pod template mounts, directly or through projected volumes. */
  static TreeSet<String> mountedSecrets(PodTemplateSpec t) {
    TreeSet<String> out = new TreeSet<>();
    if (t == null || t.getSpec() == null || t.getSpec().getVolumes() == null) {
      return out;
    }
    for (Volume v : t.getSpec().getVolumes()) {
      if (v.getSecret() != null && v.getSecret().getSecretName() != null) {
        out.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null && v.getProjected().getSources() != null) {
        for (VolumeProjection p : v.getProjected().getSources()) {
          if (p.getSecret() != null && p.getSecret().getName() != null) {
            out.add(p.getSecret().getName());
          }
        }
      }
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
