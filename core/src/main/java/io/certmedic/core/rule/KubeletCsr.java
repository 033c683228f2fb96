package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.text.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A kubelet's CertificateSigningRequest ({@code kubernetes.io/kubelet-serving} or {@code
 * kubernetes.io/kube-apiserver-client-kubelet}) was approved within {@link #PENDING_LIMIT}, and was
 * neither denied nor failed; and a kubelet serves a certificate carrying its node's IP addresses,
 * which is what the API server dials for logs, exec and port-forward.
 */
public final class KubeletCsr {

  /**
   * How long a kubelet CSR may stay pending: an approver (a person, kubelet-csr-approver, a cloud's
   * controller) answers in seconds or not at all; the kubelet retries with a new CSR.
   */
  public static final Duration PENDING_LIMIT = Duration.ofMinutes(10);

  private KubeletCsr() {}

  /** True for the two kubelet signers this rule judges. */
  public static boolean kubelet(CertificateSigningRequestRecord csr) {
    return CertificateSigningRequestRecord.KUBELET_SERVING.equals(csr.signerName())
        || CertificateSigningRequestRecord.KUBELET_CLIENT.equals(csr.signerName());
  }

  /** The CSR at {@code at}; CSRs for other signers pass. */
  public static Verdict status(CertificateSigningRequestRecord csr, Instant at) {
    if (!kubelet(csr)) {
      return Verdict.pass(Rule.KUBELET_CSR);
    }
    for (String type : List.of("Denied", "Failed")) {
      Optional<Condition> c = csr.condition(type).filter(x -> !x.isFalse());
      if (c.isPresent()) {
        return Verdict.fail(
            Rule.KUBELET_CSR,
            FindingCode.CSR_PENDING,
            (type.equals("Denied") ? "was denied" : "failed")
                + (c.get().reason().isEmpty() ? "" : " (" + c.get().reason() + ")")
                + (c.get().message().isEmpty() ? "" : ": \"" + c.get().message() + "\""));
      }
    }
    if (csr.pending() && csr.created() != null) {
      Duration age = Duration.between(csr.created(), at);
      if (age.compareTo(PENDING_LIMIT) > 0) {
        return Verdict.fail(
            Rule.KUBELET_CSR,
            FindingCode.CSR_PENDING,
            "has been pending for " + HumanTime.duration(age) + " with no approval");
      }
    }
    return Verdict.pass(Rule.KUBELET_CSR);
  }
}
