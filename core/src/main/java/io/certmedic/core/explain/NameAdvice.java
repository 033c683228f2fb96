package io.certmedic.core.explain;

import static io.certmedic.core.explain.Advice.always;
import static io.certmedic.core.explain.Advice.root;
import static io.certmedic.core.explain.Advice.when;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.text.Shell;
import java.util.List;

/** Advice when the certificate does not carry the name dialled, or carries it only in the CN. */
final class NameAdvice {

  private NameAdvice() {}

  private static final String NO_SAN_TEXT =
      "The certificate carries no DNS name at all (no SAN; at most a CN Go ignores):"
          + " it was made without a subjectAltName extension, or for IP addresses only.";

  static final Advice HOSTNAME_MISMATCH =
      new Advice(
          Family.HOSTNAME_MISMATCH,
          NameAdvice::hostnameCause,
          List.of(
              when(
                  "a Service name was dialled",
                  s -> s.want != null,
                  List.of(
                      root(
                          "the certificate carries no DNS name at all",
                          s -> s.noDnsNames,
                          NO_SAN_TEXT,
                          FindingCode.CERT_NO_SAN,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the Service was renamed, as the certificate's names show",
                          s -> s.renamed,
                          NameAdvice::serviceRenamed,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the certificate names another namespace, as its names show",
                          s -> s.otherNs,
                          NameAdvice::namespaceMoved,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the certificate carries only a short form of the Service name",
                          s -> s.shortOnly,
                          NameAdvice::missingForm,
                          FindingCode.SAN_MISMATCH),
                      // Without names to compare, both stories stay possible; names that
                      // contradict one drop it.
                      root(
                          "the Service may have been renamed: no Service name contradicts it",
                          s -> !s.renamed && !s.anySvc,
                          NameAdvice::serviceRenamed,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the certificate may name another namespace: no name contradicts it",
                          s -> !s.otherNs && !s.anySameNs,
                          NameAdvice::namespaceMoved,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the pod still serves the old cert of a corrected Secret",
                          "The Secret already holds a correct cert but the pod still serves the old one (it reads the cert only at start).",
                          FindingCode.SERVING_CERT_STALE)),
                  NameAdvice::serviceFix),
              when(
                  "the API server was dialled",
                  s -> s.apiServerEndpoint || s.kubectl,
                  List.of(
                      root(
                          "the API server's cert lacks the name",
                          "The API server's serving cert lacks this name or IP: you reach it through a name, load balancer or address it was not issued for.",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the kubeconfig points elsewhere",
                          "The kubeconfig's server: points at a different endpoint than intended (another cluster, a proxy, an old IP).",
                          FindingCode.SAN_MISMATCH)),
                  s ->
                      "Add the name to the API server cert (kubeadm: apiServer.certSANs then 'kubeadm init phase certs apiserver';"
                          + " k3s: --tls-san) and restart the API server, or use a name the cert already carries in the kubeconfig's server: field."),
              when(
                  "a kubelet was dialled (port 10250)",
                  s -> s.f.port() != null && s.f.port() == 10250,
                  List.of(
                      root(
                          "the kubelet's cert is self-signed for the node name",
                          "A kubelet's serving cert (port 10250) is self-signed for the node name and carries no node IP: the API server or"
                              + " metrics-server dials the IP.",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the node's address changed",
                          "The node's address changed after its kubelet serving cert was made.",
                          FindingCode.SAN_MISMATCH)),
                  s ->
                      "Have kubelets request serving certs from the cluster CA (serverTLSBootstrap: true in the kubelet config, then approve the"
                          + " kubelet-serving CSRs: kubectl get csr; kubectl certificate approve ...), or make the caller dial node names"
                          + " (metrics-server: --kubelet-preferred-address-types=Hostname)."),
              when(
                  "an IP address was dialled",
                  s -> s.ipDialled,
                  List.of(
                      root(
                          "the client dials an IP instead of a name the cert carries",
                          "The client dials an IP address instead of a name the certificate carries (a Service or node name):"
                              + " a kubeconfig, flag or endpoint written with an address.",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the certificate carries no IP SAN for the address",
                          "The certificate carries no IP address SAN for this address (Go, OpenSSL and Node.js never read an IP from the CN).",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the address changed after the cert was made",
                          "The server's address changed (a new node, pod or load balancer IP) after its certificate was made.",
                          FindingCode.SAN_MISMATCH)),
                  s ->
                      "Dial a DNS name the certificate carries, or reissue the certificate with this address as an IP SAN"
                          + (s.wanted != null ? " (IP:" + s.wanted + ")" : "")
                          + "; an IP in the CN is never used."),
              when(
                  "any other server was dialled",
                  always(),
                  List.of(
                      root(
                          "the certificate carries no DNS name at all",
                          s -> s.noDnsNames,
                          NO_SAN_TEXT,
                          FindingCode.CERT_NO_SAN,
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the client dials a name the cert was not issued for",
                          "The client dials a name the server's cert was not issued for (a new DNS name, an IP, a proxy or ingress in between).",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the server presents a cert meant for another host",
                          "The server presents a cert meant for another host (default cert of an ingress or load balancer, SNI not sent).",
                          FindingCode.SAN_MISMATCH),
                      root(
                          "the server still serves the old cert",
                          "A renewed cert was written but the server still serves the old one.",
                          FindingCode.SERVING_CERT_STALE)),
                  s ->
                      "Reissue the server's cert with the name the client dials"
                          + (s.wanted != null ? " (" + s.wanted + ")" : "")
                          + " in its SANs, or make the client dial a name the cert carries.")));

  static final Advice LEGACY_CN =
      new Advice(
          Family.LEGACY_CN,
          s ->
              s.what()
                  + ": the certificate carries no Subject Alternative Name the verifier can use"
                  + (s.f.wanted() != null ? " for " + s.f.wanted() : "")
                  + "; its name is only in the Common Name, which Go (since 1.15, so the API server"
                  + " since Kubernetes 1.19) and modern clients ignore.",
          List.of(
              when(
                  "any certificate without SANs",
                  always(),
                  List.of(
                      root(
                          "made with openssl -subj and no subjectAltName",
                          "The cert was made with 'openssl req -subj /CN=...' (or an old script) without a subjectAltName extension.",
                          FindingCode.CERT_NO_SAN),
                      root(
                          "a long-lived cert from before Go 1.15",
                          "A long-lived cert from before Go 1.15 still in use after a cluster upgrade.",
                          FindingCode.CERT_NO_SAN)),
                  s ->
                      "Reissue the cert with SANs"
                          + (s.svc != null
                              ? " ("
                                  + s.svc.name()
                                  + ", "
                                  + s.svc.name()
                                  + "."
                                  + s.svc.namespace()
                                  + ", "
                                  + s.svc.dnsName()
                                  + ", "
                                  + s.svc.dnsName()
                                  + ".cluster.local)"
                              : "")
                          + " - e.g. openssl -addext 'subjectAltName=DNS:...', cert-manager dnsNames, or certmedic's issuer - and restart the server.")));

  private static String hostnameCause(Situation s) {
    ErrorFacts f = s.f;
    return s.what()
        + ": the verifier checked the certificate's names against the name it dialled"
        + (s.wanted != null ? " (" + s.wanted + ")" : "")
        + " and found no match"
        + (f.validFor().isEmpty()
            ? "."
            : "; the certificate is valid only for " + String.join(", ", f.validFor()) + ".")
        + (f.stack() == Stack.GO ? " Go checks the SANs only, never the Common Name." : "");
  }

  private static String serviceRenamed(Situation s) {
    return "The Service was renamed and the certificate kept: the cert was issued for the old Service name"
        + oldNames(s.f.validFor(), s.want)
        + " and the caller now dials "
        + s.want.dnsName()
        + "; the operator reuses the cert stored in its Secret instead of reissuing it.";
  }

  private static String namespaceMoved(Situation s) {
    return "The certificate was made for another namespace: the chart or operator was installed into "
        + s.want.namespace()
        + " but the cert (or its generator's --namespace) names a different one.";
  }

  private static String missingForm(Situation s) {
    ServiceRef want = s.want;
    return "The certificate lacks the exact form the API server dials: it must carry "
        + want.dnsName()
        + " (and usually "
        + want.name()
        + ", "
        + want.name()
        + "."
        + want.namespace()
        + ", "
        + want.dnsName()
        + ".cluster.local).";
  }

  private static String serviceFix(Situation s) {
    ServiceRef want = s.want;
    return "Reissue the serving cert with every name the API server may dial ("
        + want.name()
        + ", "
        + want.name()
        + "."
        + want.namespace()
        + ", "
        + want.dnsName()
        + ", "
        + want.dnsName()
        + ".cluster.local): delete the webhook's cert Secret in "
        + want.namespace()
        + " so the operator makes a new one (e.g. kubectl -n "
        + Shell.quote(want.namespace())
        + " delete secret <webhook-cert-secret>),"
        + " or let cert-manager / the platform CA issue it; update the caBundle if the CA changed; then restart the webhook pods."
        + " Alternatively point the caller back at the Service name the cert carries. Run '"
        + s.doctorCommand()
        + "' to confirm (SAN_MISMATCH).";
  }

  /** The old Service name the certificate carries, e.g. {@code " (old)"}; empty when none. */
  private static String oldNames(List<String> validFor, ServiceRef want) {
    for (String v : validFor) {
      ServiceRef s = Fields.service(v);
      if (s != null && s.namespace().equals(want.namespace()) && !s.name().equals(want.name())) {
        return " (" + s.name() + ")";
      }
    }
    return "";
  }
}
