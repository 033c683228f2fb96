package io.certmedic.core.doctor;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.testing.NodeTree;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.DumpReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfig users' client certificates, read from files as {@code doctor -f} reads them. */
class KubeconfigClientCertificateTest {

  @TempDir Path dir;

  /** How the reader names a kubeconfig read from {@code file}. */
  private static String source(Path file) {
    return file + ": document 1 (line 1)";
  }

  private List<Finding> run(Path p) throws Exception {
    return new KubeconfigClientCertificate()
        .run(
            new Analysis(DumpReader.read(List.of(p.toString()), System.in), DoctorOptions.at(NOW)));
  }

  @Test
  void aKubeletConfWhoseClientCertificateIsPastItsDateIsAnErrorNamingTheFileAndUser()
      throws Exception {
    Path pem = dir.resolve("kubelet-client-current.pem");
    Path root =
        NodeTree.kubeadm()
            .kubeletClientAt(pem)
            .expiring("kubelet.conf", NOW.minus(Duration.ofDays(3)))
            .writeTo(dir.resolve("kubernetes"));

    List<Finding> got = run(root);

    assertThat(got).hasSize(1);
    Finding f = got.get(0);
    assertThat(f.code()).isEqualTo(FindingCode.CERT_EXPIRED);
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.object().describe())
        .isEqualTo("Kubeconfig " + source(root.resolve("kubelet.conf")));
    assertThat(f.message())
        .isEqualTo(
            "kubeconfig "
                + source(root.resolve("kubelet.conf"))
                + " user default-auth client certificate "
                + pem
                + " (CN=system:node:node1) expired 3 days ago (2026-05-29T12:00:00Z); the API"
                + " server refuses it and answers 401 Unauthorized to everything this user does");
    assertThat(f.fix())
        .startsWith("The kubelet renews its own client certificate")
        .endsWith("Confirm with: openssl x509 -noout -enddate -in " + pem);
  }

  @Test
  void anAdminConfPastItsDateIsRenewedWithKubeadm() throws Exception {
    Path root =
        NodeTree.kubeadm()
            .expiring("admin.conf", NOW.plus(Duration.ofDays(10)))
            .writeTo(dir.resolve("kubernetes"));

    List<Finding> got = run(root);

    assertThat(got).hasSize(1);
    assertThat(got.get(0).code()).isEqualTo(FindingCode.CERT_EXPIRING_SOON);
    assertThat(got.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(got.get(0).message())
        .startsWith(
            "kubeconfig "
                + source(root.resolve("admin.conf"))
                + " user admin client certificate (CN=system:admin) expires in 10 days");
    assertThat(got.get(0).fix()).startsWith("Renew it: kubeadm certs renew admin.conf.");
    assertThat(got.get(0).evidence()).contains("used by context(s): admin@kubernetes");
  }

  @Test
  void aClientKeyOfAnotherCertificateIsAKeyMismatch() throws Exception {
    TestPki.Cert ca = TestPki.ca("kubernetes").build();
    TestPki.Cert client = TestPki.leaf("jane").signedBy(ca).build();
    TestPki.Cert other = TestPki.leaf("joe").signedBy(ca).build();
    String yaml =
        NodeTree.kubeconfig("jane", ca, client)
            .replace(
                "client-key-data: ",
                "client-key-data: "
                    + java.util.Base64.getEncoder()
                        .encodeToString(
                            io.certmedic.core.pem.PemWriter.privateKey(other.key())
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    + "\n    x-old: ");
    Path file = Files.writeString(dir.resolve("jane.kubeconfig"), yaml);

    List<Finding> got = run(file);

    assertThat(got).extracting(Finding::code).containsExactly(FindingCode.CERT_KEY_MISMATCH);
    assertThat(got.get(0).message())
        .isEqualTo(
            "kubeconfig "
                + source(file)
                + " user jane client-key-data does not belong to kubeconfig "
                + source(file)
                + " user jane client certificate: a server or client using this pair cannot"
                + " complete a TLS handshake");
    assertThat(String.join("\n", got.get(0).evidence())).doesNotContain("PRIVATE KEY");
  }

  @Test
  void aClientCertificateFileThatCouldNotBeReadIsNotAFinding() throws Exception {
    Path root = NodeTree.kubeadm().writeTo(dir.resolve("kubernetes"));

    assertThat(run(root)).isEmpty();
  }
}
