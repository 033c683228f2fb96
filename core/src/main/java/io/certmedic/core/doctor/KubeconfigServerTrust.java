package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.snapshot.ProbeObservation.ServerTarget;
import io.certmedic.core.text.Shell;
import io.certmedic.core.verify.Reason;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges what a kubeconfig's {@code server} presents against the kubeconfig's own {@code
 * certificate-authority-data}, for the server's host, as a kubelet or kubectl would (Go's rules). A
 * chain the kubeconfig does not trust is the OKD incident seen from the client: the API endpoint
 * was rotated to a new CA and this copy of the trust was not updated ({@code TRUST_BUNDLE_STALE});
 * any other failure is {@code PROBE_FAILED} in Go's words. Entries that skip verification or take
 * their CA from a file path are not judged.
 */
final class KubeconfigServerTrust implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (ProbeObservation o : a.snapshot().probes()) {
      if (!(o.target() instanceof ServerTarget t)) {
        continue;
      }
      Optional<KubeconfigRecord.Cluster> entry = cluster(a, t);
      if (entry.isEmpty() || entry.get().insecureSkipTlsVerify()) {
        continue;
      }
      List<CertInfo> trusted = entry.get().certificateAuthority().certs();
      if (trusted.isEmpty()) {
        continue; // a CA file path or the system roots: nothing in the input to judge with
      }
      judge(a, t, o, trusted, out);
    }
    return out;
  }

  private static void judge(
      Analysis a, ServerTarget t, ProbeObservation o, List<CertInfo> trusted, List<Finding> out) {
    ObjectRef ref = ObjectRef.cluster("Kubeconfig", t.kubeconfig());
    String who = "kubeconfig " + t.kubeconfig() + " cluster " + t.cluster();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "probed "
            + o.address()
            + (o.serverName().isEmpty() ? "" : " with server name " + o.serverName())
            + " at "
            + o.at());
    evidence.add(
        "kubeconfig CAs: "
            + String.join(
                "; ",
                trusted.stream()
                    .map(
                        c ->
                            c.facts().subject()
                                + " (sha256 "
                                + c.facts().sha256().substring(0, 16)
                                + "…)")
                    .toList()));
    if (o.outcome() != Outcome.PRESENTED) {
      out.add(
          new Finding(
              FindingCode.PROBE_FAILED,
              Severity.WARNING,
              ref,
              List.of(),
              who
                  + ": could not get a certificate from "
                  + t.server()
                  + ": "
                  + o.problem()
                  + " (from where certmedic runs; an internal endpoint such as api-int may only answer from the nodes)",
              evidence,
              "Run the check where the kubeconfig is used (on the node): certmedic doctor -f <dump> --kubeconfig-file "
                  + Shell.quote(t.kubeconfig())
                  + " --probe"));
      return;
    }
    List<X509Certificate> chain = o.presented().stream().map(CertInfo::certificate).toList();
    List<X509Certificate> roots = trusted.stream().map(CertInfo::certificate).toList();
    VerifyResult r = ServingVerifier.verify(chain, roots, host(t.server()), a.options().at());
    if (!(r instanceof VerifyFailure f)) {
      return;
    }
    CertInfo leaf = o.presented().get(0);
    evidence.add(
        "presented: "
            + String.join(
                " <- ",
                o.presented().stream()
                    .map(
                        c ->
                            c.facts().subject()
                                + " (issued by "
                                + c.facts().issuer()
                                + ", sha256 "
                                + c.facts().sha256().substring(0, 16)
                                + "…)")
                    .toList()));
    if (f.reason() == Reason.UNKNOWN_AUTHORITY) {
      String ca = o.presented().get(o.presented().size() - 1).facts().issuer();
      out.add(
          new Finding(
              FindingCode.TRUST_BUNDLE_STALE,
              Severity.CRITICAL,
              ref,
              List.of(),
              who
                  + ": the API server at "
                  + t.server()
                  + " presents a certificate signed by CA "
                  + ca
                  + ", which this kubeconfig does not trust: \""
                  + f.message()
                  + "\"; a kubelet or Multus using it cannot verify the API server and the node goes NotReady",
              evidence,
              "Add the CA that signs the served chain to certificate-authority-data (keep the old one until nothing it signed is served): "
                  + "read the current bundle (on OpenShift: oc -n openshift-kube-apiserver-operator get configmap loadbalancer-serving-ca -o jsonpath='{.data.ca-bundle\\.crt}'), "
                  + "base64 -w0 it into "
                  + t.kubeconfig()
                  + " clusters["
                  + t.cluster()
                  + "].cluster.certificate-authority-data, then restart the client (systemctl restart kubelet)"));
      return;
    }
    out.add(
        new Finding(
            FindingCode.PROBE_FAILED,
            Severity.ERROR,
            ref,
            List.of(),
            who
                + ": the API server at "
                + t.server()
                + " presents "
                + leaf.facts().subject()
                + ", which fails verification: \""
                + f.message()
                + "\"",
            evidence,
            "Confirm with: certmedic probe "
                + Shell.quote(authority(t.server()))
                + " --ca <certificate-authority-data decoded> --server-name "
                + Shell.quote(host(t.server()))));
  }

  private static Optional<KubeconfigRecord.Cluster> cluster(Analysis a, ServerTarget t) {
    return a.snapshot().kubeconfigs().stream()
        .filter(k -> k.source().equals(t.kubeconfig()))
        .flatMap(k -> k.clusters().stream())
        .filter(c -> c.name().equals(t.cluster()) && c.server().equals(t.server()))
        .findFirst();
  }

  /** The host of a server URL, IPv6 without brackets: the name a Go client verifies. */
  static String host(String server) {
    try {
      String h = URI.create(server).getHost();
      if (h == null) {
        return server;
      }
      return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    } catch (IllegalArgumentException e) {
      return server;
    }
  }

  private static String authority(String server) {
    try {
      URI u = URI.create(server);
      return u.getHost() + ":" + (u.getPort() < 0 ? 443 : u.getPort());
    } catch (IllegalArgumentException e) {
      return server;
    }
  }
}
