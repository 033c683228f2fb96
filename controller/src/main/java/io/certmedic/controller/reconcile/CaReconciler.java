package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Key;
import io.certmedic.controller.engine.Reconciler;
import io.certmedic.controller.engine.Result;
import io.certmedic.controller.engine.View;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.rotation.CaRotation;
import io.certmedic.controller.rotation.CaSecret;
import io.certmedic.controller.rotation.CaState;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.x509.CertFacts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the CA Secret: creates the CA, and steps its rotation when time and the caches allow (every
 * bundle holds the new CA before it signs; the old one leaves bundles only when nothing it signed
 * is in a Secret any more, plus the propagation delay for pods to catch up).
 */
public final class CaReconciler implements Reconciler {

  private final ControllerOptions options;
  private final SecureRandom random;

  /**
   * What each object version (a serving Secret, a bundle target) says against a CA and bundle, by
   * "uid/resourceVersion/CA serial/bundle": the CA key is reconciled after every such change, and
   * parsing every bundle and verifying every leaf each time cost 1.5 s a run at 1,300 Secrets and
   * 1,300 webhooks (CaFactsBench; 30 ms with this). Holds only the last run's entries, so it never
   * outgrows the cluster.
   */
  private volatile Map<String, Verdict> verdicts = Map.of();

  /**
   * An object's part in {@link CaRotation.Facts}; a bundle target is never "signed by" anything, so
   * true.
   */
  private record Verdict(boolean holdsBundle, boolean signedByCurrent) {}

  public CaReconciler(ControllerOptions options, SecureRandom random) {
    this.options = requireNonNull(options, "options == null");
    this.random = requireNonNull(random, "random == null");
  }

  /** The CA Secret's key: the one key of kind Secret the engine routes here. */
  public Key key() {
    return new Key("Secret", options.namespace(), options.caSecretName());
  }

  public CaRotation.Timing timing() {
    return new CaRotation.Timing(
        options.caLifetime(),
        options.caRotationFraction(),
        options.propagationDelay(),
        options.keyType(),
        "certmedic-ca " + options.namespace());
  }

  @Override
  public Result reconcile(Key key, View view, Instant now) {
    if (!key.equals(key())) {
      return Result.NOTHING; // a serving Secret's own event: its Service is routed separately
    }
    CaSource.Read read = CaSource.read(view, options);
    if (read.secret().isPresent() && read.state().isEmpty()) {
      return Result.problem(read.secret().get(), "CASecretUnreadable", read.problem());
    }
    CaRotation.Facts facts =
        read.state().map(st -> facts(st, view)).orElse(new CaRotation.Facts(true, false));
    CaRotation.Step step = CaRotation.step(read.state(), facts, timing(), now, random);
    Duration next = Duration.between(now, step.nextCheck());
    Optional<Duration> requeue = Optional.of(next.isNegative() ? Duration.ZERO : next);
    if (!step.changed()) {
      return new Result(List.of(), requeue, List.of());
    }
    CaSecret.Content content = CaSecret.encode(step.state());
    Secret s;
    if (read.secret().isPresent()) {
      s = KubeObjects.copy(read.secret().get());
      s.setData(KubeObjects.encode(content.data()));
      Map<String, String> ann = KubeObjects.mutableAnnotations(s.getMetadata());
      ann.keySet()
          .removeIf(k -> k.startsWith("certmedic.io/ca-") && !content.annotations().containsKey(k));
      ann.putAll(content.annotations());
      return new Result(
          List.of(new Write.Update(s, "CARotation", step.event())), requeue, List.of());
    }
    s =
        new SecretBuilder()
            .withNewMetadata()
            .withName(options.caSecretName())
            .withNamespace(options.namespace())
            .withLabels(Map.of(Annotations.MANAGED_LABEL, Annotations.TRUE))
            .withAnnotations(new LinkedHashMap<>(content.annotations()))
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(KubeObjects.encode(content.data()))
            .build();
    return new Result(List.of(new Write.Create(s, "CACreated", step.event())), requeue, List.of());
  }

  /**
   * What rotation waits on, read from the caches. Each object version is judged once per CA and
   * bundle (see {@link #verdicts}); a changed object has a new resourceVersion and is judged
   * afresh.
   */
  CaRotation.Facts facts(CaState state, View view) {
    List<X509Certificate> bundle = state.bundle();
    X509Certificate ca = state.signer().certificate();
    Judge judge =
        new Judge(
            verdicts,
            ca.getSerialNumber() + "/" + bundle.stream().map(Bundles::fingerprint).toList());
    boolean current = true;
    for (Class<? extends HasMetadata> type : Injection.KINDS.values()) {
      for (HasMetadata o : view.list(type)) {
        if (ownBundle(o)) {
          current &=
              judge
                  .of(
                      o,
                      () -> {
                        var t = InjectionTarget.of(o).orElseThrow();
                        // an unusable target is reported elsewhere: there is nothing certmedic can
                        // put there
                        return new Verdict(
                            !t.unusable().isEmpty()
                                || t.current().stream()
                                    .allMatch(have -> Bundles.holdsAll(have, bundle)),
                            true);
                      })
                  .holdsBundle();
        }
      }
    }
    for (ConfigMap c : view.list(ConfigMap.class)) {
      if (ownBundle(c) || ConfigMaps.sourceOf(c) != null && copiesOwnBundle(c, view)) {
        current &=
            judge
                .of(
                    c,
                    () -> {
                      String have =
                          c.getData() == null
                              ? null
                              : c.getData().get(Annotations.CONFIGMAP_BUNDLE_KEY);
                      return new Verdict(
                          Bundles.holdsAll(
                              have == null
                                  ? new byte[0]
                                  : have.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                              bundle),
                          true);
                    })
                .holdsBundle();
      }
    }
    boolean oldServed = false;
    for (Secret s : view.list(Secret.class)) {
      if (!ServingCerts.managed(s)
          || KubeObjects.annotation(s, Annotations.ORIGINATING_SERVICE_UID) == null) {
        continue; // the CA Secret itself, or not a serving Secret
      }
      Verdict v =
          judge.of(
              s,
              () -> {
                Map<String, byte[]> data = KubeObjects.data(s);
                return new Verdict(
                    Bundles.holdsAll(data.get("ca.crt"), bundle),
                    signedBy(data.get("tls.crt"), ca));
              });
      current &= v.holdsBundle();
      oldServed |= !v.signedByCurrent();
    }
    verdicts = judge.seen;
    return new CaRotation.Facts(current, oldServed);
  }

  /** Looks verdicts up by "uid/resourceVersion/CA and bundle", keeping the ones this run used. */
  private static final class Judge {
    private final Map<String, Verdict> before;
    private final String against;
    private final Map<String, Verdict> seen = new java.util.HashMap<>();

    Judge(Map<String, Verdict> before, String against) {
      this.before = before;
      this.against = against;
    }

    Verdict of(HasMetadata o, java.util.function.Supplier<Verdict> judge) {
      var m = o.getMetadata();
      if (m.getUid() == null || m.getResourceVersion() == null) {
        return judge.get(); // not from an API server: nothing identifies this version
      }
      String version = m.getUid() + "/" + m.getResourceVersion() + "/" + against;
      Verdict v = before.get(version);
      if (v == null) {
        v = judge.get();
      }
      seen.put(version, v);
      return v;
    }
  }

  /**
   * Annotated for certmedic's own bundle (not inject-cabundle-from, not claimed by another
   * injector).
   */
  private static boolean ownBundle(HasMetadata o) {
    return Annotations.isTrue(KubeObjects.annotation(o, Annotations.INJECT_CABUNDLE))
        && KubeObjects.annotation(o, Annotations.INJECT_CABUNDLE_FROM) == null
        && Injection.otherInjectors(o).isEmpty();
  }

  private static boolean copiesOwnBundle(ConfigMap copy, View view) {
    String[] src = ConfigMaps.sourceOf(copy).split("/", 2);
    return src.length == 2
        && view.get(ConfigMap.class, src[0], src[1]).filter(CaReconciler::ownBundle).isPresent();
  }

  /**
   * True when the leaf in {@code pem} was issued by {@code ca}: same issuer name and an Authority
   * Key Identifier equal to the CA's Subject Key Identifier (every certmedic CA has its own key and
   * name), or, when either identifier is missing, a valid signature. The identifiers say which CA a
   * leaf claims, and that is what rotation must know: a leaf claiming the current CA with a bad
   * signature is broken whatever the bundles hold. Verifying each signature cost more than issuing
   * the leaf (JDK 17's P-256). An unreadable leaf counts as not issued by it.
   */
  static boolean signedBy(byte[] pem, X509Certificate ca) {
    if (pem == null || pem.length == 0) {
      return false;
    }
    try {
      X509Certificate leaf = PemReader.readCertificates(pem, "tls.crt").get(0);
      if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
        return false;
      }
      String claimed = CertFacts.authorityKeyId(leaf);
      String actual = CertFacts.subjectKeyId(ca);
      if (!claimed.isEmpty() && !actual.isEmpty()) {
        return claimed.equals(actual);
      }
      leaf.verify(ca.getPublicKey());
      return true;
    } catch (CertParseException
        | java.security.GeneralSecurityException
        | IndexOutOfBoundsException e) {
      return false;
    }
  }
}
