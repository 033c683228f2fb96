package io.certmedic.cli;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The five incidents certmedic exists for (shared/INCIDENTS.md), plus a healthy setup, as the
 * cluster dumps a user would take with {@code kubectl get -o yaml}. Certificates are made fresh but
 * at fixed instants, so what the doctor finds never changes: expired ones stay expired and healthy
 * ones last until 2124. Private keys are replaced by their public keys (the stand-in {@code
 * certmedic snapshot} writes), so no private key is ever written and key matching still works.
 */
final class Incidents {

  /** When the healthy certificates start; they last a century. */
  static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  static final Duration CENTURY = Duration.ofDays(36_525);

  private final SecureRandom random = new SecureRandom();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** True: Secrets hold their real private keys, as a live cluster does (to test redaction). */
  private final boolean privateKeys;

  Incidents() {
    this(false);
  }

  Incidents(boolean privateKeys) {
    this.privateKeys = privateKeys;
  }

  /** File name -> YAML text. */
  Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("healthy.yaml", healthy());
    m.put("1-external-secrets-openshift.yaml", externalSecrets());
    m.put("2-external-dns-ssl-cert-file.yaml", externalDns());
    m.put("3-kubesphere-expired-webhook.yaml", kubesphere());
    m.put("4-okd-rotated-ca-kubelet.yaml", okd());
    m.put("5-spark-operator-renamed-service.yaml", spark());
    CaRotationStory story = new CaRotationStory();
    m.put("6-ca-rotation.yaml", story.cluster());
    m.put("6-ca-rotation-kubelet.conf", story.kubeletConf());
    return m;
  }

  CertificateAuthority ca(String cn, Instant from) {
    return Issuer.newCa(cn, KeyType.ECDSA_P256, CENTURY, from, random);
  }

  // --- the scenarios ------------------------------------------------------------------------

  String healthy() {
    CertificateAuthority ca = ca("policy-gate-ca", EPOCH);
    IssuedCertificate leaf =
        Issuer.serving(
            ca,
            ServingCertRequest.forService("policy-gate", "gatekeeping").withLifetime(CENTURY),
            EPOCH,
            random);
    List<Object> docs = new ArrayList<>();
    docs.add(
        tlsSecret(
            "gatekeeping",
            "policy-gate-tls",
            leaf,
            Map.of("cert-manager.io/certificate-name", "policy-gate")));
    docs.add(
        certificate(
            "gatekeeping",
            "policy-gate",
            "policy-gate-tls",
            List.of("policy-gate.gatekeeping.svc", "policy-gate.gatekeeping.svc.cluster.local")));
    docs.add(
        service(
            "gatekeeping", "policy-gate", Map.of("app", "policy-gate"), 443, "https", Map.of()));
    docs.add(
        deployment(
            "gatekeeping",
            "policy-gate",
            Map.of("app", "policy-gate"),
            List.of("--tls-cert-file=/certs/tls.crt", "--tls-private-key-file=/certs/tls.key"),
            "https",
            8443,
            List.of(mount("certs", "policy-gate-tls", "/certs")),
            Map.of()));
    docs.add(
        webhookConfig(
            "ValidatingWebhookConfiguration",
            "policy-gate",
            Map.of("cert-manager.io/inject-ca-from", "gatekeeping/policy-gate"),
            webhook(
                "validate.policy-gate.example.com",
                "gatekeeping",
                "policy-gate",
                443,
                "/validate",
                ca.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "apps",
                "deployments")));
    return yaml(docs);
  }

  String externalSecrets() {
    String ns = "external-secrets-operator";
    String svc = "external-secrets-operator-webhook";
    CertificateAuthority serviceCa = ca("openshift-service-serving-signer@1700000000", EPOCH);
    CertificateAuthority esoCa = ca("external-secrets", EPOCH);
    IssuedCertificate selfMade =
        Issuer.leaf(
            esoCa,
            svc + "." + ns + ".svc",
            List.of(svc + "." + ns + ".svc"),
            List.of(),
            KeyType.ECDSA_P256,
            CENTURY,
            EPOCH,
            random);
    List<Object> docs = new ArrayList<>();
    docs.add(tlsSecret(ns, svc, selfMade, Map.of()));
    docs.add(
        service(
            ns,
            svc,
            Map.of("app.kubernetes.io/name", "external-secrets-webhook"),
            443,
            "webhook",
            Map.of()));
    docs.add(
        deployment(
            ns,
            "external-secrets-webhook",
            Map.of("app.kubernetes.io/name", "external-secrets-webhook"),
            List.of("webhook", "--port=10250", "--cert-dir=/tmp/certs", "--check-interval=5m"),
            "webhook",
            10250,
            List.of(mount("certs", svc, "/tmp/certs")),
            Map.of()));
    docs.add(
        deployment(
            ns,
            "external-secrets-cert-controller",
            Map.of("app.kubernetes.io/name", "external-secrets-cert-controller"),
            List.of(
                "certcontroller",
                "--service-name=" + svc,
                "--service-namespace=" + ns,
                "--secret-name=" + svc,
                "--secret-namespace=" + ns),
            "metrics",
            8080,
            List.of(),
            Map.of()));
    Map<String, String> inject = Map.of("service.beta.openshift.io/inject-cabundle", "true");
    docs.add(
        conversionCrd(
            "externalsecrets.external-secrets.io",
            "external-secrets.io",
            "ExternalSecret",
            List.of("v1beta1", "v1"),
            ns,
            svc,
            serviceCa.certificate(),
            inject));
    docs.add(
        webhookConfig(
            "ValidatingWebhookConfiguration",
            "externalsecret-validate",
            inject,
            webhook(
                "validate.externalsecret.external-secrets.io",
                ns,
                svc,
                443,
                "/validate-external-secrets-io-v1-externalsecret",
                serviceCa.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "external-secrets.io",
                "externalsecrets")));
    for (String api :
        List.of(
            "v1alpha1.external-secrets.io",
            "v1alpha1.generators.external-secrets.io",
            "v1alpha1.operator.external-secrets.io",
            "v1beta1.external-secrets.io")) {
      docs.add(
          apiService(
              api,
              ns,
              "external-secrets-operator-controller-manager-service",
              serviceCa.certificate()));
    }
    return yaml(docs);
  }

  String externalDns() {
    CertificateAuthority govCa = ca("GovCloud Custom Root CA", EPOCH);
    List<Object> docs = new ArrayList<>();
    docs.add(
        secret(
            "external-dns",
            "external-dns-custom-ca",
            "Opaque",
            Map.of("ca.crt", PemWriter.certificate(govCa.certificate())),
            Map.of()));
    Map<String, Object> dep =
        deployment(
            "external-dns",
            "external-dns",
            Map.of("app.kubernetes.io/name", "external-dns"),
            List.of(
                "--source=service",
                "--source=ingress",
                "--provider=aws",
                "--aws-zone-type=public",
                "--tls-ca=/etc/ssl/custom/ca.crt"),
            "http",
            7979,
            List.of(mount("custom-ca", "external-dns-custom-ca", "/etc/ssl/custom")),
            Map.of(
                "SSL_CERT_FILE",
                "/etc/ssl/certs/ca-certificates.crt",
                "AWS_REGION",
                "us-gov-west-1"));
    docs.add(dep);
    return yaml(docs);
  }

  String kubesphere() {
    String ns = "kubesphere-devops-system";
    Instant issued = Instant.parse("2023-02-14T06:13:48Z");
    CertificateAuthority ca = ca("kubesphere-devops-webhook-ca", issued);
    IssuedCertificate leaf =
        Issuer.serving(
            ca,
            ServingCertRequest.forService("webhook-server-service", ns)
                .withLifetime(Duration.ofDays(365)),
            issued,
            random);
    List<Object> docs = new ArrayList<>();
    docs.add(tlsSecret(ns, "s2i-webhook-server-cert", leaf, Map.of()));
    docs.add(
        service(
            ns,
            "webhook-server-service",
            Map.of("control-plane", "s2i-controller-manager"),
            443,
            "9443",
            Map.of()));
    Map<String, Object> sts =
        deployment(
            ns,
            "s2ioperator",
            Map.of("control-plane", "s2i-controller-manager"),
            List.of("/manager", "--metrics-addr=:8080"),
            "webhook-server",
            9443,
            List.of(
                mount("cert", "s2i-webhook-server-cert", "/tmp/k8s-webhook-server/serving-certs")),
            Map.of());
    sts.put("kind", "StatefulSet");
    docs.add(sts);
    docs.add(
        webhookConfig(
            "ValidatingWebhookConfiguration",
            "validating-webhook-configuration",
            Map.of(),
            webhook(
                "validate.s2ibuilder.devops.kubesphere.io",
                ns,
                "webhook-server-service",
                443,
                "/validate-devops-kubesphere-io-v1alpha1-s2ibuilder",
                ca.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "devops.kubesphere.io",
                "s2ibuilders")));
    docs.add(
        webhookConfig(
            "MutatingWebhookConfiguration",
            "mutating-webhook-configuration",
            Map.of(),
            webhook(
                "mutate.s2ibuilder.devops.kubesphere.io",
                ns,
                "webhook-server-service",
                443,
                "/mutate-devops-kubesphere-io-v1alpha1-s2ibuilder",
                ca.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "devops.kubesphere.io",
                "s2ibuilders")));
    return yaml(docs);
  }

  String okd() {
    CertificateAuthority oldCa =
        ca("kube-apiserver-lb-signer", Instant.parse("2020-06-01T00:00:00Z"));
    CertificateAuthority newCa =
        ca("kube-apiserver-lb-signer", Instant.parse("2024-03-01T00:00:00Z"));
    String both = PemWriter.certificates(List.of(oldCa.certificate(), newCa.certificate()));
    List<Object> docs = new ArrayList<>();
    docs.add(
        configMap(
            "openshift-kube-apiserver-operator",
            "loadbalancer-serving-ca",
            Map.of("ca-bundle.crt", both)));
    for (String ns : List.of("default", "kube-system", "openshift-dns", "openshift-ingress")) {
      docs.add(configMap(ns, "kube-root-ca.crt", Map.of("ca.crt", both)));
    }
    docs.add(
        configMap(
            "openshift-multus",
            "kube-root-ca.crt",
            Map.of("ca.crt", PemWriter.certificate(oldCa.certificate()))));
    Map<String, Object> kubeconfig = new LinkedHashMap<>();
    kubeconfig.put("apiVersion", "v1");
    kubeconfig.put("kind", "Config");
    kubeconfig.put(
        "clusters",
        List.of(
            Map.of(
                "name",
                "local",
                "cluster",
                Map.of(
                    "server",
                    "https://api-int.okd.example.com:6443",
                    "certificate-authority-data",
                    b64(PemWriter.certificate(oldCa.certificate()))))));
    kubeconfig.put(
        "contexts",
        List.of(
            Map.of("name", "kubelet", "context", Map.of("cluster", "local", "user", "kubelet"))));
    kubeconfig.put("current-context", "kubelet");
    kubeconfig.put(
        "users",
        List.of(
            Map.of(
                "name",
                "kubelet",
                "user",
                Map.of(
                    "client-certificate",
                    "/var/lib/kubelet/pki/kubelet-client-current.pem",
                    "client-key",
                    "/var/lib/kubelet/pki/kubelet-client-current.pem"))));
    docs.add(kubeconfig);
    return "# /etc/kubernetes/kubeconfig of node worker-0 (born on OKD 4.6) is the last document.\n"
        + yaml(docs);
  }

  String spark() {
    String ns = "default";
    CertificateAuthority ca = ca("spark-operator-webhook-ca", EPOCH);
    IssuedCertificate oldName =
        Issuer.leaf(
            ca,
            "spark-operator-webhook." + ns + ".svc",
            List.of(
                "spark-operator-webhook." + ns + ".svc",
                "spark-operator-webhook." + ns + ".svc.cluster.local"),
            List.of(),
            KeyType.ECDSA_P256,
            CENTURY,
            EPOCH,
            random);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ca-cert.pem", PemWriter.certificate(ca.certificate()));
    data.put("server-cert.pem", PemWriter.certificate(oldName.certificate()));
    data.put(
        "server-key.pem",
        privateKeys
            ? PemWriter.privateKey(oldName.privateKey())
            : PemWriter.publicKey(oldName.certificate().getPublicKey()));
    List<Object> docs = new ArrayList<>();
    docs.add(
        secret(
            ns,
            "spark-operator-webhook-certs",
            "Opaque",
            data,
            privateKeys ? Map.of() : Map.of(REDACTED, "server-key.pem")));
    docs.add(
        service(
            ns,
            "spark-operator-webhook-svc",
            Map.of("app.kubernetes.io/component", "webhook"),
            443,
            "webhook",
            Map.of()));
    docs.add(
        deployment(
            ns,
            "spark-operator-webhook",
            Map.of("app.kubernetes.io/component", "webhook"),
            List.of(
                "webhook",
                "start",
                "--webhook-secret-name=spark-operator-webhook-certs",
                "--webhook-secret-namespace=" + ns,
                "--webhook-svc-name=spark-operator-webhook-svc",
                "--webhook-svc-namespace=" + ns,
                "--webhook-port=9443"),
            "webhook",
            9443,
            List.of(),
            Map.of()));
    docs.add(
        webhookConfig(
            "MutatingWebhookConfiguration",
            "spark-operator-webhook",
            Map.of(),
            webhook(
                "mutate-sparkapplication.sparkoperator.k8s.io",
                ns,
                "spark-operator-webhook-svc",
                443,
                "/mutate-sparkoperator-k8s-io-v1beta2-sparkapplication",
                ca.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "sparkoperator.k8s.io",
                "sparkapplications")));
    docs.add(
        webhookConfig(
            "ValidatingWebhookConfiguration",
            "spark-operator-webhook",
            Map.of(),
            webhook(
                "validate-sparkapplication.sparkoperator.k8s.io",
                ns,
                "spark-operator-webhook-svc",
                443,
                "/validate-sparkoperator-k8s-io-v1beta2-sparkapplication",
                ca.certificate(),
                "Fail",
                List.of("CREATE", "UPDATE"),
                "sparkoperator.k8s.io",
                "sparkapplications")));
    return yaml(docs);
  }

  // --- object builders -----------------------------------------------------------------------

  /** Annotation that says which keys hold a public-key stand-in instead of a private key. */
  static final String REDACTED = "certmedic.io/redacted-keys";

  static Map<String, Object> meta(
      String ns, String name, Map<String, String> labels, Map<String, String> annotations) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!annotations.isEmpty()) {
      m.put("annotations", new java.util.TreeMap<>(annotations));
    }
    m.put("creationTimestamp", "2024-03-10T01:01:16Z");
    if (!labels.isEmpty()) {
      m.put("labels", new java.util.TreeMap<>(labels));
    }
    m.put("name", name);
    if (ns != null) {
      m.put("namespace", ns);
    }
    m.put("resourceVersion", "1");
    m.put(
        "uid",
        UUID.nameUUIDFromBytes((ns + "/" + name).getBytes(StandardCharsets.UTF_8)).toString());
    return m;
  }

  static Map<String, Object> object(String apiVersion, String kind, Map<String, Object> meta) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.put("metadata", meta);
    return o;
  }

  static Map<String, Object> secret(
      String ns,
      String name,
      String type,
      Map<String, String> data,
      Map<String, String> annotations) {
    Map<String, Object> o = object("v1", "Secret", meta(ns, name, Map.of(), annotations));
    Map<String, Object> d = new LinkedHashMap<>();
    data.forEach((k, v) -> d.put(k, b64(v)));
    o.put("data", d);
    o.put("type", type);
    return o;
  }

  Map<String, Object> tlsSecret(
      String ns, String name, IssuedCertificate leaf, Map<String, String> annotations) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ca.crt", PemWriter.certificate(leaf.caCertificate()));
    data.put("tls.crt", PemWriter.certificate(leaf.certificate()));
    data.put(
        "tls.key",
        privateKeys
            ? PemWriter.privateKey(leaf.privateKey())
            : PemWriter.publicKey(leaf.certificate().getPublicKey()));
    Map<String, String> ann = new LinkedHashMap<>(annotations);
    if (!privateKeys) {
      ann.put(REDACTED, "tls.key");
    }
    return secret(ns, name, "kubernetes.io/tls", data, ann);
  }

  static Map<String, Object> configMap(String ns, String name, Map<String, String> data) {
    Map<String, Object> o = object("v1", "ConfigMap", meta(ns, name, Map.of(), Map.of()));
    o.put("data", new LinkedHashMap<>(data));
    return o;
  }

  static Map<String, Object> service(
      String ns,
      String name,
      Map<String, String> selector,
      int port,
      String targetPort,
      Map<String, String> annotations) {
    Map<String, Object> o = object("v1", "Service", meta(ns, name, Map.of(), annotations));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    p.put(
        "targetPort",
        targetPort.chars().allMatch(Character::isDigit)
            ? (Object) Integer.parseInt(targetPort)
            : targetPort);
    o.put(
        "spec",
        Map.of(
            "ports",
            List.of(p),
            "selector",
            new java.util.TreeMap<>(selector),
            "type",
            "ClusterIP"));
    return o;
  }

  record Mount(String volume, String secret, String path) {}

  static Mount mount(String volume, String secret, String path) {
    return new Mount(volume, secret, path);
  }

  static Map<String, Object> deployment(
      String ns,
      String name,
      Map<String, String> labels,
      List<String> args,
      String portName,
      int port,
      List<Mount> mounts,
      Map<String, String> env) {
    Map<String, Object> o = object("apps/v1", "Deployment", meta(ns, name, labels, Map.of()));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("args", args);
    if (!env.isEmpty()) {
      List<Object> e = new ArrayList<>();
      new java.util.TreeMap<>(env).forEach((k, v) -> e.add(Map.of("name", k, "value", v)));
      c.put("env", e);
    }
    c.put("image", "registry.example/" + name + ":latest");
    c.put("name", name.length() > 20 ? "manager" : name);
    c.put("ports", List.of(Map.of("containerPort", port, "name", portName, "protocol", "TCP")));
    if (!mounts.isEmpty()) {
      c.put(
          "volumeMounts",
          mounts.stream()
              .map(m -> Map.of("mountPath", m.path(), "name", m.volume(), "readOnly", true))
              .toList());
    }
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("containers", List.of(c));
    if (!mounts.isEmpty()) {
      pod.put(
          "volumes",
          mounts.stream()
              .map(m -> Map.of("name", m.volume(), "secret", Map.of("secretName", m.secret())))
              .toList());
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", 1);
    spec.put("selector", Map.of("matchLabels", new java.util.TreeMap<>(labels)));
    spec.put(
        "template",
        Map.of("metadata", Map.of("labels", new java.util.TreeMap<>(labels)), "spec", pod));
    o.put("spec", spec);
    return o;
  }

  static Map<String, Object> webhook(
      String name,
      String ns,
      String svc,
      int port,
      String path,
      X509Certificate ca,
      String failurePolicy,
      List<String> operations,
      String group,
      String resource) {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("admissionReviewVersions", List.of("v1"));
    w.put(
        "clientConfig",
        Map.of(
            "caBundle",
            b64(PemWriter.certificate(ca)),
            "service",
            Map.of("name", svc, "namespace", ns, "path", path, "port", port)));
    w.put("failurePolicy", failurePolicy);
    w.put("name", name);
    w.put(
        "rules",
        List.of(
            Map.of(
                "apiGroups",
                List.of(group),
                "apiVersions",
                List.of("*"),
                "operations",
                operations,
                "resources",
                List.of(resource))));
    w.put("sideEffects", "None");
    return w;
  }

  static Map<String, Object> webhookConfig(
      String kind, String name, Map<String, String> annotations, Map<String, Object> webhook) {
    Map<String, Object> o =
        object("admissionregistration.k8s.io/v1", kind, meta(null, name, Map.of(), annotations));
    o.put("webhooks", List.of(webhook));
    return o;
  }

  static Map<String, Object> conversionCrd(
      String name,
      String group,
      String kind,
      List<String> versions,
      String ns,
      String svc,
      X509Certificate ca,
      Map<String, String> annotations) {
    Map<String, Object> o =
        object(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            meta(null, name, Map.of(), annotations));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "conversion",
        Map.of(
            "strategy",
            "Webhook",
            "webhook",
            Map.of(
                "conversionReviewVersions",
                List.of("v1"),
                "clientConfig",
                Map.of(
                    "caBundle",
                    b64(PemWriter.certificate(ca)),
                    "service",
                    Map.of("name", svc, "namespace", ns, "path", "/convert", "port", 443)))));
    spec.put("group", group);
    spec.put("names", Map.of("kind", kind, "plural", name.substring(0, name.indexOf('.'))));
    spec.put("scope", "Namespaced");
    List<Object> vs = new ArrayList<>();
    for (String v : versions) {
      vs.add(
          Map.of(
              "name", v, "served", true, "storage", v.equals(versions.get(versions.size() - 1))));
    }
    spec.put("versions", vs);
    o.put("spec", spec);
    return o;
  }

  static Map<String, Object> apiService(String name, String ns, String svc, X509Certificate ca) {
    Map<String, Object> o =
        object("apiregistration.k8s.io/v1", "APIService", meta(null, name, Map.of(), Map.of()));
    String group = name.substring(name.indexOf('.') + 1);
    o.put(
        "spec",
        Map.of(
            "caBundle",
            b64(PemWriter.certificate(ca)),
            "group",
            group,
            "groupPriorityMinimum",
            1000,
            "service",
            Map.of("name", svc, "namespace", ns, "port", 443),
            "version",
            name.substring(0, name.indexOf('.')),
            "versionPriority",
            100));
    o.put(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "lastTransitionTime",
                    "2024-03-10T01:05:00Z",
                    "message",
                    "service/" + svc + " in \"" + ns + "\" is not present",
                    "reason",
                    "ServiceNotFound",
                    "status",
                    "False",
                    "type",
                    "Available"))));
    return o;
  }

  static Map<String, Object> certificate(
      String ns, String name, String secret, List<String> dnsNames) {
    Map<String, Object> o =
        object("cert-manager.io/v1", "Certificate", meta(ns, name, Map.of(), Map.of()));
    o.put(
        "spec",
        Map.of(
            "dnsNames",
            dnsNames,
            "issuerRef",
            Map.of("kind", "Issuer", "name", name + "-issuer"),
            "secretName",
            secret));
    return o;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  static String yaml(List<Object> docs) {
    StringBuilder sb = new StringBuilder();
    for (Object d : docs) {
      String y = YAML.writeValueAsString(d);
      sb.append(y.startsWith("---") ? y : "---\n" + y);
    }
    return sb.toString();
  }
}
