package io.certmedic.cli;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.kube.preflight.ChartRenderer;
import io.certmedic.kube.preflight.Overlay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The three upgrade incidents of shared/INCIDENTS.md as a preflight sees them: the current state (a
 * live dump: objects carry a uid and Helm's release annotations) and what the upgrade applies.
 */
final class Upgrades {

  static final Path SPARK_CHART = Path.of("src/test/resources/charts/spark-like");
  static final String SPARK_RELEASE = "spark-operator";

  private static final YAMLMapper YAML = new YAMLMapper();
  private final Incidents incidents = new Incidents();
  private final SecureRandom random = new SecureRandom();

  /**
   * Spark Operator 1.2.15 as it runs: the chart rendered with the old Service name, the caBundle
   * the operator injected, and the Secret the operator wrote with a certificate for the old name.
   */
  void sparkBefore(Path dir, Path file) throws Exception {
    CertificateAuthority ca = incidents.ca("spark-operator-webhook-ca", Incidents.EPOCH);
    IssuedCertificate cert =
        Issuer.leaf(
            ca,
            "spark-operator-webhook.default.svc",
            List.of(
                "spark-operator-webhook.default.svc",
                "spark-operator-webhook.default.svc.cluster.local"),
            List.of(),
            KeyType.ECDSA_P256,
            Incidents.CENTURY,
            Incidents.EPOCH,
            random);
    Path injected =
        Files.writeString(
            dir.resolve("injected.yaml"),
            "webhook:\n  caBundle: "
                + Base64.getEncoder()
                    .encodeToString(PemWriter.certificate(ca.certificate()).getBytes())
                + "\n");
    String rendered =
        ChartRenderer.render(
            SPARK_CHART,
            SPARK_RELEASE,
            "default",
            List.of(SPARK_CHART.resolve("values-1.2.15.yaml"), injected),
            List.of());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ca-cert.pem", PemWriter.certificate(ca.certificate()));
    data.put("server-cert.pem", PemWriter.certificate(cert.certificate()));
    data.put("server-key.pem", PemWriter.publicKey(cert.certificate().getPublicKey()));
    String secret =
        YAML.writeValueAsString(
            Incidents.secret(
                "default",
                "spark-operator-webhook-certs",
                "Opaque",
                data,
                Map.of(Incidents.REDACTED, "server-key.pem")));
    Files.writeString(
        file, live(rendered, SPARK_RELEASE, "default") + "---\n" + live(secret, null, null));
  }

  static final Path SPARK_1_2_15 = Path.of("src/test/resources/charts/spark-operator-1.2.15");
  static final Path SPARK_2_1_0 = Path.of("src/test/resources/charts/spark-operator-2.1.0");
  static final String SPARK_NS = "spark-operator";

  /**
   * A real Spark Operator 1.2.15 install, as {@code kubectl get -o yaml} shows it: the chart's
   * objects (release annotations, a uid each); the MutatingWebhookConfiguration the operator
   * registered at run time (-webhook-config-name, no release, failurePolicy Ignore as 1.x registers
   * it, caBundle = its CA); and the Secret the pre-install hook's gencerts.sh wrote: four keys, a
   * certificate with the one SAN {@code svc.ns.svc} (private keys as a snapshot shows them:
   * replaced by their public keys).
   */
  void sparkRealBefore(Path file) throws Exception {
    String svc = "spark-operator-webhook";
    String dns = svc + "." + SPARK_NS + ".svc";
    CertificateAuthority ca = incidents.ca(dns, Incidents.EPOCH);
    IssuedCertificate cert =
        Issuer.leaf(
            ca,
            dns,
            List.of(dns),
            List.of(),
            KeyType.ECDSA_P256,
            Incidents.CENTURY,
            Incidents.EPOCH,
            random);
    String rendered =
        ChartRenderer.render(SPARK_1_2_15, SPARK_RELEASE, SPARK_NS, List.of(), List.of());
    Object registered =
        Incidents.webhookConfig(
            "MutatingWebhookConfiguration",
            "spark-operator-webhook-config",
            Map.of(),
            Incidents.webhook(
                "webhook.sparkoperator.k8s.io",
                SPARK_NS,
                svc,
                443,
                "/webhook",
                ca.certificate(),
                "Ignore",
                List.of("CREATE"),
                "",
                "pods"));
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ca-key.pem", PemWriter.publicKey(ca.certificate().getPublicKey()));
    data.put("ca-cert.pem", PemWriter.certificate(ca.certificate()));
    data.put("server-key.pem", PemWriter.publicKey(cert.certificate().getPublicKey()));
    data.put("server-cert.pem", PemWriter.certificate(cert.certificate()));
    Object secret =
        Incidents.secret(
            SPARK_NS,
            "spark-operator-webhook-certs",
            "Opaque",
            data,
            Map.of(Incidents.REDACTED, "ca-key.pem,server-key.pem"));
    Files.writeString(
        file,
        live(rendered, SPARK_RELEASE, SPARK_NS)
            + "---\n"
            + live(Incidents.yaml(List.of(registered, secret)), null, null));
  }

  /**
   * External-Secrets installed by OLM: the Helm-based operator's objects (release
   * "external-secrets", as OLM's helm operator annotates them, including the Service that serves
   * the aggregated APIs), and the APIServices OLM made from its bundle, which call that Service.
   */
  void externalSecretsBefore(Path file) throws Exception {
    String ns = "external-secrets-operator";
    List<Object> extra = new ArrayList<>();
    extra.add(
        Incidents.service(
            ns,
            "external-secrets-operator-controller-manager-service",
            Map.of("control-plane", "controller-manager"),
            443,
            "https",
            Map.of()));
    extra.add(
        Incidents.deployment(
            ns,
            "external-secrets-operator-controller-manager",
            Map.of("control-plane", "controller-manager"),
            List.of("--leader-elect"),
            "https",
            8443,
            List.of(),
            Map.of()));
    // OLM made the APIServices and the CRD from its bundle: they carry no Helm release
    Files.writeString(
        file,
        live(
                incidents.externalSecrets(),
                "external-secrets",
                ns,
                java.util.Set.of("APIService", "CustomResourceDefinition"))
            + "---\n"
            + live(Incidents.yaml(extra), "external-secrets", ns));
  }

  /** The Helm chart's render for the same release: no OLM Service, the webhook objects kept. */
  void externalSecretsAfter(Path file) throws Exception {
    String ns = "external-secrets-operator";
    String svc = "external-secrets-operator-webhook";
    CertificateAuthority serviceCa =
        incidents.ca("openshift-service-serving-signer@1700000000", Incidents.EPOCH);
    List<Object> docs = new ArrayList<>();
    docs.add(
        Incidents.service(
            ns,
            svc,
            Map.of("app.kubernetes.io/name", "external-secrets-webhook"),
            443,
            "webhook",
            Map.of()));
    docs.add(
        Incidents.deployment(
            ns,
            "external-secrets-webhook",
            Map.of("app.kubernetes.io/name", "external-secrets-webhook"),
            List.of("webhook", "--port=10250", "--cert-dir=/tmp/certs", "--check-interval=5m"),
            "webhook",
            10250,
            List.of(Incidents.mount("certs", svc, "/tmp/certs")),
            Map.of()));
    docs.add(
        Incidents.webhookConfig(
            "ValidatingWebhookConfiguration",
            "externalsecret-validate",
            Map.of("service.beta.openshift.io/inject-cabundle", "true"),
            Incidents.webhook(
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
    Files.writeString(file, labelled(Incidents.yaml(docs), "external-secrets"));
  }

  /**
   * OKD before the upgrade: one CA everywhere (the load balancer's bundle, the copies, the
   * kubelet).
   */
  String okdBefore(CertificateAuthority oldCa) throws Exception {
    String old = PemWriter.certificate(oldCa.certificate());
    List<Object> docs = new ArrayList<>();
    docs.add(
        Incidents.configMap(
            "openshift-kube-apiserver-operator",
            "loadbalancer-serving-ca",
            Map.of("ca-bundle.crt", old)));
    for (String ns : List.of("default", "openshift-multus")) {
      docs.add(Incidents.configMap(ns, "kube-root-ca.crt", Map.of("ca.crt", old)));
    }
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
                    Incidents.b64(old)))));
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
                Map.of("client-certificate", "/var/lib/kubelet/pki/kubelet-client-current.pem"))));
    docs.add(kubeconfig);
    return live(Incidents.yaml(docs), null, null);
  }

  /** The upgrade's manifest: the load balancer's serving CA bundle now holds a new CA. */
  String okdAfter(CertificateAuthority oldCa, CertificateAuthority newCa) {
    String both = PemWriter.certificates(List.of(oldCa.certificate(), newCa.certificate()));
    return Incidents.yaml(
        List.of(
            Incidents.configMap(
                "openshift-kube-apiserver-operator",
                "loadbalancer-serving-ca",
                Map.of("ca-bundle.crt", both))));
  }

  CertificateAuthority ca(String cn, Instant from) {
    return incidents.ca(cn, from);
  }

  /**
   * What {@code kubectl get -o yaml} would show of {@code yaml}'s objects: a uid each, and, for a
   * release, the annotations Helm writes at install.
   */
  static String live(String yaml, String release, String releaseNamespace) throws Exception {
    return live(yaml, release, releaseNamespace, java.util.Set.of());
  }

  /**
   * As {@link #live(String, String, String)}, objects of the {@code unreleased} kinds without the
   * release annotations.
   */
  static String live(
      String yaml, String release, String releaseNamespace, java.util.Set<String> unreleased)
      throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode n : YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll()) {
      if (!(n instanceof ObjectNode o)
          || !o.has("kind")
          || "Config".equals(o.path("kind").asString(""))) {
        if (n instanceof ObjectNode) {
          out.append(YAML.writeValueAsString(n));
        }
        continue;
      }
      ObjectNode meta = (ObjectNode) o.get("metadata");
      if (!meta.has("namespace")
          && releaseNamespace != null
          && !Overlay.CLUSTER_SCOPED.contains(o.path("kind").asString(""))) {
        meta.put(
            "namespace",
            releaseNamespace); // helm template leaves it out; the API server fills it in
      }
      meta.put(
          "uid",
          UUID.nameUUIDFromBytes(
                  (o.path("kind").asString("")
                          + meta.path("namespace").asString("")
                          + meta.path("name").asString(""))
                      .getBytes())
              .toString());
      meta.put("resourceVersion", "1");
      if (release != null && !unreleased.contains(o.path("kind").asString(""))) {
        ObjectNode ann =
            meta.has("annotations")
                ? (ObjectNode) meta.get("annotations")
                : meta.putObject("annotations");
        ann.put("meta.helm.sh/release-name", release);
        ann.put("meta.helm.sh/release-namespace", releaseNamespace);
      }
      out.append(YAML.writeValueAsString(o));
    }
    return out.toString();
  }

  /** {@code yaml}'s objects with the release label Helm charts put on what they render. */
  static String labelled(String yaml, String release) throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode n : YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll()) {
      ObjectNode meta = (ObjectNode) n.get("metadata");
      ObjectNode labels =
          meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
      labels.put("app.kubernetes.io/instance", release);
      out.append(YAML.writeValueAsString(n));
    }
    return out.toString();
  }
}
