package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POD_TRUST_STALE end to end on a dump: a cluster after a CA rotation, read as YAML. */
class PodsOnStaleTrustTest {

  private static final TestPki.Cert CORP_CA = TestPki.ca("corp-ca").build();
  private static final TestPki.Cert CLUSTER_CA = TestPki.ca("kubernetes").build();
  private static final String ROTATED = "2026-05-20T09:00:00Z";
  private static final String BEFORE = "2026-05-19T08:00:00Z";
  private static final String AFTER = "2026-05-21T08:00:00Z";
  private static final String CREATED = "2026-01-01T00:00:00Z";

  /** The bundles, their data last changed at {@code rotated} (no managedFields when null). */
  private static Fixture bundles(String rotated) {
    Fixture f =
        Fixture.manifest()
            .allLive()
            .configMap("app", "corp-ca", Map.of("ca.crt", Fixture.pem(CORP_CA)));
    if (rotated != null) {
      f.managedField("kubectl-client-side-apply", rotated, "f:data", "f:metadata");
    }
    f.configMap("app", "kube-root-ca.crt", Map.of("ca.crt", Fixture.pem(CLUSTER_CA)));
    if (rotated != null) {
      f.managedField("kube-controller-manager", CREATED, "f:data");
    }
    return f;
  }

  private static Fixture.Pod client() {
    return Fixture.pod(Map.of("app", "web", "pod-template-hash", "5d8f"))
        .env("SSL_CERT_FILE", "/etc/corp-ca/ca.crt")
        .projectedRootCa("kube-api-access", "/var/run/secrets/kubernetes.io/serviceaccount");
  }

  private static Fixture webPods(Fixture f, String startedAt) {
    for (String name : List.of("web-5d8f-abcde", "web-5d8f-fghij")) {
      Fixture.Pod p = client();
      f.runningPod("app", name, corpVolume(p), startedAt).ownedBy("ReplicaSet", "web-5d8f");
    }
    return f;
  }

  /** Adds the corp-ca ConfigMap volume, mounted at /etc/corp-ca. */
  private static Fixture.Pod corpVolume(Fixture.Pod p) {
    return p.configMapVolume("corp", "corp-ca", "/etc/corp-ca");
  }

  private static List<Finding> doctor(Fixture f) {
    return Doctor.run(f.snapshot(), DoctorOptions.at(TestPki.NOW)).findings();
  }

  private static List<Finding> codes(List<Finding> all) {
    return all.stream().filter(x -> x.code() == FindingCode.POD_TRUST_STALE).toList();
  }

  @Test
  void podsThatStartedBeforeTheBundleChangedAreOneFindingOnTheirDeployment() {
    // Given two pods of Deployment web that started the day before corp-ca was rotated
    Fixture f = webPods(bundles(ROTATED), BEFORE);

    // When the doctor runs
    List<Finding> found = codes(doctor(f));

    // Then one warning names the Deployment, both pods, the bundle and the restart
    assertThat(found).hasSize(1);
    Finding x = found.get(0);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.object()).isEqualTo(ObjectRef.of("Deployment", "app", "web"));
    assertThat(x.related()).containsExactly(ObjectRef.of("ConfigMap", "app", "corp-ca"));
    assertThat(x.message())
        .isEqualTo(
            "Deployment app/web: 2 running pods (web-5d8f-abcde, web-5d8f-fghij) started before"
                + " the data of ConfigMap app/corp-ca last changed: they still trust the CA bundle"
                + " they read at start, and fail to verify servers whose certificates chain only"
                + " to the new CAs");
    assertThat(x.evidence())
        .contains(
            "Pod app/web-5d8f-abcde container server: ConfigMap app/corp-ca mounted at"
                + " /etc/corp-ca; SSL_CERT_FILE=/etc/corp-ca/ca.crt points into it; the container"
                + " started at 2026-05-19T08:00:00Z, before the bundle's data last changed at"
                + " 2026-05-20T09:00:00Z: it still trusts the bundle it read at start");
    assertThat(x.fix())
        .isEqualTo(
            "Restart them so they read the current bundle:"
                + " kubectl -n app rollout restart deployment/web");
  }

  @Test
  void podsRestartedAfterTheChangeRaiseNothingAtWarningOrAbove() {
    // Given the same pods, restarted the day after the rotation
    Fixture f = webPods(bundles(ROTATED), AFTER);

    // When the doctor runs
    List<Finding> all = doctor(f);

    // Then nothing at warning or above, and no POD_TRUST_STALE at all
    assertThat(all).noneMatch(x -> x.severity().atLeast(Severity.WARNING));
    assertThat(codes(all)).isEmpty();
  }

  @Test
  void theProjectedKubeRootCaCountsAfterAClusterCaRotation() {
    // Given kube-root-ca.crt rewritten after the pod started, and corp-ca untouched since
    Fixture f =
        Fixture.manifest()
            .allLive()
            .configMap("app", "corp-ca", Map.of("ca.crt", Fixture.pem(CORP_CA)))
            .managedField("kubectl", CREATED, "f:data")
            .configMap("app", "kube-root-ca.crt", Map.of("ca.crt", Fixture.pem(CLUSTER_CA)))
            .managedField("kube-controller-manager", ROTATED, "f:data");
    f.runningPod("app", "web-5d8f-abcde", corpVolume(client()), BEFORE)
        .ownedBy("ReplicaSet", "web-5d8f");

    // When the doctor runs
    List<Finding> found = codes(doctor(f));

    // Then the stale bundle is kube-root-ca.crt, through the projected volume
    assertThat(found)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.related())
                  .containsExactly(ObjectRef.of("ConfigMap", "app", "kube-root-ca.crt"));
              assertThat(x.evidence().get(0))
                  .contains("mounted at /var/run/secrets/kubernetes.io/serviceaccount");
            });
  }

  @Test
  void aSubPathMountSaysItNeverSeesUpdatesAndABarePodIsDeleted() {
    // Given a bare Pod mounting corp-ca's ca.crt through subPath, started before the rotation
    Fixture f = bundles(ROTATED);
    f.runningPod(
        "app",
        "legacy",
        Fixture.pod(Map.of("app", "legacy"))
            .configMapSubPath("corp", "corp-ca", "/etc/ssl/certs/corp.pem", "ca.crt"),
        BEFORE);

    // When the doctor runs
    List<Finding> found = codes(doctor(f));

    // Then the Pod itself is named, the subPath explained, and deleting it is the fix
    assertThat(found)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.object()).isEqualTo(ObjectRef.of("Pod", "app", "legacy"));
              assertThat(x.evidence().get(0))
                  .contains(
                      "mounted at /etc/ssl/certs/corp.pem through subPath ca.crt (a subPath mount"
                          + " never sees updates, even for a client that re-reads its file)");
              assertThat(x.fix())
                  .isEqualTo(
                      "Delete them so they start again and read the current bundle:"
                          + " kubectl -n app delete pod legacy (nothing recreates a bare Pod:"
                          + " re-create it from its manifest)");
            });
  }

  @Test
  void aServingSecretRenewedAfterThePodStartedIsNotATrustBundle() {
    // Given a pod mounting its own kubernetes.io/tls Secret (with ca.crt), renewed after it started
    TestPki.Cert leaf = TestPki.leaf("web.app.svc").signedBy(CORP_CA).build();
    Fixture f =
        bundles(ROTATED)
            .tlsSecret("app", "web-tls", leaf, CORP_CA)
            .managedField("cert-manager-certificates-issuing", ROTATED, "f:data");
    f.runningPod(
        "app",
        "server",
        Fixture.pod(Map.of("app", "server")).secretVolume("tls", "web-tls", "/tls"),
        BEFORE);

    // When the doctor runs
    List<Finding> found = codes(doctor(f));

    // Then its renewal is not read as a trust change
    assertThat(found).isEmpty();
  }

  @Test
  void aDumpWithoutManagedFieldsSaysOnceAtInfoThatItCouldNotJudge() {
    // Given the stale pods, dumped with kubectl get -o yaml (no managedFields)
    Fixture f = webPods(bundles(null), BEFORE);

    // When the doctor runs
    List<Finding> found = codes(doctor(f));

    // Then one info finding says so and names the flag that brings the times
    assertThat(found)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.INFO);
              assertThat(x.message())
                  .isEqualTo(
                      "could not judge whether 2 running pods started before the CA bundles they"
                          + " mount last changed: the input carries no managedFields for them, which"
                          + " say when an object's data changed");
              assertThat(x.fix()).contains("kubectl get --show-managed-fields -o yaml");
              assertThat(x.evidence())
                  .containsExactly(
                      "ConfigMap app/kube-root-ca.crt: no managedFields in the input",
                      "ConfigMap app/corp-ca: no managedFields in the input");
            });
  }
}
