package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.ServingNames;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.NodeTarget;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.CertFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges what each Node's kubelet serves, from live handshakes ({@code doctor --probe}) at the
 * address the API server dials: the served leaf must carry that address (an IP SAN for an IP, a DNS
 * SAN for a Hostname), or the API server and metrics-server refuse it in Go's words ({@code
 * SAN_MISMATCH} on the Node), and must be within its validity ({@code CERT_EXPIRED}). When a
 * kubelet-serving request from that node is pending, the fix is to approve it. Kubelets that could
 * not be reached are one info finding together: from a laptop, node addresses often are not
 * routable, and that says nothing about the kubelets.
 */
final class KubeletServing implements Check {

  /** What a kubelet serving certificate the API server refuses breaks. */
  static final String BLOCKS =
      "kubectl logs, exec and port-forward to its pods fail where the API server verifies kubelets (--kubelet-certificate-authority), and metrics-server fails unless run with --kubelet-insecure-tls";

  /** Unreachable nodes named in one finding's message before "and N more". */
  static final int NAMED_NODES = 5;

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    List<ProbeObservation> unreached = new ArrayList<>();
    for (ProbeObservation o : a.snapshot().probes()) {
      if (!(o.target() instanceof NodeTarget t)) {
        continue;
      }
      if (o.outcome() == Outcome.PRESENTED) {
        judge(a, t, o, out);
      } else {
        unreached.add(o);
      }
    }
    if (!unreached.isEmpty()) {
      out.add(unreachable(unreached));
    }
    return out;
  }

  private static void judge(Analysis a, NodeTarget t, ProbeObservation o, List<Finding> out) {
    ObjectRef node = ObjectRef.cluster("Node", t.node());
    CertInfo leaf = o.presented().get(0);
    CertFacts f = leaf.facts();
    String where = "its kubelet serving certificate";
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "probed "
            + o.address()
            + " (the node's "
            + t.addressType()
            + ")"
            + (o.serverName().isEmpty() ? "" : " with SNI " + o.serverName())
            + " at "
            + o.at());
    evidence.add(
        "served leaf: "
            + f.subject()
            + ", serial "
            + f.serialHex()
            + ", names ["
            + String.join(", ", f.allNames())
            + "], valid "
            + f.notBefore()
            + " .. "
            + f.notAfter()
            + ", issued by "
            + f.issuer()
            + (f.selfIssued() ? " (self-signed)" : ""));
    Optional<CertificateSigningRequestRecord> pending = pendingServingCsr(a, t.node());
    pending.ifPresent(
        csr ->
            evidence.add(
                csr.meta().ref().describe()
                    + " (kubernetes.io/kubelet-serving, from "
                    + csr.username()
                    + ") is pending"));
    List<ObjectRef> related = pending.map(c -> List.of(c.meta().ref())).orElse(List.of());
    String fix = fix(t, pending);

    Verdict window =
        ValidityWindow.served(leaf, a.options().at(), a.options().expiryWarning(), where, BLOCKS);
    if (window instanceof Verdict.Fail w && w.findingCode() != FindingCode.CERT_EXPIRING_SOON) {
      // a kubelet renews its own certificate; only one already refused is worth a finding
      out.add(
          new Finding(
              w.findingCode(),
              Severity.ERROR,
              node,
              related,
              "Node " + t.node() + ": " + w.words(),
              evidence,
              fix));
    }
    Verdict names =
        ServingNames.kubelet(
            leaf, t.address(), ValidityWindow.inside(f, a.options().at()), where, BLOCKS);
    if (names instanceof Verdict.Fail n) {
      out.add(
          new Finding(
              n.findingCode(),
              Severity.ERROR,
              node,
              related,
              "Node " + t.node() + ": " + n.words(),
              evidence,
              fix));
    }
  }

  private static String fix(NodeTarget t, Optional<CertificateSigningRequestRecord> pending) {
    if (pending.isPresent()) {
      String name = pending.get().meta().name();
      return "The kubelet asked for a serving certificate and the request waits: check it asks only for the node's own names ("
          + Shell.command(List.of("kubectl", "get", "csr", name, "-o", "yaml"))
          + "), then approve it: "
          + Shell.command(List.of("kubectl", "certificate", "approve", name))
          + "; the kubelet starts serving the issued certificate without a restart";
    }
    return "Have the cluster CA issue the kubelet's serving certificate: set serverTLSBootstrap: true in the kubelet configuration of node "
        + Shell.quote(t.node())
        + " (/var/lib/kubelet/config.yaml), restart the kubelet (systemctl restart kubelet), then approve its kubernetes.io/kubelet-serving request ("
        + Shell.command(
            List.of(
                "kubectl",
                "get",
                "csr",
                "--field-selector",
                "spec.signerName=kubernetes.io/kubelet-serving"))
        + ", then kubectl certificate approve <name>); or give the kubelet a certificate for "
        + t.address()
        + " with --tls-cert-file and --tls-private-key-file";
  }

  /** The newest pending kubelet-serving request from {@code node}'s kubelet, if any. */
  private static Optional<CertificateSigningRequestRecord> pendingServingCsr(
      Analysis a, String node) {
    String user = KubeletCsrs.NODE_USER_PREFIX + node;
    CertificateSigningRequestRecord newest = null;
    for (CertificateSigningRequestRecord c : a.snapshot().certificateSigningRequests()) {
      if (CertificateSigningRequestRecord.KUBELET_SERVING.equals(c.signerName())
          && user.equals(c.username())
          && c.pending()
          && (newest == null
              || newest.created() == null
              || c.created() != null && c.created().isAfter(newest.created()))) {
        newest = c;
      }
    }
    return Optional.ofNullable(newest);
  }

  private static Finding unreachable(List<ProbeObservation> os) {
    List<String> names = os.stream().map(o -> ((NodeTarget) o.target()).node()).toList();
    List<ObjectRef> related =
        names.stream().skip(1).map(n -> ObjectRef.cluster("Node", n)).toList();
    List<String> evidence = new ArrayList<>();
    for (ProbeObservation o : os) {
      evidence.add("probed " + o.address() + " at " + o.at() + ": " + o.problem());
    }
    String named =
        names.size() <= NAMED_NODES
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, NAMED_NODES))
                + " and "
                + (names.size() - NAMED_NODES)
                + " more";
    ProbeObservation first = os.get(0);
    return new Finding(
        FindingCode.PROBE_FAILED,
        Severity.INFO,
        ObjectRef.cluster("Node", names.get(0)),
        related,
        "certmedic could not get a certificate from the kubelet of "
            + (names.size() == 1 ? "node " : names.size() + " nodes (")
            + named
            + (names.size() == 1 ? "" : ")")
            + ": "
            + first.problem()
            + " (from where certmedic runs; node addresses are often reachable only inside the cluster, so this says nothing about the kubelet)",
        evidence,
        "Run certmedic doctor --probe from a host that reaches the nodes (a node, or a pod with hostNetwork), or check one kubelet by hand: certmedic probe "
            + Shell.quote(first.address()));
  }
}
