package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.KubeletCsr;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubelet CertificateSigningRequests left pending, denied or failed, with what breaks meanwhile and
 * the command that approves them. A request superseded by a later issued one from the same kubelet
 * for the same signer is history, not a problem.
 */
final class KubeletCsrs implements Check {

  /** The user name a kubelet's node credential carries, before the node's name. */
  static final String NODE_USER_PREFIX = "system:node:";

  @Override
  public List<Finding> run(Analysis a) {
    List<CertificateSigningRequestRecord> csrs = a.snapshot().certificateSigningRequests();
    List<Finding> out = new ArrayList<>();
    for (CertificateSigningRequestRecord csr : csrs) {
      if (!KubeletCsr.kubelet(csr) || superseded(csr, csrs)) {
        continue;
      }
      if (KubeletCsr.status(csr, a.options().at()) instanceof Verdict.Fail f) {
        out.add(finding(csr, f));
      }
    }
    return out;
  }

  private static Finding finding(CertificateSigningRequestRecord csr, Verdict.Fail f) {
    String node = node(csr);
    boolean serving = CertificateSigningRequestRecord.KUBELET_SERVING.equals(csr.signerName());
    String who =
        node.isEmpty()
            ? "the kubelet that sent it (" + csr.username() + ")"
            : "the kubelet on node " + node;
    String consequence =
        serving
            ? "until a serving request is approved "
                + who
                + " has no serving certificate the cluster CA signed, so kubectl logs, kubectl exec, kubectl port-forward and metrics-server fail (\"remote error: tls: internal error\" while it has none, \"x509: cannot validate certificate for "
                + (csr.ipAddresses().isEmpty() ? "<node IP>" : csr.ipAddresses().get(0))
                + " because it doesn't contain any IP SANs\" from a self-signed one)"
            : who
                + " gets no client certificate: a new node cannot register, and a running one goes NotReady when its current client certificate expires";
    String name = csr.meta().name();
    String fix =
        csr.pending()
            ? "Check that it asks only for the node's own names ("
                + Shell.command(List.of("kubectl", "get", "csr", name, "-o", "yaml"))
                + "), then approve it: "
                + Shell.command(List.of("kubectl", "certificate", "approve", name))
                + (serving
                    ? "; to approve them automatically, run an approver such as kubelet-csr-approver"
                    : "")
            : "A "
                + (csr.condition("Denied").isPresent() ? "denied" : "failed")
                + " request is never issued: read why ("
                + Shell.command(List.of("kubectl", "get", "csr", name, "-o", "yaml"))
                + "), fix the approver or signer, restart the kubelet"
                + (node.isEmpty() ? "" : " on node " + node)
                + " so it asks again, and approve the new request with kubectl certificate approve";
    List<String> evidence = new ArrayList<>();
    evidence.add(
        csr.meta().ref().describe()
            + ": signer "
            + csr.signerName()
            + ", requested by "
            + csr.username()
            + (csr.created() == null ? "" : ", created " + csr.created()));
    if (!csr.dnsNames().isEmpty() || !csr.ipAddresses().isEmpty()) {
      evidence.add("asks for DNS " + csr.dnsNames() + ", IP " + csr.ipAddresses());
    }
    if (!csr.requestProblem().isEmpty()) {
      evidence.add("the request could not be read: " + csr.requestProblem());
    }
    return new Finding(
        FindingCode.CSR_PENDING,
        Severity.ERROR,
        csr.meta().ref(),
        node.isEmpty() ? List.of() : List.of(ObjectRef.cluster("Node", node)),
        csr.meta().ref().describe()
            + " ("
            + csr.signerName()
            + ") "
            + f.words()
            + ": "
            + consequence,
        evidence,
        fix);
  }

  /** The node a kubelet request is from ("" for a bootstrap token's). */
  static String node(CertificateSigningRequestRecord csr) {
    return csr.username().startsWith(NODE_USER_PREFIX)
        ? csr.username().substring(NODE_USER_PREFIX.length())
        : "";
  }

  private static boolean superseded(
      CertificateSigningRequestRecord csr, List<CertificateSigningRequestRecord> all) {
    return csr.created() != null
        && all.stream()
            .anyMatch(
                o ->
                    o != csr
                        && o.issued()
                        && o.signerName().equals(csr.signerName())
                        && o.username().equals(csr.username())
                        && o.created() != null
                        && o.created().isAfter(csr.created()));
  }
}
