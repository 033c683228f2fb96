package io.certmedic.core.explain;

import static io.certmedic.core.explain.Advice.always;
import static io.certmedic.core.explain.Advice.root;
import static io.certmedic.core.explain.Advice.when;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Advice when a chain does not reach a trusted CA: the verifier's side (unknown authority) and the
 * presenter's side (the peer rejected our certificate).
 */
final class TrustAdvice {

  private TrustAdvice() {}

  /** Java's own trust store, a suspect for any Java caller but the API server's webhooks. */
  private static final Advice.Root JAVA_TRUSTSTORE =
      root(
          "Java trusts only its truststore",
          s -> s.f.stack() == Stack.JDK && !s.webhook,
          "Java trusts only its truststore (cacerts or -Djavax.net.ssl.trustStore): the cluster or server CA is not in it; some Java clients"
              + " also read only the first cert of a multi-cert certificate-authority-data.",
          FindingCode.ENV_TRUST_OVERRIDE);

  static final Advice UNKNOWN_AUTHORITY =
      new Advice(
          Family.UNKNOWN_AUTHORITY,
          TrustAdvice::unknownAuthorityCause,
          List.of(
              when(
                  "an image pull",
                  s -> s.imagePull,
                  List.of(
                      root(
                          "the container runtime does not trust the registry's CA",
                          always(),
                          s ->
                              "The node's container runtime does not trust the registry's CA"
                                  + (s.f.host() != null ? " (" + s.f.host() + ")" : "")
                                  + ": containerd reads /etc/containerd/certs.d/<registry>/ca.crt (CRI-O and Docker: /etc/containers/certs.d or /etc/docker/certs.d),"
                                  + " then the node's system bundle - not the pod's or your laptop's.",
                          FindingCode.TRUST_BUNDLE_STALE),
                      root(
                          "a TLS-intercepting proxy before the registry",
                          "A TLS-intercepting proxy between the node and the registry.",
                          FindingCode.TRUST_BUNDLE_STALE)),
                  s ->
                      "Put the registry's CA on every node where the runtime reads it (certs.d/<registry>/ca.crt, or the system bundle followed by"
                          + " update-ca-certificates and a runtime restart), e.g. with a DaemonSet or machine config; no pod-level setting changes an image pull."),
              when(
                  "an aggregated API",
                  s -> s.apiService,
                  List.of(
                      root(
                          "the APIService's caBundle lacks the serving CA",
                          "The APIService's spec.caBundle does not hold the CA that signed the serving cert of its Service (cert regenerated, caBundle"
                              + " not re-injected).",
                          FindingCode.CABUNDLE_UNTRUSTED),
                      root(
                          "a leftover APIService from an earlier install",
                          always(),
                          s ->
                              "A leftover APIService from an earlier install (e.g. OLM, then Helm) still routes "
                                  + s.f.apiService()
                                  + " to a Service whose"
                                  + " cert comes from another CA, or to nothing.",
                          FindingCode.APISERVICE_ORPHANED,
                          FindingCode.APISERVICE_UNAVAILABLE),
                      root(
                          "a self-signed aggregated server",
                          "The aggregated server presents a self-signed cert and the APIService neither carries its CA nor skips verification.",
                          FindingCode.CABUNDLE_MISSING)),
                  s ->
                      "Point the APIService's caBundle at the CA that signed its server's cert (or let the platform inject it); if the APIService"
                          + " is left over from an old install and nothing serves that version, delete it (kubectl delete apiservice "
                          + Shell.quote(s.f.apiService())
                          + ")."),
              when(
                  "a webhook or a Service in the cluster",
                  s -> s.webhook || s.conversion || (s.svc != null && !s.external),
                  withJava(
                      root(
                          "the caBundle lacks the CA of a regenerated cert",
                          "The caBundle does not hold the CA that signed the serving cert: the cert (and its CA) was regenerated - reinstall, upgrade,"
                              + " pod restart of a self-signing webhook - and the caBundle was not re-injected (injector disabled, not running, or two injectors fighting).",
                          FindingCode.CABUNDLE_UNTRUSTED),
                      root(
                          "the caBundle is empty",
                          "The caBundle is empty or missing and nothing injects it.",
                          FindingCode.CABUNDLE_MISSING),
                      root(
                          "the pod serves a cert of another Secret",
                          "The pod serves a cert from an older or newer Secret than the one the caBundle was made from.",
                          FindingCode.SERVING_CERT_STALE),
                      root(
                          "a platform CA does not trust a self-generated cert",
                          "On a platform with its own CA (OpenShift service-ca), the project's self-generated cert is not trusted by it:"
                              + " let the platform issue the cert (service.beta.openshift.io/serving-cert-secret-name) and inject the caBundle (inject-cabundle).",
                          FindingCode.CABUNDLE_UNTRUSTED)),
                  s ->
                      "Make the caBundle and the serving cert come from the same CA: re-inject the caBundle from the CA in the webhook's cert Secret"
                          + " (or let cert-manager's cainjector / service-ca do it), or delete the cert Secret so the operator regenerates both; then restart"
                          + " the webhook pods. If the conversion webhook's group has leftover APIServices from an old install, delete them."),
              when(
                  "a client of the API server",
                  s -> s.kubelet || s.kubectl || (s.apiServerEndpoint && !s.external),
                  withJava(
                      root(
                          "the client's copy of a rotated cluster CA is stale",
                          "The cluster CA was rotated (upgrade, cert regeneration) and this client's copy of it is stale: the kubelet's kubeconfig"
                              + " certificate-authority-data, a kubeconfig, or the kube-root-ca.crt ConfigMap still holds the old CA.",
                          FindingCode.TRUST_BUNDLE_STALE),
                      root(
                          "the kubeconfig belongs to another cluster",
                          "The kubeconfig belongs to another or a rebuilt cluster (kubeadm reset/init made a new CA).",
                          FindingCode.TRUST_BUNDLE_STALE),
                      root(
                          "a proxy presents its own cert before the API server",
                          "A TLS-intercepting proxy or load balancer presents its own cert in front of the API server.",
                          FindingCode.CABUNDLE_UNTRUSTED)),
                  s ->
                      "Put the current CA into every copy: the node kubeconfig's certificate-authority-data (OpenShift/OKD: ConfigMap"
                          + " loadbalancer-serving-ca in openshift-kube-apiserver-operator, key ca-bundle.crt, for api-int), the kubeconfig you use,"
                          + " and kube-root-ca.crt where pods read it; then restart the kubelet and the pods that cache it (e.g. Multus)."),
              // Nothing in the line says who dialled whom: rank the usual suspects around
              // Kubernetes.
              when(
                  "no caller named, not outside the cluster",
                  s -> !s.external,
                  withJava(
                      root(
                          "a caBundle lacks the serving CA",
                          "A webhook, conversion webhook or APIService caBundle does not hold the CA that signed the serving cert (cert regenerated,"
                              + " caBundle not re-injected).",
                          FindingCode.CABUNDLE_UNTRUSTED),
                      root(
                          "a CA copy went stale after a rotation",
                          "A copy of a CA went stale after a rotation: a kubeconfig's certificate-authority-data, a node's kubelet kubeconfig,"
                              + " kube-root-ca.crt.",
                          FindingCode.TRUST_BUNDLE_STALE),
                      root(
                          "the process reads another CA file",
                          "The process reads a different CA file than the one configured: SSL_CERT_FILE/SSL_CERT_DIR set in the image override a"
                              + " --tls-ca style flag.",
                          FindingCode.ENV_TRUST_OVERRIDE),
                      root(
                          "a private CA or an intercepting proxy",
                          "The server's CA is private or a TLS-intercepting proxy sits in between, and the client's bundle lacks it.",
                          FindingCode.TRUST_BUNDLE_STALE)),
                  s ->
                      "Find who dialled whom (the lines around this one, or certmedic explain --log on the whole log), then make the client's trust"
                          + " hold the CA that signed the server's cert: re-inject the caBundle, refresh the stale CA copy, or point SSL_CERT_FILE at the right CA."),
              when(
                  "a server outside the cluster",
                  always(),
                  withJava(
                      root(
                          "an environment variable overrides the configured CA",
                          "The process does not use the CA you configured: an environment variable such as SSL_CERT_FILE or SSL_CERT_DIR (set in the image)"
                              + " overrides it - Go reads the system pool from SSL_CERT_FILE, so a --tls-ca style flag can be silently ignored; for Java,"
                              + " JAVA_TOOL_OPTIONS/-Djavax.net.ssl.trustStore.",
                          FindingCode.ENV_TRUST_OVERRIDE),
                      root(
                          "the server's CA is private",
                          "The server's CA is private (corporate, GovCloud, a TLS-intercepting proxy) and is not in the container's CA bundle.",
                          FindingCode.TRUST_BUNDLE_STALE),
                      root(
                          "the image's bundle is outdated or the chain incomplete",
                          "The image's CA bundle is outdated, or the server sends an incomplete chain (missing intermediate).",
                          FindingCode.TRUST_BUNDLE_STALE)),
                  List.of(
                      "kubectl -n <namespace> exec deploy/<client> -- env | grep -E 'SSL_CERT_(FILE|DIR)|JAVA_TOOL_OPTIONS|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE'"),
                  s ->
                      "Give the client the CA it needs where it actually reads it: mount the CA from a Secret and point SSL_CERT_FILE at it"
                          + " (or mount it over /etc/ssl/certs/ca-certificates.crt), or remove the overriding variable; for Java import it into the truststore in use."
                          + " Check the logs after deploying.")));

  static final Advice REMOTE_REJECTED =
      new Advice(
          Family.REMOTE_REJECTED,
          s ->
              "This line comes from the side that presented its certificate (a webhook or server log): the peer"
                  + (s.f.peer() != null ? " at " + s.f.peer() : "")
                  + " aborted the handshake with alert '"
                  + (s.f.alert() != null ? s.f.alert() : "bad certificate")
                  + "', i.e. it could not verify our certificate. The reason is in the peer's own log - for a webhook, the kube-apiserver log"
                  + " ('failed calling webhook ...: x509: ...').",
          List.of(
              when(
                  "any rejection by the peer",
                  always(),
                  List.of(
                      root(
                          "the caller's caBundle lacks our CA",
                          s -> unknownAuthorityAlert(s) || !expiredAlert(s),
                          "The caller's CA bundle (the webhook's caBundle) does not hold the CA that signed our cert.",
                          FindingCode.CABUNDLE_UNTRUSTED),
                      root(
                          "our certificate has expired, as the alert says",
                          s -> !unknownAuthorityAlert(s) && expiredAlert(s),
                          "Our certificate has expired.",
                          FindingCode.CERT_EXPIRED),
                      root(
                          "our cert lacks the name dialled",
                          s -> !unknownAuthorityAlert(s) && !expiredAlert(s),
                          "Our cert does not carry the name the caller dials (svc.ns.svc), or names it only in the CN.",
                          FindingCode.SAN_MISMATCH,
                          FindingCode.CERT_NO_SAN),
                      root(
                          "our cert may have expired",
                          s -> !unknownAuthorityAlert(s) && !expiredAlert(s),
                          "Our cert has expired.",
                          FindingCode.CERT_EXPIRED)),
                  List.of(
                      "kubectl -n kube-system logs -l component=kube-apiserver --tail=2000 | certmedic explain --log -"),
                  s ->
                      "Read the peer's error (certmedic explain --log on the API server log) and fix what it names; usually re-inject the caBundle"
                          + " from the CA that signed the serving cert, or reissue the cert with the right SANs, then restart the server.")));

  private static String unknownAuthorityCause(Situation s) {
    ErrorFacts f = s.f;
    StringBuilder cause =
        new StringBuilder(s.what())
            .append(
                ": the verifier could not build a chain from the presented certificate to any CA it trusts");
    if (f.authority() != null) {
      cause
          .append(". Go found a trusted CA named \"")
          .append(f.authority())
          .append("\" that looks like the issuer, but the signature did not verify with its key")
          .append(f.reason() != null ? " (" + f.reason() + ")" : "")
          .append(
              ": the cert was signed by a different CA of the same name, which is what a regenerated CA or a rotated cluster CA looks like");
    } else if (f.reason() != null) {
      cause.append(" (").append(f.reason()).append(")");
    }
    return cause.append('.').toString();
  }

  /** The case's own roots, then Java's truststore. */
  private static List<Advice.Root> withJava(Advice.Root... roots) {
    List<Advice.Root> out = new ArrayList<>(List.of(roots));
    out.add(JAVA_TRUSTSTORE);
    return out;
  }

  private static String alert(Situation s) {
    return s.f.alert() == null ? "" : s.f.alert();
  }

  /** The peer's alert says it does not know our CA ({@code unknown certificate authority}). */
  private static boolean unknownAuthorityAlert(Situation s) {
    String alert = alert(s);
    return alert.contains("unknown") && (alert.contains("authority") || alert.contains(" ca"));
  }

  private static boolean expiredAlert(Situation s) {
    return alert(s).contains("expired");
  }
}
