package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * End to end, for each incident in shared/INCIDENTS.md: a dump of the objects involved goes through
 * {@code certmedic doctor}, and exactly the expected findings come out, with the exit code a CI
 * gate would see. The committed examples/ must say the same as freshly made ones.
 */
class IncidentsTest {

  @TempDir Path dir;

  record Case(String name, Function<Incidents, String> dump, int exit, List<String> findings) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("a healthy webhook yields nothing at all", Incidents::healthy, 0, List.of()),
        new Case(
            "External-Secrets on OpenShift: untrusted self-made cert, one SAN, stale APIServices",
            Incidents::externalSecrets,
            1,
            List.of(
                "critical CABUNDLE_UNTRUSTED CustomResourceDefinition externalsecrets.external-secrets.io",
                "critical CABUNDLE_UNTRUSTED ValidatingWebhookConfiguration externalsecret-validate",
                "error APISERVICE_ORPHANED APIService v1alpha1.external-secrets.io",
                "error APISERVICE_ORPHANED APIService v1alpha1.generators.external-secrets.io",
                "error APISERVICE_ORPHANED APIService v1alpha1.operator.external-secrets.io",
                "error APISERVICE_ORPHANED APIService v1beta1.external-secrets.io",
                "info SAN_INCOMPLETE CustomResourceDefinition externalsecrets.external-secrets.io",
                "info SAN_INCOMPLETE ValidatingWebhookConfiguration externalsecret-validate")),
        new Case(
            "External-DNS: SSL_CERT_FILE silently overrides --tls-ca",
            Incidents::externalDns,
            1,
            List.of("error ENV_TRUST_OVERRIDE Deployment external-dns/external-dns")),
        new Case(
            "KubeSphere DevOps: expired webhook cert that nothing renews",
            Incidents::kubesphere,
            1,
            List.of(
                "critical CERT_EXPIRED MutatingWebhookConfiguration mutating-webhook-configuration",
                "critical CERT_EXPIRED ValidatingWebhookConfiguration validating-webhook-configuration",
                "warning CERT_NOT_MANAGED Secret kubesphere-devops-system/s2i-webhook-server-cert")),
        new Case(
            "OKD 4.15: rotated CA never reached the kubelet kubeconfig nor openshift-multus",
            Incidents::okd,
            1,
            List.of(
                "critical TRUST_BUNDLE_STALE Kubeconfig *",
                "error TRUST_BUNDLE_STALE ConfigMap openshift-multus/kube-root-ca.crt")),
        new Case(
            "Spark Operator: Service renamed, certificate kept",
            Incidents::spark,
            1,
            List.of(
                "critical SAN_MISMATCH MutatingWebhookConfiguration spark-operator-webhook",
                "critical SAN_MISMATCH ValidatingWebhookConfiguration spark-operator-webhook")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theDoctorFindsExactlyTheIncident(Case c) throws Exception {
    Path dump = Files.writeString(dir.resolve("dump.yaml"), c.dump().apply(new Incidents()));
    CliRun r = CliRun.of("doctor", "-f", dump.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(c.exit());
    assertThat(lines(r.out())).containsExactlyInAnyOrderElementsOf(c.findings());
  }

  @Test
  void theSparkFindingQuotesGoAndNamesTheRenameAndTheFix() throws Exception {
    Path dump = Files.writeString(dir.resolve("spark.yaml"), new Incidents().spark());
    JsonNode f =
        Json.MAPPER
            .readTree(CliRun.of("doctor", "-f", dump.toString(), "-o", "json").out())
            .path("findings")
            .get(0);
    assertThat(f.path("message").asString())
        .contains(
            "x509: certificate is valid for spark-operator-webhook.default.svc, spark-operator-webhook.default.svc.cluster.local, not spark-operator-webhook-svc.default.svc")
        .contains("was the Service renamed and the certificate kept?");
    assertThat(f.path("fix").asString())
        .contains("kubectl -n default delete secret spark-operator-webhook-certs");
    assertThat(f.path("evidence").toString())
        .contains("--webhook-secret-name=spark-operator-webhook-certs", "lower-confidence link");
  }

  @Test
  void theKubeSphereFixReissuesUpdatesBothCaBundlesAndRestartsTheStatefulSet() throws Exception {
    Path dump = Files.writeString(dir.resolve("ks.yaml"), new Incidents().kubesphere());
    JsonNode f =
        Json.MAPPER
            .readTree(CliRun.of("doctor", "-f", dump.toString(), "-o", "json").out())
            .path("findings")
            .get(0);
    assertThat(f.path("message").asString())
        .contains(
            "is after 2024-02-14T06:13:48Z",
            "the API server refuses CREATE,UPDATE devops.kubesphere.io/s2ibuilders");
    assertThat(f.path("fix").asString())
        .contains(
            "certmedic issue --service webhook-server-service --namespace kubesphere-devops-system")
        // both webhook configurations trust this one Secret: one CA for both, made by fix
        .contains("without that CA's key, run 'certmedic fix'")
        .contains("2 callers trust this Secret")
        .contains("patches every caBundle")
        .contains("kubectl -n kubesphere-devops-system rollout restart statefulset s2ioperator");
    assertThat(f.path("evidence").toString())
        .contains(
            "StatefulSet kubesphere-devops-system/s2ioperator container",
            "volume cert at /tmp/k8s-webhook-server/serving-certs");
  }

  @Test
  void judgedBeforeTheKubeSphereCertExpiredItWasOnlyExpiringSoon() throws Exception {
    Path dump = Files.writeString(dir.resolve("ks.yaml"), new Incidents().kubesphere());
    CliRun r =
        CliRun.of("doctor", "-f", dump.toString(), "-o", "json", "--at", "2024-02-01T00:00:00Z");
    assertThat(lines(r.out()))
        .contains(
            "warning CERT_EXPIRING_SOON ValidatingWebhookConfiguration validating-webhook-configuration")
        .noneMatch(l -> l.contains("CERT_EXPIRED"));
    assertThat(r.exit()).isZero();
  }

  @Test
  void theCommittedExamplesSayWhatFreshOnesSay() throws Exception {
    Path examples = Path.of("..", "examples");
    Map<String, String> fresh = new Incidents().all();
    for (Map.Entry<String, String> e : fresh.entrySet()) {
      Path committed = examples.resolve(e.getKey());
      assertThat(committed)
          .as(
              "examples/%s is committed (regenerate: ./certmedic demo --out examples --force)",
              e.getKey())
          .exists();
      Path made = Files.writeString(dir.resolve(e.getKey()), e.getValue());
      TreeSet<String> want = lines(CliRun.of("doctor", "-f", made.toString(), "-o", "json").out());
      TreeSet<String> got =
          lines(CliRun.of("doctor", "-f", committed.toString(), "-o", "json").out());
      assertThat(got).as(e.getKey()).isEqualTo(want);
      assertNoPrivateKey(committed);
    }
  }

  /** Decodes every Secret value: none may hold a private key, only public-key stand-ins. */
  private static void assertNoPrivateKey(Path file) throws Exception {
    List<String> decoded = new java.util.ArrayList<>();
    try (var in = Files.newInputStream(file)) {
      io.certmedic.kube.manifest.ManifestReader.read(
          in,
          file.toString(),
          new io.certmedic.kube.manifest.ManifestSink() {
            @Override
            public void document(io.certmedic.kube.manifest.Document d) {
              for (var f : io.certmedic.kube.manifest.CertFields.of(d)) {
                decoded.add(new String(f.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
              }
            }

            @Override
            public void unreadable(String where, String problem) {
              throw new AssertionError(where + " " + problem);
            }
          });
    }
    assertThat(decoded).isNotEmpty().noneMatch(v -> v.contains("PRIVATE KEY"));
  }

  /**
   * "severity CODE Kind ns/name" per finding; a kubeconfig's name (its file) is replaced by "*".
   */
  static TreeSet<String> lines(String json) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode f : Json.MAPPER.readTree(json).path("findings")) {
      JsonNode o = f.path("object");
      String name =
          o.path("kind").asString().equals("Kubeconfig")
              ? "*"
              : (o.has("namespace") ? o.path("namespace").asString() + "/" : "")
                  + o.path("name").asString();
      out.add(
          f.path("severity").asString()
              + " "
              + f.path("code").asString()
              + " "
              + o.path("kind").asString()
              + " "
              + name);
    }
    return out;
  }
}
