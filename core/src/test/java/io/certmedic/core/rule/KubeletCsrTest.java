package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CSR_PENDING;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.KUBELET_CSR;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeletCsrTest {

  private static CertificateSigningRequestRecord csr(
      String signer, Instant created, Condition... conditions) {
    return new CertificateSigningRequestRecord(
        new Meta(
            ObjectRef.cluster("CertificateSigningRequest", "csr-7x2k"),
            Map.of(),
            Map.of(),
            List.of(),
            true,
            ""),
        signer,
        "system:node:worker-1",
        created,
        List.of(conditions),
        false,
        List.of("worker-1"),
        List.of("10.0.0.27"),
        "");
  }

  static Stream<Arguments> cases() {
    String serving = CertificateSigningRequestRecord.KUBELET_SERVING;
    String client = CertificateSigningRequestRecord.KUBELET_CLIENT;
    return Stream.of(
        row(
            "an approved kubelet-serving CSR passes",
            KubeletCsr.status(
                csr(
                    serving,
                    NOW.minus(Duration.ofHours(3)),
                    new Condition("Approved", "True", "AutoApproved", "", NOW)),
                NOW),
            pass(KUBELET_CSR)),
        row(
            "a kubelet-serving CSR pending for five minutes is still within the limit",
            KubeletCsr.status(csr(serving, NOW.minus(Duration.ofMinutes(5))), NOW),
            pass(KUBELET_CSR)),
        row(
            "a kubelet-serving CSR pending for two hours fails",
            KubeletCsr.status(csr(serving, NOW.minus(Duration.ofHours(2))), NOW),
            fail(KUBELET_CSR, CSR_PENDING, "has been pending for 2 hours with no approval")),
        row(
            "a kubelet client CSR pending for eleven minutes fails",
            KubeletCsr.status(csr(client, NOW.minus(Duration.ofMinutes(11))), NOW),
            fail(KUBELET_CSR, CSR_PENDING, "has been pending for 11 minutes with no approval")),
        row(
            "a denied kubelet-serving CSR fails with the reason and message",
            KubeletCsr.status(
                csr(
                    serving,
                    NOW.minus(Duration.ofMinutes(1)),
                    new Condition("Denied", "True", "NotMyNode", "asks for 10.0.0.99", NOW)),
                NOW),
            fail(KUBELET_CSR, CSR_PENDING, "was denied (NotMyNode): \"asks for 10.0.0.99\"")),
        row(
            "a failed kubelet client CSR fails",
            KubeletCsr.status(
                csr(client, null, new Condition("Failed", "True", "SignerError", "", NOW)), NOW),
            fail(KUBELET_CSR, CSR_PENDING, "failed (SignerError)")),
        row(
            "a pending CSR for another signer is not this rule's",
            KubeletCsr.status(csr("example.com/my-signer", NOW.minus(Duration.ofDays(2))), NOW),
            pass(KUBELET_CSR)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
