package io.certmedic.core.doctor;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.NodeTree;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.DumpReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor -f /etc/kubernetes} end to end: a kubeadm tree written by {@link NodeTree}, read by
 * the real directory walk, judged by every check.
 */
class NodePkiCertificatesTest {

  @TempDir Path dir;

  private List<Finding> doctor(Path root) throws Exception {
    return Doctor.run(DumpReader.read(List.of(root.toString()), System.in), DoctorOptions.at(NOW))
        .findings();
  }

  private static List<String> lines(List<Finding> fs) {
    return fs.stream()
        .map(f -> f.severity() + " " + f.code() + " " + f.object().describe())
        .toList();
  }

  private static List<Finding> atLeastWarning(List<Finding> fs) {
    return fs.stream().filter(f -> f.severity().compareTo(Severity.WARNING) <= 0).toList();
  }

  @Test
  void aHealthyControlPlaneRaisesNothingAtWarningOrAbove() throws Exception {
    Path root =
        NodeTree.kubeadm()
            .kubeletClientAt(dir.resolve("kubelet-client-current.pem"))
            .writeTo(dir.resolve("kubernetes"));

    List<Finding> got = doctor(root);

    assertThat(atLeastWarning(got)).as(lines(got).toString()).isEmpty();
  }

  @Test
  void anExpiredApiserverCertIsOneErrorOnItsFileWithKubeadmsRenewCommand() throws Exception {
    Path root =
        NodeTree.kubeadm()
            .expiring("apiserver", NOW.minus(Duration.ofDays(2)))
            .writeTo(dir.resolve("kubernetes"));
    String crt = root.resolve("pki/apiserver.crt").toString();

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got)).containsExactly("ERROR CERT_EXPIRED File " + crt);
    Finding f = got.get(0);
    assertThat(f.message())
        .isEqualTo(
            crt
                + " (certificate apiserver, CN=kube-apiserver) expired 2 days ago"
                + " (2026-05-30T12:00:00Z); every client of the API server fails with \"x509:"
                + " certificate has expired or is not yet valid\"");
    assertThat(f.fix())
        .isEqualTo(
            "Renew it: kubeadm certs renew apiserver. Confirm with: kubeadm certs"
                + " check-expiration or openssl x509 -noout -enddate -in "
                + crt);
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsAnErrorNamingBothFiles() throws Exception {
    Path root = NodeTree.kubeadm().mismatchedKey("etcd-server").writeTo(dir.resolve("kubernetes"));
    Path crt = root.resolve("pki/etcd/server.crt");

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got)).containsExactly("ERROR CERT_KEY_MISMATCH File " + crt);
    assertThat(got.get(0).message())
        .isEqualTo(
            root.resolve("pki/etcd/server.key")
                + " does not belong to "
                + crt
                + ": a server or client using this pair cannot complete a TLS handshake");
    assertThat(got.get(0).fix()).endsWith("Renew it: kubeadm certs renew etcd-server.");
    assertThat(String.join("\n", got.get(0).evidence())).doesNotContain("PRIVATE KEY");
  }

  @Test
  void aCaThatExpiresBeforeWhatItSignedIsAWarningOnEachCertificateItSigned() throws Exception {
    Path root =
        NodeTree.kubeadm()
            .expiring("front-proxy-ca", NOW.plus(Duration.ofDays(200)))
            .writeTo(dir.resolve("kubernetes"));
    String crt = root.resolve("pki/front-proxy-client.crt").toString();

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got)).containsExactly("WARNING CA_EXPIRES_FIRST File " + crt);
    assertThat(got.get(0).message())
        .startsWith(
            "CA "
                + root.resolve("pki/front-proxy-ca.crt")
                + " (CN=front-proxy-ca) expires in 200 days (2026-12-18T12:00:00Z), 100 days before "
                + crt
                + " (front-proxy-client)")
        .contains("renew the CA, not the leaf");
  }

  @Test
  void anApiserverCertWithoutTheServiceNamesIsSanMismatch() throws Exception {
    NodeTree tree = NodeTree.kubeadm();
    Path root = tree.writeTo(dir.resolve("kubernetes"));
    TestPki.Cert bare = TestPki.leaf("node1").signedBy(tree.cert("ca")).build();
    Files.writeString(root.resolve("pki/apiserver.crt"), PemWriter.certificate(bare.cert()));
    Files.writeString(root.resolve("pki/apiserver.key"), PemWriter.privateKey(bare.key()));

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got))
        .containsExactly("ERROR SAN_MISMATCH File " + root.resolve("pki/apiserver.crt"));
    assertThat(got.get(0).message())
        .endsWith(
            " does not carry kubernetes, kubernetes.default, kubernetes.default.svc,"
                + " kubernetes.default.svc.cluster.local, which pods dial the API server by:"
                + " \"x509: certificate is valid for node1, not kubernetes\"");
  }

  @Test
  void aCertificateSignedByAnotherCaThanKubeadmsLayoutSaysIsAnError() throws Exception {
    NodeTree tree = NodeTree.kubeadm();
    Path root = tree.writeTo(dir.resolve("kubernetes"));
    TestPki.Cert wrong =
        TestPki.leaf("front-proxy-client").noSans().signedBy(tree.cert("ca")).build();
    Files.writeString(
        root.resolve("pki/front-proxy-client.crt"), PemWriter.certificate(wrong.cert()));
    Files.writeString(
        root.resolve("pki/front-proxy-client.key"), PemWriter.privateKey(wrong.key()));

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got))
        .containsExactly(
            "ERROR CABUNDLE_UNTRUSTED File " + root.resolve("pki/front-proxy-client.crt"));
    assertThat(got.get(0).message())
        .contains(
            "(issued by CN=kubernetes) does not chain to CA "
                + root.resolve("pki/front-proxy-ca.crt")
                + " (CN=front-proxy-ca): \"x509: certificate signed by unknown authority\"");
  }

  @Test
  void anSaPubThatIsNotSaKeysHalfIsAnError() throws Exception {
    Path root = NodeTree.kubeadm().writeTo(dir.resolve("kubernetes"));
    Files.writeString(
        root.resolve("pki/sa.pub"),
        PemWriter.publicKey(TestPki.ca("other").build().keys().getPublic()));

    List<Finding> got = atLeastWarning(doctor(root));

    assertThat(lines(got))
        .containsExactly("ERROR CERT_KEY_MISMATCH File " + root.resolve("pki/sa.pub"));
    assertThat(got.get(0).message()).contains("rejects every service-account token");
  }
}
