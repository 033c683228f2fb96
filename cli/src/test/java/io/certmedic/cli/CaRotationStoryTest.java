package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The sixth example end to end: the dump and worker-3's kubelet.conf, read together from a
 * directory as {@code doctor -f examples/} reads them, judged at the story's instant.
 */
class CaRotationStoryTest {

  @TempDir Path dir;

  private CliRun doctor(String... more) throws Exception {
    CaRotationStory story = new CaRotationStory();
    Files.writeString(dir.resolve("6-ca-rotation.yaml"), story.cluster());
    Files.writeString(dir.resolve("6-ca-rotation-kubelet.conf"), story.kubeletConf());
    String[] args = {"doctor", "-f", dir.toString(), "--at", CaRotationStory.AT.toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CliRun.of(all);
  }

  @Test
  void theDoctorNamesEachPartOfTheStoryOnTheObjectAUserReadsFirst() throws Exception {
    CliRun r = doctor("-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(IncidentsTest.lines(r.out()))
        .containsExactlyInAnyOrder(
            "warning POD_TRUST_STALE Deployment payments/payments-api",
            "warning CA_EXPIRES_FIRST Secret payments/payments-api-tls",
            "error CERT_EXPIRED Kubeconfig *",
            "error CSR_PENDING CertificateSigningRequest csr-4hz9w",
            "error CSR_PENDING CertificateSigningRequest csr-8b2tq",
            "error CERTIFICATE_NOT_READY Certificate payments/ledger",
            "error ISSUER_NOT_READY Issuer payments/acme-internal-ca",
            "error CHAIN_INCOMPLETE Ingress shop/storefront",
            "error TLS_SECRET_MISSING Ingress shop/checkout");
  }

  @Test
  void theFindingsTellTheDatesOfTheStory() throws Exception {
    JsonNode findings = Json.MAPPER.readTree(doctor("-o", "json").out()).path("findings");
    String all = findings.toString();
    assertThat(all)
        .contains(
            "user default client certificate (CN=system:node:worker-3,O=system:nodes) expired 5"
                + " days ago (2026-11-28T06:00:00Z)",
            "expires in 351 days (2027-11-20T09:30:00Z)",
            "2026-11-20T09:30:00Z",
            "kubectl -n payments rollout restart deployment/payments-api",
            "kubectl certificate approve csr-8b2tq",
            "http://r3.i.acme-pki.example/",
            "secrets \\\"acme-internal-ca-g1\\\" not found");
    assertThat(all)
        .as("shop's pods restarted after the rotation")
        .doesNotContain("storefront-5b6c");
  }

  @Test
  void theKubeletConfCarriesNoPrivateKey() throws Exception {
    String conf = new CaRotationStory().kubeletConf();
    assertThat(conf).contains("client-key-data").doesNotContain("PRIVATE");
    String key =
        new String(
            java.util.Base64.getDecoder()
                .decode(
                    conf.lines()
                        .filter(l -> l.contains("client-key-data"))
                        .findFirst()
                        .orElseThrow()
                        .replaceAll(".*client-key-data: *\"?([^\"]*)\"?$", "$1")),
            java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(key).startsWith("-----BEGIN PUBLIC KEY-----");
  }
}
