package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.PodRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodMapperTest {

  @Test
  void readsWhenEachContainerStartedWhatItMountsAndTheDeploymentThatOwnsIt() {
    Snapshot s =
        Fixture.manifest()
            .runningPod(
                "web",
                "shop-7d9f8b6c5-x2x9k",
                Fixture.pod(Map.of("app", "shop", "pod-template-hash", "7d9f8b6c5"))
                    .configMapSubPath("bundle", "trust-bundle", "/etc/ssl/certs/ca.pem", "ca.pem")
                    .env("SSL_CERT_FILE", "/etc/ssl/certs/ca.pem")
                    .env("LOG_LEVEL", "debug")
                    .projectedRootCa(
                        "kube-api-access-abcde", "/var/run/secrets/kubernetes.io/serviceaccount"),
                "2026-05-01T08:00:00Z")
            .ownedBy("ReplicaSet", "shop-7d9f8b6c5")
            .snapshot();

    PodRecord p = s.podsIn("web").get(0);
    assertThat(p.phase()).isEqualTo("Running");
    assertThat(p.nodeName()).isEqualTo("node-1");
    assertThat(p.owner()).isEqualTo(ObjectRef.of("Deployment", "web", "shop"));
    assertThat(p.startedAt("server")).contains(Instant.parse("2026-05-01T08:00:00Z"));
    assertThat(p.startedAt("missing")).isEmpty();
    WorkloadRecord.Container c = p.containers().get(0);
    assertThat(c.mounts())
        .contains(new WorkloadRecord.Mount("bundle", "/etc/ssl/certs/ca.pem", "ca.pem"));
    assertThat(PodRecord.caPathEnv(c))
        .containsExactly(new WorkloadRecord.Env("SSL_CERT_FILE", "/etc/ssl/certs/ca.pem", null));
    assertThat(p.volumes())
        .filteredOn(v -> v.name().equals("kube-api-access-abcde"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.sources())
                    .containsExactly(
                        new WorkloadRecord.Source(
                            "ConfigMap", "kube-root-ca.crt", Map.of("ca.crt", "ca.crt"), false)));
    // the Pod is still a workload, as before
    assertThat(s.workloadsIn("web"))
        .singleElement()
        .satisfies(w -> assertThat(w.meta().ref().kind()).isEqualTo("Pod"));
  }

  @Test
  void aPodOwnedByAStatefulSetOrNothingNamesThatOwner() {
    Snapshot s =
        Fixture.manifest()
            .runningPod("db", "pg-0", Fixture.pod(Map.of("app", "pg")), "2026-05-01T08:00:00Z")
            .ownedBy("StatefulSet", "pg")
            .runningPod("db", "debug", Fixture.pod(Map.of("app", "debug")), "2026-05-01T08:00:00Z")
            .snapshot();

    assertThat(s.podsIn("db").get(0).owner()).isEqualTo(ObjectRef.of("StatefulSet", "db", "pg"));
    assertThat(s.podsIn("db").get(1).owner()).isNull();
  }

  @Test
  void aReplicaSetWhoseNameDoesNotEndWithTheHashIsTheOwnerItself() {
    assertThat(
            PodRecord.owningWorkload(
                java.util.List.of(ObjectRef.of("ReplicaSet", "web", "legacy-rs")),
                Map.of("pod-template-hash", "abc12")))
        .isEqualTo(ObjectRef.of("ReplicaSet", "web", "legacy-rs"));
  }

  @Test
  void aPendingContainerHasNoStartTime() {
    Snapshot s =
        Fixture.manifest()
            .workload("Pod", "web", "waiting", Fixture.pod(Map.of("app", "w")))
            .status(
                Map.of(
                    "phase",
                    "Pending",
                    "containerStatuses",
                    java.util.List.of(
                        Map.of(
                            "name",
                            "server",
                            "state",
                            Map.of("waiting", Map.of("reason", "ImagePullBackOff"))))))
            .snapshot();
    PodRecord p = s.pods().get(0);
    assertThat(p.phase()).isEqualTo("Pending");
    assertThat(p.states()).singleElement().satisfies(st -> assertThat(st.startedAt()).isNull());
    assertThat(p.startedAt("server")).isEmpty();
  }
}
