package io.certmedic.core.explain;

import io.certmedic.core.finding.FindingCode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns facts into advice: the cause in plain words, root causes ranked by what the line says about
 * the connection (webhook or kubelet, in-cluster Service or cloud API), the doctor codes that would
 * confirm each, the commands to run and the fix. Pure; times come from the line.
 */
final class Advisor {

  private static final DateTimeFormatter JAVA_DATE =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss zzz yyyy", Locale.ENGLISH);

  /** Samples are shown, not stored: cap them so one huge line cannot fill the output. */
  static final int MAX_SAMPLE_CHARS = 600;

  private Advisor() {}

  static Explanation explain(
      ErrorFacts f, long count, String firstSeen, String lastSeen, String sample) {
    Ctx c = new Ctx(f);
    Advice a =
        switch (f.family()) {
          case HOSTNAME_MISMATCH -> hostname(c);
          case EXPIRED -> expired(c);
          case NOT_YET_VALID -> notYetValid(c);
          case UNKNOWN_AUTHORITY -> unknownAuthority(c);
          case LEGACY_CN -> legacyCn(c);
          case KEY_USAGE -> keyUsage(c);
          case WEAK_SIGNATURE -> weak(c);
          case REMOTE_REJECTED -> remoteRejected(c);
          case UNKNOWN -> unknown(c);
        };
    Set<String> commands = new LinkedHashSet<>(c.locateCommands());
    commands.addAll(a.commands);
    commands.add(c.doctorCommand());
    String s = sample == null ? null : sample.strip();
    if (s != null && s.length() > MAX_SAMPLE_CHARS) {
      s = s.substring(0, MAX_SAMPLE_CHARS) + "...";
    }
    return new Explanation(
        f,
        count,
        firstSeen,
        lastSeen,
        c.expiredAgo,
        a.cause,
        a.roots,
        List.copyOf(a.codes),
        List.copyOf(commands),
        a.fix,
        s);
  }

  /** Mutable advice under construction. */
  private static final class Advice {
    String cause;
    final List<String> roots = new ArrayList<>();
    final Set<FindingCode> codes = new LinkedHashSet<>();
    final Set<String> commands = new LinkedHashSet<>();
    String fix;

    Advice root(String text, FindingCode... confirmedBy) {
      roots.add(text);
      codes.addAll(List.of(confirmedBy));
      return this;
    }
  }

  /** What the facts say about the connection, worked out once. */
  private static final class Ctx {
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

    Ctx(ErrorFacts f) {
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
              && !isIp(h)
              && h.contains(".")
              && !h.endsWith(".svc")
              && !h.endsWith(".local")
              && !h.equals("localhost");
      this.expiredAgo =
          ago(
              f.family() == Family.EXPIRED ? f.notAfter() : f.notBefore(),
              f.currentTime() != null ? f.currentTime() : f.timestamp(),
              f.family() == Family.EXPIRED);
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

    List<String> locateCommands() {
      List<String> out = new ArrayList<>();
      if (webhook) {
        String w = f.webhook();
        out.add(
            "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o jsonpath='{range .items[*]}"
                + "{range .webhooks[?(@.name==\""
                + w
                + "\")]}{.name}{\"\\t\"}{.clientConfig.service.namespace}/{.clientConfig.service.name}"
                + "{\"\\t\"}{.clientConfig.url}{\"\\n\"}{end}{end}'");
        out.add(
            "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o jsonpath='{.items[*].webhooks[?(@.name==\""
                + w
                + "\")].clientConfig.caBundle}' | awk '{print $1}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
      }
      if (conversion) {
        String k = f.crd().kind();
        out.add(
            "kubectl get crd -o jsonpath='{range .items[?(@.spec.names.kind==\""
                + k
                + "\")]}{.metadata.name}{\"\\t\"}"
                + "{.spec.conversion.webhook.clientConfig.service.namespace}/{.spec.conversion.webhook.clientConfig.service.name}{\"\\n\"}{end}'");
        out.add(
            "kubectl get crd -o jsonpath='{.items[?(@.spec.names.kind==\""
                + k
                + "\")].spec.conversion.webhook.clientConfig.caBundle}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
        out.add("kubectl get apiservices | grep -i '" + f.crd().group() + "'");
      }
      if (apiService) {
        String a = f.apiService();
        out.add(
            "kubectl get apiservice "
                + a
                + " -o jsonpath='{.spec.service}{\"\\n\"}{.spec.insecureSkipTLSVerify}{\"\\n\"}{.status.conditions}{\"\\n\"}'");
        out.add(
            "kubectl get apiservice "
                + a
                + " -o jsonpath='{.spec.caBundle}' | base64 -d | openssl x509 -noout -subject -issuer -enddate");
        out.add(
            "kubectl get apiservices | grep -v Local   # leftovers of old installs show False (ServiceNotFound, FailedDiscoveryCheck)");
      }
      if (svc != null) {
        out.add("kubectl -n " + svc.namespace() + " get service " + svc.name() + " -o wide");
        out.add(
            "kubectl -n "
                + svc.namespace()
                + " get secrets --field-selector type=kubernetes.io/tls");
        out.add(
            "kubectl -n "
                + svc.namespace()
                + " get secret <tls-secret> -o jsonpath='{.data.tls\\.crt}' | base64 -d"
                + " | openssl x509 -noout -subject -issuer -dates -ext subjectAltName");
        out.add(
            "kubectl -n "
                + svc.namespace()
                + " port-forward svc/"
                + svc.name()
                + " 8443:"
                + (f.port() != null ? f.port() : 443)
                + " & certmedic probe 127.0.0.1:8443 --server-name "
                + svc.dnsName()
                + " --ca ca-bundle.pem   # ca-bundle.pem: the caller's caBundle, decoded");
      } else if (kubelet || kubectl || apiServerEndpoint) {
        String hp =
            f.host() != null
                ? hostPort(f.host(), f.port() != null ? f.port() : 6443)
                : "<api-server>:6443";
        out.add(
            "openssl s_client -connect "
                + hp
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
                + hostPort(f.host(), port)
                + (isIp(f.host()) ? "" : " -servername " + f.host())
                + " -showcerts </dev/null"
                + " | openssl x509 -noout -subject -issuer -dates -ext subjectAltName");
        out.add(
            "certmedic probe "
                + hostPort(f.host(), port)
                + " --ca ca-bundle.pem   # the CA bundle the client trusts");
      }
      return out;
    }

    String doctorCommand() {
      return "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations,apiservices,crd,svc,deploy,sts,ds,secrets,configmaps -A -o yaml | certmedic doctor -f -"
          + (svc != null ? " -n " + svc.namespace() : "");
    }
  }

  private static Advice hostname(Ctx c) {
    ErrorFacts f = c.f;
    Advice a = new Advice();
    String wanted = f.wanted() != null ? f.wanted() : f.host();
    a.cause =
        c.what()
            + ": the verifier checked the certificate's names against the name it dialled"
            + (wanted != null ? " (" + wanted + ")" : "")
            + " and found no match"
            + (f.validFor().isEmpty()
                ? "."
                : "; the certificate is valid only for " + String.join(", ", f.validFor()) + ".")
            + (f.stack() == Stack.GO ? " Go checks the SANs only, never the Common Name." : "");
    ServiceRef want = Fields.service(wanted);
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
    if (want != null) {
      String svcRenamed =
          "The Service was renamed and the certificate kept: the cert was issued for the old Service name"
              + oldNames(f.validFor(), want)
              + " and the caller now dials "
              + want.dnsName()
              + "; the operator reuses the cert stored in its Secret instead of reissuing it.";
      String nsMoved =
          "The certificate was made for another namespace: the chart or operator was installed into "
              + want.namespace()
              + " but the cert (or its generator's --namespace) names a different one.";
      String missingForm =
          "The certificate lacks the exact form the API server dials: it must carry "
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
      if (renamed) {
        a.root(svcRenamed, FindingCode.SAN_MISMATCH);
      }
      if (otherNs) {
        a.root(nsMoved, FindingCode.SAN_MISMATCH);
      }
      if (shortOnly) {
        a.root(missingForm, FindingCode.SAN_MISMATCH);
      }
      // Without names to compare, both stories stay possible; names that contradict one drop it.
      if (!renamed && !anySvc) {
        a.root(svcRenamed, FindingCode.SAN_MISMATCH);
      }
      if (!otherNs && !anySameNs) {
        a.root(nsMoved, FindingCode.SAN_MISMATCH);
      }
      a.root(
          "The Secret already holds a correct cert but the pod still serves the old one (it reads the cert only at start).",
          FindingCode.SERVING_CERT_STALE);
      a.fix =
          "Reissue the serving cert with every name the API server may dial ("
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
              + want.namespace()
              + " delete secret <webhook-cert-secret>),"
              + " or let cert-manager / the platform CA issue it; update the caBundle if the CA changed; then restart the webhook pods."
              + " Alternatively point the caller back at the Service name the cert carries. Run '"
              + c.doctorCommand()
              + "' to confirm (SAN_MISMATCH).";
    } else if (c.apiServerEndpoint || c.kubectl) {
      a.root(
          "The API server's serving cert lacks this name or IP: you reach it through a name, load balancer or address it was not issued for.",
          FindingCode.SAN_MISMATCH);
      a.root(
          "The kubeconfig's server: points at a different endpoint than intended (another cluster, a proxy, an old IP).",
          FindingCode.SAN_MISMATCH);
      a.fix =
          "Add the name to the API server cert (kubeadm: apiServer.certSANs then 'kubeadm init phase certs apiserver';"
              + " k3s: --tls-san) and restart the API server, or use a name the cert already carries in the kubeconfig's server: field.";
    } else if (f.port() != null && f.port() == 10250) {
      a.root(
          "A kubelet's serving cert (port 10250) is self-signed for the node name and carries no node IP: the API server or"
              + " metrics-server dials the IP.",
          FindingCode.SAN_MISMATCH);
      a.root(
          "The node's address changed after its kubelet serving cert was made.",
          FindingCode.SAN_MISMATCH);
      a.fix =
          "Have kubelets request serving certs from the cluster CA (serverTLSBootstrap: true in the kubelet config, then approve the"
              + " kubelet-serving CSRs: kubectl get csr; kubectl certificate approve ...), or make the caller dial node names"
              + " (metrics-server: --kubelet-preferred-address-types=Hostname).";
    } else {
      a.root(
          "The client dials a name the server's cert was not issued for (a new DNS name, an IP, a proxy or ingress in between).",
          FindingCode.SAN_MISMATCH);
      a.root(
          "The server presents a cert meant for another host (default cert of an ingress or load balancer, SNI not sent).",
          FindingCode.SAN_MISMATCH);
      a.root(
          "A renewed cert was written but the server still serves the old one.",
          FindingCode.SERVING_CERT_STALE);
      a.fix =
          "Reissue the server's cert with the name the client dials"
              + (wanted != null ? " (" + wanted + ")" : "")
              + " in its SANs, or make the client dial a name the cert carries.";
    }
    return a;
  }

  private static String oldNames(List<String> validFor, ServiceRef want) {
    for (String v : validFor) {
      ServiceRef s = Fields.service(v);
      if (s != null && s.namespace().equals(want.namespace()) && !s.name().equals(want.name())) {
        return " (" + s.name() + ")";
      }
    }
    return "";
  }

  private static Advice expired(Ctx c) {
    ErrorFacts f = c.f;
    Advice a = new Advice();
    String when = f.notAfter() != null ? " at " + f.notAfter() : "";
    a.cause =
        c.what()
            + ": a certificate in the chain it was shown has expired"
            + when
            + (c.expiredAgo != null ? ", " + c.expiredAgo + " ago" : "")
            + (f.currentTime() != null
                ? " (the verifier's clock read " + f.currentTime() + ")"
                : "")
            + ". Verification stops at the first expired cert, leaf or CA.";
    a.root(
        "Nothing renews the serving cert: it was generated once (often for one year) by a chart hook, script or the operator's"
            + " own cert controller, and no renewal or expiry warning exists.",
        FindingCode.CERT_EXPIRED,
        FindingCode.CERT_NOT_MANAGED);
    a.root(
        "The cert was renewed in its Secret but the pod still serves the old one: it reads the cert only at start.",
        FindingCode.SERVING_CERT_STALE);
    a.root(
        "The CA that signed it (in the caBundle or trust store) has expired, not the leaf.",
        FindingCode.CERT_EXPIRED);
    if (c.expiredAgo == null || c.kubelet) {
      a.root("The verifier's clock is wrong (check NTP on the node).", FindingCode.CERT_EXPIRED);
    }
    if (c.external) {
      a.fix =
          "Install a renewed certificate on the server "
              + f.host()
              + " and restart it; automate renewal and alert before expiry.";
    } else if (c.webhook
        || c.conversion
        || c.svc != null
        || !(c.kubelet || c.kubectl || c.apiServerEndpoint)) {
      a.fix =
          "Replace the Secret in "
              + c.ns()
              + " with a fresh cert (and CA if it expired too), update the caBundle of the"
              + " ValidatingWebhookConfiguration and MutatingWebhookConfiguration (and CRD conversion or APIService) to the CA that signed it,"
              + " then restart the serving workload (kubectl -n "
              + c.ns()
              + " rollout restart deploy|sts/<name>) since it reads the cert only at start."
              + " Then make renewal automatic (cert-manager or certmedic's controller) and alert before expiry.";
    } else if (c.kubelet || c.kubectl || c.apiServerEndpoint) {
      a.fix =
          "Renew the cluster certs (kubeadm certs check-expiration; kubeadm certs renew all; restart the control plane)"
              + " and refresh the client cert in the kubeconfig; on nodes, make sure kubelet client/serving rotation is on.";
    }
    return a;
  }

  private static Advice notYetValid(Ctx c) {
    ErrorFacts f = c.f;
    Advice a = new Advice();
    a.cause =
        c.what()
            + ": a certificate in the chain is not valid yet"
            + (f.notBefore() != null
                ? " (notBefore "
                    + f.notBefore()
                    + (c.expiredAgo != null ? ", " + c.expiredAgo + " in the future" : "")
                    + ")"
                : "")
            + (f.currentTime() != null ? "; the verifier's clock read " + f.currentTime() : "")
            + ".";
    a.root(
        "The verifier's clock is behind (node without NTP, a VM resumed from suspend).",
        FindingCode.CERT_NOT_YET_VALID);
    a.root(
        "The issuer's clock was ahead, or it set notBefore to 'now' without backdating, and the cert was used at once.",
        FindingCode.CERT_NOT_YET_VALID);
    a.fix =
        "Fix the clock (chrony/NTP) on the verifying node; reissue the cert with notBefore a few minutes in the past (certmedic backdates by 5 minutes).";
    return a;
  }

  private static Advice unknownAuthority(Ctx c) {
    ErrorFacts f = c.f;
    Advice a = new Advice();
    StringBuilder cause =
        new StringBuilder(c.what())
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
    a.cause = cause.append('.').toString();
    if (c.imagePull) {
      a.root(
          "The node's container runtime does not trust the registry's CA"
              + (f.host() != null ? " (" + f.host() + ")" : "")
              + ": containerd reads /etc/containerd/certs.d/<registry>/ca.crt (CRI-O and Docker: /etc/containers/certs.d or /etc/docker/certs.d),"
              + " then the node's system bundle - not the pod's or your laptop's.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.root(
          "A TLS-intercepting proxy between the node and the registry.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.fix =
          "Put the registry's CA on every node where the runtime reads it (certs.d/<registry>/ca.crt, or the system bundle followed by"
              + " update-ca-certificates and a runtime restart), e.g. with a DaemonSet or machine config; no pod-level setting changes an image pull.";
      return a;
    }
    if (c.apiService) {
      a.root(
          "The APIService's spec.caBundle does not hold the CA that signed the serving cert of its Service (cert regenerated, caBundle"
              + " not re-injected).",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.root(
          "A leftover APIService from an earlier install (e.g. OLM, then Helm) still routes "
              + f.apiService()
              + " to a Service whose"
              + " cert comes from another CA, or to nothing.",
          FindingCode.APISERVICE_ORPHANED,
          FindingCode.APISERVICE_UNAVAILABLE);
      a.root(
          "The aggregated server presents a self-signed cert and the APIService neither carries its CA nor skips verification.",
          FindingCode.CABUNDLE_MISSING);
      a.fix =
          "Point the APIService's caBundle at the CA that signed its server's cert (or let the platform inject it); if the APIService"
              + " is left over from an old install and nothing serves that version, delete it (kubectl delete apiservice "
              + f.apiService()
              + ").";
      return a;
    }
    if (c.webhook || c.conversion || (c.svc != null && !c.external)) {
      a.root(
          "The caBundle does not hold the CA that signed the serving cert: the cert (and its CA) was regenerated - reinstall, upgrade,"
              + " pod restart of a self-signing webhook - and the caBundle was not re-injected (injector disabled, not running, or two injectors fighting).",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.root(
          "The caBundle is empty or missing and nothing injects it.", FindingCode.CABUNDLE_MISSING);
      a.root(
          "The pod serves a cert from an older or newer Secret than the one the caBundle was made from.",
          FindingCode.SERVING_CERT_STALE);
      a.root(
          "On a platform with its own CA (OpenShift service-ca), the project's self-generated cert is not trusted by it:"
              + " let the platform issue the cert (service.beta.openshift.io/serving-cert-secret-name) and inject the caBundle (inject-cabundle).",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.fix =
          "Make the caBundle and the serving cert come from the same CA: re-inject the caBundle from the CA in the webhook's cert Secret"
              + " (or let cert-manager's cainjector / service-ca do it), or delete the cert Secret so the operator regenerates both; then restart"
              + " the webhook pods. If the conversion webhook's group has leftover APIServices from an old install, delete them.";
    } else if (c.kubelet || c.kubectl || (c.apiServerEndpoint && !c.external)) {
      a.root(
          "The cluster CA was rotated (upgrade, cert regeneration) and this client's copy of it is stale: the kubelet's kubeconfig"
              + " certificate-authority-data, a kubeconfig, or the kube-root-ca.crt ConfigMap still holds the old CA.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.root(
          "The kubeconfig belongs to another or a rebuilt cluster (kubeadm reset/init made a new CA).",
          FindingCode.TRUST_BUNDLE_STALE);
      a.root(
          "A TLS-intercepting proxy or load balancer presents its own cert in front of the API server.",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.fix =
          "Put the current CA into every copy: the node kubeconfig's certificate-authority-data (OpenShift/OKD: ConfigMap"
              + " loadbalancer-serving-ca in openshift-kube-apiserver-operator, key ca-bundle.crt, for api-int), the kubeconfig you use,"
              + " and kube-root-ca.crt where pods read it; then restart the kubelet and the pods that cache it (e.g. Multus).";
    } else if (!c.external) {
      // Nothing in the line says who dialled whom: rank the usual suspects around Kubernetes.
      a.root(
          "A webhook, conversion webhook or APIService caBundle does not hold the CA that signed the serving cert (cert regenerated,"
              + " caBundle not re-injected).",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.root(
          "A copy of a CA went stale after a rotation: a kubeconfig's certificate-authority-data, a node's kubelet kubeconfig,"
              + " kube-root-ca.crt.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.root(
          "The process reads a different CA file than the one configured: SSL_CERT_FILE/SSL_CERT_DIR set in the image override a"
              + " --tls-ca style flag.",
          FindingCode.ENV_TRUST_OVERRIDE);
      a.root(
          "The server's CA is private or a TLS-intercepting proxy sits in between, and the client's bundle lacks it.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.fix =
          "Find who dialled whom (the lines around this one, or certmedic explain --log on the whole log), then make the client's trust"
              + " hold the CA that signed the server's cert: re-inject the caBundle, refresh the stale CA copy, or point SSL_CERT_FILE at the right CA.";
    } else {
      a.root(
          "The process does not use the CA you configured: an environment variable such as SSL_CERT_FILE or SSL_CERT_DIR (set in the image)"
              + " overrides it - Go reads the system pool from SSL_CERT_FILE, so a --tls-ca style flag can be silently ignored; for Java,"
              + " JAVA_TOOL_OPTIONS/-Djavax.net.ssl.trustStore.",
          FindingCode.ENV_TRUST_OVERRIDE);
      a.root(
          "The server's CA is private (corporate, GovCloud, a TLS-intercepting proxy) and is not in the container's CA bundle.",
          FindingCode.TRUST_BUNDLE_STALE);
      a.root(
          "The image's CA bundle is outdated, or the server sends an incomplete chain (missing intermediate).",
          FindingCode.TRUST_BUNDLE_STALE);
      a.commands.add(
          "kubectl -n <namespace> exec deploy/<client> -- env | grep -E 'SSL_CERT_(FILE|DIR)|JAVA_TOOL_OPTIONS|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE'");
      a.fix =
          "Give the client the CA it needs where it actually reads it: mount the CA from a Secret and point SSL_CERT_FILE at it"
              + " (or mount it over /etc/ssl/certs/ca-certificates.crt), or remove the overriding variable; for Java import it into the truststore in use."
              + " Check the logs after deploying.";
    }
    if (f.stack() == Stack.JDK && !c.webhook) {
      a.root(
          "Java trusts only its truststore (cacerts or -Djavax.net.ssl.trustStore): the cluster or server CA is not in it; some Java clients"
              + " also read only the first cert of a multi-cert certificate-authority-data.",
          FindingCode.ENV_TRUST_OVERRIDE);
    }
    return a;
  }

  private static Advice legacyCn(Ctx c) {
    Advice a = new Advice();
    a.cause =
        c.what()
            + ": the certificate carries no Subject Alternative Name the verifier can use"
            + (c.f.wanted() != null ? " for " + c.f.wanted() : "")
            + "; its name is only in the Common Name, which Go (since 1.15, so the API server"
            + " since Kubernetes 1.19) and modern clients ignore.";
    a.root(
        "The cert was made with 'openssl req -subj /CN=...' (or an old script) without a subjectAltName extension.",
        FindingCode.CERT_NO_SAN);
    a.root(
        "A long-lived cert from before Go 1.15 still in use after a cluster upgrade.",
        FindingCode.CERT_NO_SAN);
    a.fix =
        "Reissue the cert with SANs"
            + (c.svc != null
                ? " ("
                    + c.svc.name()
                    + ", "
                    + c.svc.name()
                    + "."
                    + c.svc.namespace()
                    + ", "
                    + c.svc.dnsName()
                    + ", "
                    + c.svc.dnsName()
                    + ".cluster.local)"
                : "")
            + " - e.g. openssl -addext 'subjectAltName=DNS:...', cert-manager dnsNames, or certmedic's issuer - and restart the server.";
    return a;
  }

  private static Advice keyUsage(Ctx c) {
    Advice a = new Advice();
    a.cause =
        c.what()
            + ": the certificate's key usage or extended key usage does not allow this use (a serving cert needs"
            + " extKeyUsage serverAuth, a client cert clientAuth).";
    a.root(
        "A CA cert or a client cert is being served as a server cert.", FindingCode.PROBE_FAILED);
    a.root(
        "The issuer's profile leaves out 'server auth' (cert-manager usages, an openssl extfile without extendedKeyUsage=serverAuth).",
        FindingCode.PROBE_FAILED);
    a.fix =
        "Reissue with keyUsage digitalSignature (plus keyEncipherment for RSA) and extendedKeyUsage serverAuth (add clientAuth for mutual TLS clients).";
    return a;
  }

  private static Advice weak(Ctx c) {
    Advice a = new Advice();
    a.cause =
        c.what()
            + ": a certificate in the chain is signed with SHA-1 or MD5"
            + (c.f.reason() != null ? " (" + c.f.reason() + ")" : "")
            + (c.f.authority() != null ? " while checking the CA \"" + c.f.authority() + "\"" : "")
            + "; Go 1.18+ and current JDKs reject such signatures.";
    a.root(
        "The cert or its CA was made by an old script or tool defaulting to SHA-1.",
        FindingCode.CERT_WEAK);
    a.fix =
        "Reissue the cert (and the CA if it is the SHA-1 one) with SHA-256; GODEBUG=x509sha1=1 is only a stopgap and is gone in recent Go.";
    return a;
  }

  private static Advice remoteRejected(Ctx c) {
    ErrorFacts f = c.f;
    Advice a = new Advice();
    a.cause =
        "This line comes from the side that presented its certificate (a webhook or server log): the peer"
            + (f.peer() != null ? " at " + f.peer() : "")
            + " aborted the handshake with alert '"
            + (f.alert() != null ? f.alert() : "bad certificate")
            + "', i.e. it could not verify our certificate. The reason is in the peer's own log - for a webhook, the kube-apiserver log"
            + " ('failed calling webhook ...: x509: ...').";
    String alert = f.alert() == null ? "" : f.alert();
    if (alert.contains("unknown") && (alert.contains("authority") || alert.contains(" ca"))) {
      a.root(
          "The caller's CA bundle (the webhook's caBundle) does not hold the CA that signed our cert.",
          FindingCode.CABUNDLE_UNTRUSTED);
    } else if (alert.contains("expired")) {
      a.root("Our certificate has expired.", FindingCode.CERT_EXPIRED);
    } else {
      a.root(
          "The caller's CA bundle (the webhook's caBundle) does not hold the CA that signed our cert.",
          FindingCode.CABUNDLE_UNTRUSTED);
      a.root(
          "Our cert does not carry the name the caller dials (svc.ns.svc), or names it only in the CN.",
          FindingCode.SAN_MISMATCH,
          FindingCode.CERT_NO_SAN);
      a.root("Our cert has expired.", FindingCode.CERT_EXPIRED);
    }
    a.commands.add(
        "kubectl -n kube-system logs -l component=kube-apiserver --tail=2000 | certmedic explain --log -");
    a.fix =
        "Read the peer's error (certmedic explain --log on the API server log) and fix what it names; usually re-inject the caBundle"
            + " from the CA that signed the serving cert, or reissue the cert with the right SANs, then restart the server.";
    return a;
  }

  private static Advice unknown(Ctx c) {
    Advice a = new Advice();
    a.cause =
        c.what()
            + ": a TLS failure certmedic cannot place precisely from this line (it names no verify reason"
            + " certmedic knows); look for a more specific line nearby.";
    a.root(
        "Run a probe to see what the server presents and why it fails.", FindingCode.PROBE_FAILED);
    a.fix =
        "Probe the endpoint (certmedic probe, openssl s_client) and run certmedic doctor; look for a more specific line nearby in the log.";
    return a;
  }

  /**
   * How long ago {@code then} was at {@code now} ("10 days"), both as written in the line; null
   * when either does not parse.
   */
  static String ago(String then, String now, boolean nowAfterThen) {
    Instant t = instant(then);
    Instant n = instant(now);
    if (t == null || n == null) {
      return null;
    }
    Duration d = nowAfterThen ? Duration.between(t, n) : Duration.between(n, t);
    return d.isNegative() ? null : human(d);
  }

  static String human(Duration d) {
    long days = d.toDays();
    if (days >= 1) {
      return days + (days == 1 ? " day" : " days");
    }
    long hours = d.toHours();
    if (hours >= 1) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long minutes = d.toMinutes();
    if (minutes >= 1) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return d.toSeconds() + " seconds";
  }

  static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (RuntimeException e) {
      // try the next form
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      // try the next form
    }
    try {
      return ZonedDateTime.parse(s, JAVA_DATE).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static boolean isIp(String h) {
    return h.indexOf(':') >= 0 || h.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
