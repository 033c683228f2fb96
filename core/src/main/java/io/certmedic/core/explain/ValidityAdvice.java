package io.certmedic.core.explain;

import static io.certmedic.core.explain.Advice.always;
import static io.certmedic.core.explain.Advice.root;
import static io.certmedic.core.explain.Advice.when;

import io.certmedic.core.finding.FindingCode;
import java.util.List;

/** Advice when a certificate of the chain has expired or is not valid yet. */
final class ValidityAdvice {

  private ValidityAdvice() {}

  /** The same causes whoever dialled; only the fix depends on the connection. */
  private static final List<Advice.Root> EXPIRED_ROOTS =
      List.of(
          root(
              "nothing renews the serving cert",
              "Nothing renews the serving cert: it was generated once (often for one year) by a chart hook, script or the operator's"
                  + " own cert controller, and no renewal or expiry warning exists.",
              FindingCode.CERT_EXPIRED,
              FindingCode.CERT_NOT_MANAGED),
          root(
              "the pod still serves the old cert",
              "The cert was renewed in its Secret but the pod still serves the old one: it reads the cert only at start.",
              FindingCode.SERVING_CERT_STALE),
          root(
              "the CA expired, not the leaf",
              "The CA that signed it (in the caBundle or trust store) has expired, not the leaf.",
              FindingCode.CERT_EXPIRED),
          root(
              "the verifier's clock is wrong",
              s -> s.expiredAgo == null || s.kubelet,
              "The verifier's clock is wrong (check NTP on the node).",
              FindingCode.CERT_EXPIRED));

  static final Advice EXPIRED =
      new Advice(
          Family.EXPIRED,
          ValidityAdvice::expiredCause,
          List.of(
              when(
                  "a server outside the cluster",
                  s -> s.external,
                  EXPIRED_ROOTS,
                  s ->
                      "Install a renewed certificate on the server "
                          + s.f.host()
                          + " and restart it; automate renewal and alert before expiry."),
              when(
                  "a serving cert in the cluster",
                  s ->
                      s.webhook
                          || s.conversion
                          || s.svc != null
                          || !(s.kubelet || s.kubectl || s.apiServerEndpoint),
                  EXPIRED_ROOTS,
                  s ->
                      "Replace the Secret in "
                          + s.ns()
                          + " with a fresh cert (and CA if it expired too), update the caBundle of the"
                          + " ValidatingWebhookConfiguration and MutatingWebhookConfiguration (and CRD conversion or APIService) to the CA that signed it,"
                          + " then restart the serving workload (kubectl -n "
                          + s.nsWord()
                          + " rollout restart deploy|sts/<name>) since it reads the cert only at start."
                          + " Then make renewal automatic (cert-manager or certmedic's controller) and alert before expiry."),
              when(
                  "the cluster's own certificates",
                  s -> s.kubelet || s.kubectl || s.apiServerEndpoint,
                  EXPIRED_ROOTS,
                  s ->
                      "Renew the cluster certs (kubeadm certs check-expiration; kubeadm certs renew all; restart the control plane)"
                          + " and refresh the client cert in the kubeconfig; on nodes, make sure kubelet client/serving rotation is on.")));

  static final Advice NOT_YET_VALID =
      new Advice(
          Family.NOT_YET_VALID,
          s ->
              s.what()
                  + ": a certificate in the chain is not valid yet"
                  + (s.f.notBefore() != null
                      ? " (notBefore "
                          + s.f.notBefore()
                          + (s.expiredAgo != null ? ", " + s.expiredAgo + " in the future" : "")
                          + ")"
                      : "")
                  + (s.f.currentTime() != null
                      ? "; the verifier's clock read " + s.f.currentTime()
                      : "")
                  + ".",
          List.of(
              when(
                  "any certificate not valid yet",
                  always(),
                  List.of(
                      root(
                          "the verifier's clock is behind",
                          "The verifier's clock is behind (node without NTP, a VM resumed from suspend).",
                          FindingCode.CERT_NOT_YET_VALID),
                      root(
                          "the issuer did not backdate",
                          "The issuer's clock was ahead, or it set notBefore to 'now' without backdating, and the cert was used at once.",
                          FindingCode.CERT_NOT_YET_VALID)),
                  s ->
                      "Fix the clock (chrony/NTP) on the verifying node; reissue the cert with notBefore a few minutes in the past (certmedic backdates by 5 minutes).")));

  private static String expiredCause(Situation s) {
    ErrorFacts f = s.f;
    return s.what()
        + ": a certificate in the chain it was shown has expired"
        + (f.notAfter() != null ? " at " + f.notAfter() : "")
        + (s.expiredAgo != null ? ", " + s.expiredAgo + " ago" : "")
        + (f.currentTime() != null ? " (the verifier's clock read " + f.currentTime() + ")" : "")
        + ". Verification stops at the first expired cert, leaf or CA.";
  }
}
