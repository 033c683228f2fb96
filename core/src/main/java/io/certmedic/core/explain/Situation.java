package io.certmedic.core.explain;

import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * What the facts of one line say about the connection, worked out once: who called whom (webhook,
 * conversion webhook, aggregated API, kubelet, kubectl, image pull, a client outside the cluster)
 * and, for a name mismatch, how the certificate's names relate to the Service dialled. The advice
 * tables' conditions are written over these fields.
 */
final class Situation {
  final ErrorFacts f;
  final ServiceRef svc;
  final boolean webhook;
  final boolean conversion;
  final boolean apiService;
  final boolean kubelet;
  final boolean kubectl;
  final boolean imagePull;
  final boolean apiServerEndpoint;
  final boolean external;
  final String expiredAgo;

  /** The name the verifier wanted: the one it reports, else the host dialled (nullable). */
  final String wanted;

  /** The Service that name belongs to, when it is one ({@code name.ns.svc}); else null. */
  final ServiceRef want;

  /** The certificate names another Service of the wanted namespace: the Service was renamed. */
  final boolean renamed;

  /** The certificate names the wanted Service in another namespace. */
  final boolean otherNs;

  /** The certificate names the Service only in a short form ({@code name}, {@code name.ns}). */
  final boolean shortOnly;

  /** The certificate names some Service. */
  final boolean anySvc;

  /** The certificate names some Service of the wanted namespace. */
  final boolean anySameNs;

  /** The certificate carries no DNS name at all (Go's "not valid for any names"). */
  final boolean noDnsNames;

  /** The name dialled is an IP address. */
  final boolean ipDialled;

  Situation(ErrorFacts f) {
    this.f = f;
    this.svc = f.service();
    this.webhook = f.webhook() != null;
    this.conversion = f.crd() != null;
    this.apiService = f.apiService() != null;
    this.kubelet = "kubelet".equals(f.caller());
    this.kubectl = "kubectl".equals(f.caller());
    this.imagePull = "image-pull".equals(f.caller());
    String h = f.host() == null ? "" : f.host();
    this.apiServerEndpoint =
        !imagePull
            && !apiService
            && (h.startsWith("api-int.")
                || h.startsWith("api.")
                || h.startsWith("kubernetes")
                || (f.port() != null && f.port() == 6443)
                || kubelet
                || kubectl);
    this.external =
        !h.isEmpty()
            && svc == null
            && !apiServerEndpoint
            && !apiService
            && !Advisor.isIp(h)
            && h.contains(".")
            && !h.endsWith(".svc")
            && !h.endsWith(".local")
            && !h.equals("localhost");
    this.expiredAgo =
        Advisor.ago(
            f.family() == Family.EXPIRED ? f.notAfter() : f.notBefore(),
            f.currentTime() != null ? f.currentTime() : f.timestamp(),
            f.family() == Family.EXPIRED);
    this.wanted = f.wanted() != null ? f.wanted() : f.host();
    this.want = Fields.service(wanted);
    boolean renamed = false;
    boolean otherNs = false;
    boolean shortOnly = false;
    boolean anySvc = false;
    boolean anySameNs = false;
    for (String v : f.validFor()) {
      ServiceRef have = Fields.service(v);
      anySvc |= have != null;
      anySameNs |= want != null && have != null && have.namespace().equals(want.namespace());
      if (want != null && have != null) {
        renamed |= have.namespace().equals(want.namespace()) && !have.name().equals(want.name());
        otherNs |= have.name().equals(want.name()) && !have.namespace().equals(want.namespace());
      }
      if (want != null
          && (v.equals(want.name()) || v.equals(want.name() + "." + want.namespace()))) {
        shortOnly = true;
      }
    }
    this.renamed = renamed;
    this.otherNs = otherNs;
    this.shortOnly = shortOnly;
    this.anySvc = anySvc;
    this.anySameNs = anySameNs;
    this.noDnsNames = GoMatcher.NO_DNS_NAMES.equals(f.reason());
    this.ipDialled = wanted != null && Advisor.isIp(wanted);
  }

  String what() {
    if (webhook) {
      return "the API server calling webhook \""
          + f.webhook()
          + "\""
          + (svc != null ? " (Service " + svc + ")" : "");
    }
    if (conversion) {
      return "the API server calling the conversion webhook of "
          + f.crd().kind()
          + " ("
          + f.crd().group()
          + ")"
          + (svc != null ? " at Service " + svc : "");
    }
    if (apiService) {
      return "the API server calling the aggregated API "
          + f.apiService()
          + (f.host() != null ? " at " + f.host() : "");
    }
    if (kubelet) {
      return "the kubelet calling the API server" + (f.host() != null ? " at " + f.host() : "");
    }
    if (kubectl) {
      return "kubectl calling the API server" + (f.host() != null ? " at " + f.host() : "");
    }
    if (svc != null) {
      return "a client calling Service " + svc;
    }
    if (f.host() != null) {
      return "a client calling " + f.host() + (f.port() != null ? ":" + f.port() : "");
    }
    return "a TLS client";
  }

  String ns() {
    return svc != null ? svc.namespace() : "<namespace>";
  }

  /** {@link #ns} as a shell word: the namespace quoted, the placeholder as it is. */
  String nsWord() {
    return svc != null ? Shell.quote(svc.namespace()) : "<namespace>";
  }

  List<String> locateCommands() {
    List<String> out = new ArrayList<>();
    if (webhook) {
      String w = f.webhook();
      out.add(
          "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o jsonpath='{range .items[*]}"
              + "{range .webhooks[?(@.name==\""
              + Shell.insideSingleQuotes(w)
              + "\")]}{.name}{\"\\t\"}{.clientConfig.service.namespace}/{.clientConfig.service.name}"
              + "{\"\\t\"}{.clientConfig.url}{\"\\n\"}{end}{end}'");
      out.add(
          "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o jsonpath='{.items[*].webhooks[?(@.name==\""
              + Shell.insideSingleQuotes(w)
              + "\")].clientConfig.caBundle}' | awk '{print $1}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
    }
    if (conversion) {
      String k = f.crd().kind();
      out.add(
          "kubectl get crd -o jsonpath='{range .items[?(@.spec.names.kind==\""
              + Shell.insideSingleQuotes(k)
              + "\")]}{.metadata.name}{\"\\t\"}"
              + "{.spec.conversion.webhook.clientConfig.service.namespace}/{.spec.conversion.webhook.clientConfig.service.name}{\"\\n\"}{end}'");
      out.add(
          "kubectl get crd -o jsonpath='{.items[?(@.spec.names.kind==\""
              + Shell.insideSingleQuotes(k)
              + "\")].spec.conversion.webhook.clientConfig.caBundle}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
      out.add(
          "kubectl get apiservices | grep -i '" + Shell.insideSingleQuotes(f.crd().group()) + "'");
    }
    if (apiService) {
      String a = f.apiService();
      out.add(
          "kubectl get apiservice "
              + Shell.quote(a)
              + " -o jsonpath='{.spec.service}{\"\\n\"}{.spec.insecureSkipTLSVerify}{\"\\n\"}{.status.conditions}{\"\\n\"}'");
      out.add(
          "kubectl get apiservice "
              + Shell.quote(a)
              + " -o jsonpath='{.spec.caBundle}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
      out.add(
          "kubectl get apiservices | grep -v Local   # leftovers of old installs show False (ServiceNotFound, FailedDiscoveryCheck)");
    }
    if (svc != null) {
      out.add(
          "kubectl -n "
              + Shell.quote(svc.namespace())
              + " get service "
              + Shell.quote(svc.name())
              + " -o wide");
      out.add(
          "kubectl -n "
              + Shell.quote(svc.namespace())
              + " get secrets --field-selector type=kubernetes.io/tls");
      out.add(
          "kubectl -n "
              + Shell.quote(svc.namespace())
              + " get secret <tls-secret> -o jsonpath='{.data.tls\\.crt}' | base64 -d"
              + " | openssl x509 -noout -subject -issuer -dates -ext subjectAltName");
      out.add(
          "kubectl -n "
              + Shell.quote(svc.namespace())
              + " port-forward "
              + Shell.quote("svc/" + svc.name())
              + " 8443:"
              + (f.port() != null ? f.port() : 443)
              + " & certmedic probe 127.0.0.1:8443 --server-name "
              + Shell.quote(svc.dnsName())
              + " --ca ca-bundle.pem   # ca-bundle.pem: the caller's caBundle, decoded");
    } else if (kubelet || kubectl || apiServerEndpoint) {
      String hp =
          f.host() != null
              ? Advisor.hostPort(f.host(), f.port() != null ? f.port() : 6443)
              : "<api-server>:6443";
      out.add(
          "openssl s_client -connect "
              + (f.host() != null ? Shell.quote(hp) : hp)
              + " -showcerts </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName");
      if (kubelet) {
        out.add(
            "grep certificate-authority-data /etc/kubernetes/kubelet.conf /etc/kubernetes/kubeconfig 2>/dev/null | awk '{print $NF}' | base64 -d"
                + " | openssl x509 -noout -subject -enddate   # on the node: the CA the kubelet trusts");
      } else {
        out.add(
            "kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d"
                + " | openssl x509 -noout -subject -enddate   # the CA your kubeconfig trusts");
      }
      if (f.host() != null && f.host().startsWith("api-int.")) {
        out.add(
            "oc -n openshift-kube-apiserver-operator get configmap loadbalancer-serving-ca -o jsonpath='{.data.ca-bundle\\.crt}'"
                + " | openssl x509 -noout -subject -enddate   # the CA api-int is served under now");
      }
    } else if (f.host() != null) {
      int port = f.port() != null ? f.port() : 443;
      out.add(
          "openssl s_client -connect "
              + Shell.quote(Advisor.hostPort(f.host(), port))
              + (Advisor.isIp(f.host()) ? "" : " -servername " + Shell.quote(f.host()))
              + " -showcerts </dev/null"
              + " | openssl x509 -noout -subject -issuer -dates -ext subjectAltName");
      out.add(
          "certmedic probe "
              + Shell.quote(Advisor.hostPort(f.host(), port))
              + " --ca ca-bundle.pem   # the CA bundle the client trusts");
    }
    return out;
  }

  String doctorCommand() {
    return "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations,apiservices,crd,svc,deploy,sts,ds,secrets,configmaps -A -o yaml | certmedic doctor -f -"
        + (svc != null ? " -n " + Shell.quote(svc.namespace()) : "");
  }
}
