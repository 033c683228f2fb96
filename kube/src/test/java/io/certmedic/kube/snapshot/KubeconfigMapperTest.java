package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.testing.NodeTree;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.KeyFacts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigMapperTest {

  private static final TestPki.Cert CA = TestPki.ca("kubernetes").build();
  private static final TestPki.Cert CLIENT = TestPki.leaf("kubernetes-admin").signedBy(CA).build();

  @TempDir Path dir;

  private static KubeconfigRecord only(List<String> paths) throws Exception {
    List<KubeconfigRecord> k = DumpReader.read(paths, System.in).kubeconfigs();
    assertThat(k).hasSize(1);
    return k.get(0);
  }

  private static String keyId() {
    return KeyFacts.publicKeyId(CLIENT.keys().getPublic());
  }

  @Test
  void inlineClientCertificateAndKeyDataBecomeTheUsersCertificateAndPublicKeyId() throws Exception {
    Path f = Files.writeString(dir.resolve("admin.conf"), NodeTree.kubeconfig("admin", CA, CLIENT));

    KubeconfigRecord k = only(List.of(f.toString()));

    KubeconfigRecord.User u = k.user("admin").get();
    assertThat(u.clientCertificate().certs())
        .singleElement()
        .isEqualTo(io.certmedic.core.snapshot.CertInfo.of(CLIENT.cert()));
    assertThat(u.clientCertificateFile()).isEmpty();
    assertThat(u.clientKey()).isInstanceOf(DataField.Key.class);
    assertThat(((DataField.Key) u.clientKey()).publicKeyId()).isEqualTo(keyId());
    assertThat(((DataField.Key) u.clientKey()).standIn()).isFalse();
    assertThat(k.contexts())
        .containsExactly(
            new KubeconfigRecord.Context("admin@kubernetes", "kubernetes", "admin", ""));
    assertThat(k.currentContext()).isEqualTo("admin@kubernetes");
    assertThat(k.contextsOf(u)).hasSize(1);
  }

  @Test
  void aRelativeClientCertificatePathIsResolvedAgainstTheKubeconfigsDirectory() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("node/certs"));
    Files.writeString(certs.resolve("client.crt"), PemWriter.certificate(CLIENT.cert()));
    Files.writeString(certs.resolve("client.key"), PemWriter.privateKey(CLIENT.key()));
    Path conf =
        Files.writeString(
            dir.resolve("node/kubelet.conf"),
            NodeTree.kubeconfigWithFiles(CA, "certs/client.crt")
                .replace("client-key: certs/client.crt", "client-key: certs/client.key"));

    KubeconfigRecord.User u = only(List.of(conf.toString())).users().get(0);

    assertThat(u.clientCertificateFile()).isEqualTo("certs/client.crt");
    assertThat(u.clientKeyFile()).isEqualTo("certs/client.key");
    assertThat(u.clientCertificate().certs().get(0).facts().notAfter())
        .isEqualTo(CLIENT.cert().getNotAfter().toInstant());
    assertThat(((DataField.Key) u.clientKey()).publicKeyId()).isEqualTo(keyId());
  }

  @Test
  void oneFileHoldingCertificateAndKeyGivesBoth() throws Exception {
    Path pem =
        Files.writeString(
            dir.resolve("kubelet-client-current.pem"),
            PemWriter.certificate(CLIENT.cert()) + PemWriter.privateKey(CLIENT.key()));
    Path conf =
        Files.writeString(
            dir.resolve("kubelet.kubeconfig"), NodeTree.kubeconfigWithFiles(CA, pem.toString()));

    KubeconfigRecord.User u = only(List.of(conf.toString())).users().get(0);

    assertThat(u.clientCertificate().certs()).hasSize(1);
    assertThat(((DataField.Key) u.clientKey()).publicKeyId()).isEqualTo(keyId());
  }

  @Test
  void anAbsentClientCertificateFileIsUnparsableNamingThePath() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("kubelet.conf"), NodeTree.kubeconfigWithFiles(CA, "missing/client.pem"));

    KubeconfigRecord.User u = only(List.of(conf.toString())).users().get(0);

    assertThat(u.clientCertificate())
        .isEqualTo(
            new DataField.Unparsable(
                "cannot read " + dir.resolve("missing/client.pem") + ": no such file"));
    assertThat(u.clientKey()).isInstanceOf(DataField.Unparsable.class);
  }

  @Test
  void aRelativePathFromStdinIsNotGuessedAt() throws Exception {
    byte[] text = NodeTree.kubeconfigWithFiles(CA, "client.pem").getBytes(StandardCharsets.UTF_8);

    KubeconfigRecord k =
        DumpReader.read(List.of("-"), new ByteArrayInputStream(text)).kubeconfigs().get(0);

    assertThat(k.users().get(0).clientCertificate())
        .isInstanceOfSatisfying(
            DataField.Unparsable.class,
            u -> assertThat(u.problem()).contains("relative path client.pem is not read"));
  }

  @Test
  void kubeconfigFileFlagKeepsUsersAndNamesThePathGiven() throws Exception {
    Path f = Files.writeString(dir.resolve("ci.yaml"), NodeTree.kubeconfig("ci", CA, CLIENT));

    List<KubeconfigRecord> k = DumpReader.readKubeconfigs(List.of(f.toString()));

    assertThat(k)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.source()).isEqualTo(f.toString());
              assertThat(r.user("ci")).isPresent();
              assertThat(r.user("ci").get().hasClientCertificate()).isTrue();
            });
  }

  @Test
  void aUserWithoutClientCertificateHasEmptyFields() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("token.kubeconfig"),
            "apiVersion: v1\nkind: Config\nusers:\n- name: bot\n  user: {token: abc}\n");

    KubeconfigRecord.User u = only(List.of(f.toString())).users().get(0);

    assertThat(u.hasClientCertificate()).isFalse();
    assertThat(u.clientKey()).isEqualTo(DataField.EMPTY);
  }
}
