package io.certmedic.kube.snapshot;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubelet CSRs end to end, on a dump and live: a serving request pending for two hours, a denied
 * client request, and the healthy ones (approved, or pending once but superseded by an issued one).
 */
@EnableKubernetesMockClient(crud = true)
class KubeletCsrDoctorTest {

  KubernetesClient client;

  private static final String SERVING = CertificateSigningRequestRecord.KUBELET_SERVING;
  private static final String CLIENT = CertificateSigningRequestRecord.KUBELET_CLIENT;

  private static Map<String, Object> approved() {
    return Map.of(
        "conditions",
        List.of(
            Map.of(
                "type",
                "Approved",
                "status",
                "True",
                "reason",
                "AutoApproved",
                "lastUpdateTime",
                "2026-06-01T09:00:01Z")),
        "certificate",
        "LS0tLS1CRUdJTg==");
  }

  static Fixture broken() throws Exception {
    return Fixture.manifest()
        .csr(
            "csr-7xk2p",
            SERVING,
            "system:node:worker-1",
            "2026-06-01T10:00:00Z",
            CsrMapperTest.kubeletRequest("worker-1", "10.0.0.27"))
        .csr(
            "node-csr-q8",
            CLIENT,
            "system:bootstrap:abcdef",
            "2026-06-01T11:55:00Z",
            CsrMapperTest.kubeletRequest("worker-2"))
        .status(
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Denied",
                        "status",
                        "True",
                        "reason",
                        "NotAllowed",
                        "message",
                        "bootstrap token expired"))))
        .allLive();
  }

  static Fixture healthy() throws Exception {
    return Fixture.manifest()
        .csr(
            "csr-old",
            SERVING,
            "system:node:worker-1",
            "2026-06-01T08:00:00Z",
            CsrMapperTest.kubeletRequest("worker-1", "10.0.0.27"))
        .csr(
            "csr-new",
            SERVING,
            "system:node:worker-1",
            "2026-06-01T09:00:00Z",
            CsrMapperTest.kubeletRequest("worker-1", "10.0.0.27"))
        .status(approved())
        .csr(
            "csr-fresh",
            SERVING,
            "system:node:worker-3",
            "2026-06-01T11:58:00Z",
            CsrMapperTest.kubeletRequest("worker-3", "10.0.0.29"))
        .allLive();
  }

  private static Finding on(Report r, String csr) {
    return r.findings().stream()
        .filter(f -> f.code() == FindingCode.CSR_PENDING)
        .filter(f -> f.object().name().equals(csr))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CSR_PENDING on " + csr + ": " + r.findings()));
  }

  private static void assertBroken(Report r) {
    Finding serving = on(r, "csr-7xk2p");
    assertThat(serving.severity()).isEqualTo(Severity.ERROR);
    assertThat(serving.related()).containsExactly(ObjectRef.cluster("Node", "worker-1"));
    assertThat(serving.message())
        .isEqualTo(
            "CertificateSigningRequest csr-7xk2p (kubernetes.io/kubelet-serving) has been pending"
                + " for 2 hours with no approval: until a serving request is approved the kubelet on"
                + " node worker-1 has no serving certificate the cluster CA signed, so kubectl logs,"
                + " kubectl exec, kubectl port-forward and metrics-server fail (\"remote error: tls:"
                + " internal error\" while it has none, \"x509: cannot validate certificate for"
                + " 10.0.0.27 because it doesn't contain any IP SANs\" from a self-signed one)");
    assertThat(serving.fix()).contains("then approve it: kubectl certificate approve csr-7xk2p");
    assertThat(serving.evidence()).contains("asks for DNS [worker-1], IP [10.0.0.27]");

    Finding client = on(r, "node-csr-q8");
    assertThat(client.message())
        .isEqualTo(
            "CertificateSigningRequest node-csr-q8 (kubernetes.io/kube-apiserver-client-kubelet)"
                + " was denied (NotAllowed): \"bootstrap token expired\": the kubelet that sent it"
                + " (system:bootstrap:abcdef) gets no client certificate: a new node cannot"
                + " register, and a running one goes NotReady when its current client certificate"
                + " expires");
    assertThat(client.fix()).startsWith("A denied request is never issued");
    assertThat(r.findings()).filteredOn(f -> f.code() == FindingCode.CSR_PENDING).hasSize(2);
  }

  @Test
  void aDumpNamesThePendingAndDeniedKubeletRequestsWithTheApproveCommand() throws Exception {
    assertBroken(Doctor.run(broken().snapshot(), DoctorOptions.at(NOW)));
  }

  @Test
  void approvedSupersededAndFreshRequestsRaiseNothingAtWarningOrAbove() throws Exception {
    Report r = Doctor.run(healthy().snapshot(), DoctorOptions.at(NOW));
    assertThat(r.findings()).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
  }

  @Test
  void aCsrNameFromTheInputIsQuotedInTheCommand() throws Exception {
    Snapshot s =
        Fixture.manifest()
            .csr(
                "csr-x;touch-p",
                SERVING,
                "system:node:w",
                "2026-06-01T10:00:00Z",
                CsrMapperTest.kubeletRequest("w"))
            .allLive()
            .snapshot();
    assertThat(on(Doctor.run(s, DoctorOptions.at(NOW)), "csr-x;touch-p").fix())
        .contains("kubectl certificate approve 'csr-x;touch-p'");
  }

  @Test
  void liveTheSameFindings() throws Exception {
    // Given the broken requests served by the API server
    for (HasMetadata o :
        client
            .load(new ByteArrayInputStream(broken().yaml().getBytes(StandardCharsets.UTF_8)))
            .items()) {
      o.getMetadata().setResourceVersion(null);
      client.resource(o).create();
    }

    // When the doctor reads the cluster two hours after the serving request was made (the mock
    // server stamps its own creationTimestamp)
    Snapshot s = LiveReader.read(client, null);
    Instant created =
        s.certificateSigningRequests().stream()
            .filter(c -> c.meta().name().equals("csr-7xk2p"))
            .findFirst()
            .orElseThrow()
            .created();
    Report r = Doctor.run(s, DoctorOptions.at(created.plus(Duration.ofHours(2))));

    // Then the findings are the dump's
    assertBroken(r);
  }
}
