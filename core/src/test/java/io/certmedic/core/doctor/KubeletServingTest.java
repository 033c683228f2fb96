package io.certmedic.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.NodeTarget;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.testing.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeletServingTest {

  private static final TestPki.Cert CA = TestPki.ca("kubernetes").build();

  private static final DoctorOptions OPTIONS =
      new DoctorOptions(TestPki.NOW, DoctorOptions.DEFAULT_EXPIRY_WARNING, "cluster.local");

  private record Case(
      String type, String address, TestPki.Cert served, boolean pendingCsr, String expect) {}

  private static Arguments c(String sentence, Case c) {
    return Arguments.of(Named.of(sentence, c));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c(
            "A kubelet serving its InternalIP as an IP SAN raises nothing",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1", "10.0.0.27").signedBy(CA).build(),
                false,
                "")),
        c(
            "A self-signed kubelet certificate without IP SANs is a SAN_MISMATCH in Go's words",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1").build(),
                false,
                "SAN_MISMATCH x509: cannot validate certificate for 10.0.0.27 because it doesn't contain any IP SANs")),
        c(
            "A kubelet certificate for another IP names the IPs it is valid for",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1", "10.0.0.99").signedBy(CA).build(),
                false,
                "SAN_MISMATCH x509: certificate is valid for 10.0.0.99, not 10.0.0.27")),
        c(
            "A node dialled by Hostname needs the name as a DNS SAN",
            new Case(
                "Hostname",
                "worker-1.example",
                TestPki.leaf("worker-2.example").signedBy(CA).build(),
                false,
                "SAN_MISMATCH x509: certificate is valid for worker-2.example, not worker-1.example")),
        c(
            "A node dialled by Hostname with the name as a DNS SAN raises nothing",
            new Case(
                "Hostname",
                "worker-1.example",
                TestPki.leaf("worker-1.example").signedBy(CA).build(),
                false,
                "")),
        c(
            "A pending kubelet-serving request from the node gives its approve command",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1").build(),
                true,
                "SAN_MISMATCH kubectl certificate approve csr-w1")),
        c(
            "An expired kubelet certificate that carries the IP is CERT_EXPIRED on the Node",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1", "10.0.0.27").signedBy(CA).expiredDaysAgo(3).build(),
                false,
                "CERT_EXPIRED expired 3 days ago")),
        c(
            "A kubelet certificate that expires in ten days is left to the kubelet's rotation",
            new Case(
                "InternalIP",
                "10.0.0.27",
                TestPki.leaf("worker-1", "10.0.0.27")
                    .signedBy(CA)
                    .validity(
                        TestPki.NOW.minus(Duration.ofDays(355)),
                        TestPki.NOW.plus(Duration.ofDays(10)))
                    .build(),
                false,
                "")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void judgesTheServedKubeletCertificate(Case c) {
    SnapshotBuilder b = Snapshot.builder();
    b.addProbes(
        List.of(
            ProbeObservation.presented(
                new NodeTarget("worker-1", c.type(), c.address(), 10250),
                c.address() + ":10250",
                "",
                List.of(CertInfo.of(c.served().cert())),
                TestPki.NOW)));
    if (c.pendingCsr()) {
      b.add(csr("csr-w1", "system:node:worker-1"));
    }
    b.add(csr("csr-other", "system:node:worker-2"));
    List<Finding> found = new KubeletServing().run(new Analysis(b.build(), OPTIONS));

    if (c.expect().isEmpty()) {
      assertThat(found).isEmpty();
      return;
    }
    assertThat(found).hasSize(1);
    Finding f = found.get(0);
    String code = c.expect().substring(0, c.expect().indexOf(' '));
    String words = c.expect().substring(code.length() + 1);
    assertThat(f.code()).isEqualTo(FindingCode.valueOf(code));
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.object()).isEqualTo(ObjectRef.cluster("Node", "worker-1"));
    assertThat(f.message() + " " + f.fix()).contains(words);
    assertThat(f.message()).contains("metrics-server");
    if (!c.pendingCsr()) {
      assertThat(f.fix()).contains("serverTLSBootstrap").doesNotContain("csr-other");
    }
  }

  @Test
  void unreachableKubeletsAreOneInfoFindingNamingEachNode() {
    SnapshotBuilder b = Snapshot.builder();
    b.addProbes(
        List.of(
            ProbeObservation.failed(
                new NodeTarget("worker-1", "InternalIP", "10.0.0.27", 10250),
                "10.0.0.27:10250",
                "",
                Outcome.UNREACHABLE,
                "connect timed out",
                TestPki.NOW),
            ProbeObservation.failed(
                new NodeTarget("worker-2", "InternalIP", "10.0.0.28", 10250),
                "10.0.0.28:10250",
                "",
                Outcome.UNREACHABLE,
                "connect timed out",
                TestPki.NOW)));
    List<Finding> found = new KubeletServing().run(new Analysis(b.build(), OPTIONS));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).code()).isEqualTo(FindingCode.PROBE_FAILED);
    assertThat(found.get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(found.get(0).message()).contains("2 nodes (worker-1, worker-2)");
    assertThat(found.get(0).evidence()).hasSize(2);
  }

  @Test
  void withoutProbesNothingIsJudged() {
    assertThat(new KubeletServing().run(new Analysis(Snapshot.builder().build(), OPTIONS)))
        .isEmpty();
  }

  private static CertificateSigningRequestRecord csr(String name, String user) {
    return new CertificateSigningRequestRecord(
        new Meta(
            ObjectRef.cluster("CertificateSigningRequest", name),
            Map.of(),
            Map.of(),
            List.of(),
            true,
            ""),
        CertificateSigningRequestRecord.KUBELET_SERVING,
        user,
        TestPki.NOW.minus(Duration.ofHours(1)),
        List.of(),
        false,
        List.of("worker-1"),
        List.of("10.0.0.27"),
        "");
  }
}
