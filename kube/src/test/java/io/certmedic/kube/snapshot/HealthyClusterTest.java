package io.certmedic.kube.snapshot;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's healthy cluster: every surface the doctor reads beyond the API server's callers, all
 * in order, in one cluster (wildcard Ingress certificates with their full chains, a Gateway using a
 * Secret of another namespace under a ReferenceGrant, an edge Route with its chain, Ready
 * cert-manager Certificates behind a Ready Issuer, approved and superseded kubelet CSRs, pods
 * restarted after the CA bundle they mount changed). Read as a dump and live, it raises nothing at
 * warning or above: a false alarm here is a bug.
 */
@EnableKubernetesMockClient(crud = true)
class HealthyClusterTest {

  KubernetesClient client;

  static final TestPki.Cert ROOT =
      TestPki.ca("root")
          .validity(NOW.minus(Duration.ofDays(700)), NOW.plus(Duration.ofDays(3000)))
          .build();
  static final TestPki.Cert R11 =
      TestPki.ca("R11")
          .signedBy(ROOT)
          .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(900)))
          .build();
  static final TestPki.Cert CORP_CA = TestPki.ca("corp-ca").build();

  static TestPki.Cert wildcard() {
    return TestPki.leaf("*.example.com").signedBy(R11).caIssuers("http://r11.i.lencr.org/").build();
  }

  /** The whole healthy cluster, as one dump. */
  static String cluster() throws Exception {
    Fixture f =
        Fixture.manifest()
            .allLive()
            // Ingress: a wildcard leaf served with its intermediate
            .tlsSecret("web", "shop-tls", wildcard(), ROOT, R11)
            .ingress("web", "shop", "shop-tls", "shop.example.com", "www.example.com")
            // Gateway: its certificate in namespace certs, granted to Gateways of infra
            .tlsSecret("certs", "edge-tls", wildcard(), ROOT, R11)
            .referenceGrant("certs", "gateways", "infra", "edge-tls")
            .gateway("v1", "infra", "edge", "https", "*.example.com", "certs", "edge-tls")
            // Route: edge termination with the intermediate as caCertificate
            .route("shop", "web", "web.example.com", wildcard(), R11)
            // pods restarted the day after the bundle they mount changed
            .configMap("app", "corp-ca", Map.of("ca.crt", Fixture.pem(CORP_CA)))
            .managedField("kubectl-client-side-apply", "2026-05-20T09:00:00Z", "f:data");
    for (String pod : List.of("web-5d8f-abcde", "web-5d8f-fghij")) {
      f.runningPod(
              "app",
              pod,
              Fixture.pod(Map.of("app", "web", "pod-template-hash", "5d8f"))
                  .env("SSL_CERT_FILE", "/etc/corp-ca/ca.crt")
                  .configMapVolume("corp", "corp-ca", "/etc/corp-ca"),
              "2026-05-21T08:00:00Z")
          .ownedBy("ReplicaSet", "web-5d8f");
    }
    // Ready cert-manager Certificates behind a Ready Issuer; approved or superseded kubelet CSRs
    return f.yaml()
        + "---\n"
        + CertManagerDoctorTest.healthy().yaml()
        + "---\n"
        + KubeletCsrDoctorTest.healthy().yaml();
  }

  private static List<String> loud(List<Finding> all) {
    return all.stream()
        .filter(f -> f.severity().atLeast(Severity.WARNING))
        .map(f -> f.severity() + " " + f.code() + " " + f.object().describe() + ": " + f.message())
        .toList();
  }

  /**
   * The findings at {@link TestPki#NOW}; none on the pods at all, not even the info that the
   * bundle's change time is unknown: the times were read and judged.
   */
  private static List<Finding> judge(Snapshot s) {
    List<Finding> all = Doctor.run(s, DoctorOptions.at(NOW)).findings();
    assertThat(all).noneMatch(f -> f.code() == FindingCode.POD_TRUST_STALE);
    return all;
  }

  @Test
  void aDumpOfTheHealthyClusterRaisesNothingAtWarningOrAbove() throws Exception {
    // Given the dump, read as doctor -f reads it
    Snapshot s = DumpReader.read(List.of("-"), stdin(cluster()));

    // When the doctor judges it, Then it holds every kind and nothing is loud
    assertThat(s.ingresses()).isNotEmpty();
    assertThat(s.gateways()).isNotEmpty();
    assertThat(s.routes()).isNotEmpty();
    assertThat(s.certificates()).isNotEmpty();
    assertThat(s.certificateSigningRequests()).hasSize(3);
    assertThat(s.pods()).hasSize(2);
    assertThat(loud(judge(s))).isEmpty();
  }

  @Test
  void readLiveTheHealthyClusterRaisesNothingAtWarningOrAbove() throws Exception {
    // Given the same objects served by the API server
    for (HasMetadata o : client.load(stdin(cluster())).items()) {
      o.getMetadata().setResourceVersion(null);
      if (o instanceof GenericKubernetesResource g) {
        String[] gv = g.getApiVersion().split("/");
        client
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup(gv[0])
                    .withVersion(gv[1])
                    .withKind(g.getKind())
                    .withPlural(g.getKind().toLowerCase(Locale.ROOT) + "s")
                    .withNamespaced(!g.getKind().startsWith("Cluster"))
                    .build())
            .resource(g)
            .createOr(NonDeletingOperation::update);
      } else {
        client.resource(o).createOr(NonDeletingOperation::update);
      }
    }

    // When the doctor reads the cluster and judges it
    Snapshot s = LiveReader.read(client, null);

    // Then every kind was read and nothing is loud
    assertThat(s.unreadable()).isEmpty();
    assertThat(s.ingresses()).isNotEmpty();
    assertThat(s.gateways()).isNotEmpty();
    assertThat(s.routes()).isNotEmpty();
    assertThat(s.certificates()).isNotEmpty();
    assertThat(s.certificateSigningRequests()).hasSize(3);
    assertThat(s.pods()).hasSize(2);
    assertThat(loud(judge(s))).isEmpty();
  }

  private static ByteArrayInputStream stdin(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
  }
}
