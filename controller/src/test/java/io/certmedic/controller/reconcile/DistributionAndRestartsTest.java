package io.certmedic.controller.reconcile;

import static io.certmedic.controller.testing.Objects8.annotatedService;
import static io.certmedic.controller.testing.Objects8.certs;
import static io.certmedic.controller.testing.Objects8.configMap;
import static io.certmedic.controller.testing.Objects8.deployment;
import static io.certmedic.controller.testing.Objects8.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.engine.Write;
import io.certmedic.controller.testing.MapView;
import io.certmedic.controller.testing.SyncEngine;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Trust distribution (the OKD incident's stale copy) and restart-on-rotation (the KubeSphere
 * incident).
 */
class DistributionAndRestartsTest {

  static final Instant NOW = TestPki.NOW;
  final MapView cluster = new MapView();
  final SyncEngine engine =
      new SyncEngine(cluster, ControllerOptions.defaults("certmedic", "test"), new SecureRandom());

  ConfigMap cm(String ns, String name) {
    return cluster.get(ConfigMap.class, ns, name).orElse(null);
  }

  void givenNamespacesAndABundleSource() {
    cluster.put(namespace("trust", Map.of()));
    cluster.put(namespace("team-a", Map.of("trust", "yes")));
    cluster.put(namespace("team-b", Map.of("trust", "yes")));
    cluster.put(namespace("legacy", Map.of()));
    cluster.put(
        configMap(
            "trust",
            "cluster-ca",
            Map.of(
                Annotations.INJECT_CABUNDLE,
                "true",
                Annotations.DISTRIBUTE,
                "true",
                Annotations.DISTRIBUTE_NAMESPACE_SELECTOR,
                "trust=yes"),
            Map.of()));
  }

  @Test
  void aDistributedBundleIsCopiedIntoEverySelectedNamespaceOnly() {
    givenNamespacesAndABundleSource();

    engine.converge(NOW);

    String source = cm("trust", "cluster-ca").getData().get(Annotations.CONFIGMAP_BUNDLE_KEY);
    assertThat(certs(source.getBytes(StandardCharsets.UTF_8))).hasSize(1);
    assertThat(cm("team-a", "cluster-ca").getData()).isEqualTo(cm("trust", "cluster-ca").getData());
    assertThat(cm("team-b", "cluster-ca").getData()).isEqualTo(cm("trust", "cluster-ca").getData());
    assertThat(cm("team-a", "cluster-ca").getMetadata().getAnnotations())
        .containsEntry(Annotations.DISTRIBUTED_FROM, "trust/cluster-ca");
    assertThat(cm("legacy", "cluster-ca")).isNull();
  }

  @Test
  void aStaleCopyIsBroughtBackToItsSource() {
    // Given a copy someone edited so it lacks the CA (OKD: a namespace's kube-root-ca.crt copy went
    // stale)
    givenNamespacesAndABundleSource();
    engine.converge(NOW);
    ConfigMap stale = cm("team-a", "cluster-ca");
    stale.setData(Map.of(Annotations.CONFIGMAP_BUNDLE_KEY, ""));
    cluster.put(stale);

    // When the copy's change reaches the controller
    List<Write> writes =
        engine.drain(
            new java.util.LinkedHashSet<>(
                new Routes(ControllerOptions.defaults("certmedic", "test"))
                    .keysFor(stale, cluster)),
            NOW);

    // Then it equals its source again, and the Event says what differed
    assertThat(cm("team-a", "cluster-ca").getData()).isEqualTo(cm("trust", "cluster-ca").getData());
    assertThat(writes)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .isEqualTo(
                        "updated ConfigMap team-a/cluster-ca to equal its source trust/cluster-ca (ca-bundle.crt differs)"));
  }

  @Test
  void aCopyIsRemovedWhenItsNamespaceIsNoLongerSelectedAndAUsersConfigMapIsKept() {
    givenNamespacesAndABundleSource();
    cluster.put(configMap("team-b", "cluster-ca", Map.of(), Map.of("mine", "yes")));
    engine.converge(NOW);
    assertThat(cm("team-b", "cluster-ca").getData())
        .as("a ConfigMap certmedic did not make is never overwritten")
        .containsOnlyKeys("mine");
    assertThat(engine.problems())
        .anySatisfy(p -> assertThat(p.reason()).isEqualTo("CopyNotManaged"));

    cluster.put(namespace("team-a", Map.of()));
    engine.converge(NOW.plusSeconds(5));

    assertThat(cm("team-a", "cluster-ca")).isNull();
    assertThat(cm("team-b", "cluster-ca")).isNotNull();
  }

  @Test
  void aMalformedSelectorIsReportedAndCopiesAreLeftAlone() {
    cluster.put(namespace("team-a", Map.of()));
    cluster.put(
        configMap(
            "trust",
            "cluster-ca",
            Map.of(
                Annotations.DISTRIBUTE,
                "true",
                Annotations.DISTRIBUTE_NAMESPACE_SELECTOR,
                "in (a,b"),
            Map.of("ca.crt", "x")));

    List<Write> writes = engine.converge(NOW);

    assertThat(writes).noneMatch(w -> w.object() instanceof ConfigMap);
    assertThat(engine.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .startsWith(
                        "annotation certmedic.io/distribute-namespace-selector on ConfigMap trust/cluster-ca does not parse"));
  }

  @Test
  void aWorkloadIsRolledWhenItsCertificateRotatesButNotWhenFirstAnnotated() {
    cluster.put(annotatedService("kubesphere-devops-system", "devops-apiserver", "devops-tls"));
    cluster.put(
        deployment(
            "kubesphere-devops-system",
            "devops-apiserver",
            "devops-tls",
            Map.of(Annotations.RESTART_ON_ROTATION, "true")));

    engine.converge(NOW);
    Deployment first =
        cluster.get(Deployment.class, "kubesphere-devops-system", "devops-apiserver").orElseThrow();
    assertThat(first.getMetadata().getAnnotations()).containsKey(Annotations.SERVING_CERT_DIGEST);
    assertThat(first.getSpec().getTemplate().getMetadata().getAnnotations())
        .as("annotating alone never restarts")
        .isNullOrEmpty();

    // the certificate is renewed at two thirds of its life
    List<Write> writes = engine.converge(NOW.plus(Duration.ofDays(61)));

    Deployment rolled =
        cluster.get(Deployment.class, "kubesphere-devops-system", "devops-apiserver").orElseThrow();
    assertThat(rolled.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(Annotations.RESTARTED_AT, NOW.plus(Duration.ofDays(61)).toString());
    assertThat(writes).anySatisfy(w -> assertThat(w.reason()).isEqualTo("RolledForRotation"));
    assertThat(engine.converge(NOW.plus(Duration.ofDays(62))))
        .as("rolled once per rotation")
        .isEmpty();
  }

  @Test
  void aWorkloadMountingNoCertmedicSecretIsNeverTouched() {
    cluster.put(
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("own-tls")
            .endMetadata()
            .build());
    cluster.put(
        deployment("ns", "server", "own-tls", Map.of(Annotations.RESTART_ON_ROTATION, "true")));

    assertThat(engine.converge(NOW)).noneMatch(w -> w.object() instanceof Deployment);
    assertThat(cluster.get(Secret.class, "ns", "own-tls")).isPresent();
  }
}
