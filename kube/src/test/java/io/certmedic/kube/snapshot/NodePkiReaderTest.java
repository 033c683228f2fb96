package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.NodePkiRecord.Entry;
import io.certmedic.core.snapshot.NodePkiRecord.Role;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.NodeTree;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.KeyFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePkiReaderTest {

  @TempDir Path dir;

  private static Snapshot read(Path p) throws Exception {
    return DumpReader.read(List.of(p.toString()), System.in);
  }

  private static String keyId(TestPki.Cert c) {
    return KeyFacts.publicKeyId(c.keys().getPublic());
  }

  @Test
  void aKubeadmEtcKubernetesIsReadAsOneNodePkiWithEveryCertificateItsKeyAndItsCa()
      throws Exception {
    NodeTree tree = NodeTree.kubeadm();
    Path root = tree.writeTo(dir.resolve("kubernetes"));

    Snapshot s = read(root);

    assertThat(s.nodePki()).hasSize(1);
    NodePkiRecord pki = s.nodePki().get(0);
    assertThat(pki.root()).isEqualTo(root.toString());
    assertThat(pki.layout()).isEqualTo(NodePkiRecord.Layout.KUBEADM);
    Map<String, String> caOf =
        pki.certificates().stream().collect(Collectors.toMap(Entry::name, Entry::caName));
    assertThat(caOf)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("apiserver", "ca"),
                Map.entry("apiserver-kubelet-client", "ca"),
                Map.entry("apiserver-etcd-client", "etcd-ca"),
                Map.entry("front-proxy-client", "front-proxy-ca"),
                Map.entry("etcd-server", "etcd-ca"),
                Map.entry("etcd-peer", "etcd-ca"),
                Map.entry("etcd-healthcheck-client", "etcd-ca"),
                Map.entry("admin.conf", "ca"),
                Map.entry("super-admin.conf", "ca"),
                Map.entry("controller-manager.conf", "ca"),
                Map.entry("scheduler.conf", "ca"),
                Map.entry("kubelet.conf", "ca")));
    assertThat(pki.authorities())
        .extracting(Entry::name)
        .containsExactlyInAnyOrder("ca", "front-proxy-ca", "etcd-ca");
    Entry apiserver =
        pki.certificates().stream().filter(e -> e.name().equals("apiserver")).findFirst().get();
    assertThat(apiserver.path()).isEqualTo(root.resolve("pki/apiserver.crt").toString());
    assertThat(apiserver.keyPath()).isEqualTo(root.resolve("pki/apiserver.key").toString());
    assertThat(apiserver.leaf().get().facts().notAfter())
        .isEqualTo(tree.cert("apiserver").cert().getNotAfter().toInstant());
    assertThat(((DataField.Key) apiserver.key()).publicKeyId())
        .isEqualTo(keyId(tree.cert("apiserver")))
        .isEqualTo(apiserver.leaf().get().publicKeyId());
    assertThat(pki.authority("etcd-ca").get().path())
        .isEqualTo(root.resolve("pki/etcd/ca.crt").toString());
  }

  @Test
  void keysAreKeptOnlyAsPublicKeyIdsNeverTheirBytes() throws Exception {
    NodeTree tree = NodeTree.kubeadm();
    Path root = tree.writeTo(dir.resolve("kubernetes"));
    String keyPem = Files.readString(root.resolve("pki/apiserver.key"));
    String body = keyPem.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());

    NodePkiRecord pki = read(root).nodePki().get(0);

    assertThat(pki.toString()).doesNotContain(body.substring(0, 40));
    for (Entry e : pki.entries()) {
      assertThat(e.key())
          .as("kubelet.conf names a file this tree lacks: its key is unreadable, not kept")
          .isInstanceOfAny(DataField.Key.class, DataField.Empty.class, DataField.Unparsable.class);
      if (e.key() instanceof DataField.Key k) {
        assertThat(k.standIn()).as(e.name()).isFalse();
        assertThat(k.publicKeyId()).as(e.name()).isNotBlank();
      }
    }
  }

  @Test
  void theServiceAccountKeyPairIsReadAsTwoPublicKeyIds() throws Exception {
    Path root = NodeTree.kubeadm().writeTo(dir.resolve("kubernetes"));

    NodePkiRecord.ServiceAccountKey sa = read(root).nodePki().get(0).serviceAccountKeys().get(0);

    assertThat(sa.keyPath()).endsWith("sa.key");
    assertThat(sa.publicKeyPath()).endsWith("sa.pub");
    assertThat(((DataField.Key) sa.key()).publicKeyId())
        .isEqualTo(((DataField.Key) sa.publicKey()).publicKeyId());
  }

  @Test
  void aMissingCaKeyIsKubeadmsExternalCaMode() throws Exception {
    Path root = NodeTree.kubeadm().externalCa().writeTo(dir.resolve("kubernetes"));

    NodePkiRecord pki = read(root).nodePki().get(0);

    assertThat(pki.authority("ca").get().keyAbsent()).isTrue();
    assertThat(pki.authority("ca").get().keyPath()).isEmpty();
    assertThat(pki.authority("etcd-ca").get().keyAbsent()).isFalse();
  }

  @Test
  void kubeletConfNamingAnAbsentFileSaysWhyItsCertificateWasNotRead() throws Exception {
    Path root = NodeTree.kubeadm().writeTo(dir.resolve("kubernetes"));

    Entry kubelet =
        read(root).nodePki().get(0).certificates().stream()
            .filter(e -> e.name().equals("kubelet.conf"))
            .findFirst()
            .get();

    assertThat(kubelet.role()).isEqualTo(Role.KUBECONFIG);
    assertThat(kubelet.certificate())
        .isEqualTo(
            new DataField.Unparsable(
                "cannot read /var/lib/kubelet/pki/kubelet-client-current.pem: no such file"));
  }

  @Test
  void thePkiDirectoryGivenAloneIsReadWithoutItsKubeconfigs() throws Exception {
    Path root = NodeTree.kubeadm().writeTo(dir.resolve("kubernetes"));

    NodePkiRecord pki = read(root.resolve("pki")).nodePki().get(0);

    assertThat(pki.root()).isEqualTo(root.resolve("pki").toString());
    assertThat(pki.certificates()).extracting(Entry::role).containsOnly(Role.CERTIFICATE);
    assertThat(pki.certificates()).hasSize(7);
  }

  @Test
  void aKubeletPkiIsReadWithItsCurrentClientCertificateAndItsSelfSignedServingCertificate()
      throws Exception {
    Path pkiDir = Files.createDirectories(dir.resolve("kubelet/pki"));
    TestPki.Cert ca = TestPki.ca("kubernetes").build();
    TestPki.Cert old =
        TestPki.leaf("system:node:node1").noSans().signedBy(ca).expiredDaysAgo(30).build();
    TestPki.Cert current = TestPki.leaf("system:node:node1").noSans().signedBy(ca).build();
    Files.writeString(
        pkiDir.resolve("kubelet-client-2025-01-01-00-00-00.pem"),
        PemWriter.certificate(old.cert()) + PemWriter.privateKey(old.key()));
    Path now =
        Files.writeString(
            pkiDir.resolve("kubelet-client-2026-05-01-00-00-00.pem"),
            PemWriter.certificate(current.cert()) + PemWriter.privateKey(current.key()));
    Files.createSymbolicLink(pkiDir.resolve("kubelet-client-current.pem"), now.getFileName());
    TestPki.Cert serving = TestPki.leaf("node1").build();
    Files.writeString(pkiDir.resolve("kubelet.crt"), PemWriter.certificate(serving.cert()));
    Files.writeString(pkiDir.resolve("kubelet.key"), PemWriter.privateKey(serving.key()));

    Snapshot s = read(pkiDir);

    NodePkiRecord pki = s.nodePki().get(0);
    assertThat(pki.layout()).isEqualTo(NodePkiRecord.Layout.KUBELET);
    Entry client = pki.certificates().get(0);
    assertThat(client.name()).isEqualTo("kubelet-client-current.pem");
    assertThat(client.caName()).isEqualTo("ca");
    assertThat(client.leaf().get().facts().notAfter())
        .isEqualTo(current.cert().getNotAfter().toInstant());
    assertThat(((DataField.Key) client.key()).publicKeyId()).isEqualTo(keyId(current));
    Entry kubeletCrt = pki.certificates().get(1);
    assertThat(kubeletCrt.name()).isEqualTo("kubelet.crt");
    assertThat(kubeletCrt.caName()).isEmpty();
    assertThat(((DataField.Key) kubeletCrt.key()).publicKeyId()).isEqualTo(keyId(serving));
    assertThat(s.skipped())
        .as(
            "the rotated-out certificate is named as skipped, not judged; the current one is read once")
        .extracting(k -> Path.of(k.path()).getFileName() + ": " + k.reason())
        .containsExactly(
            "kubelet-client-2025-01-01-00-00-00.pem: " + DirectoryWalk.ROTATED_OUT,
            "kubelet-client-2026-05-01-00-00-00.pem: " + DirectoryWalk.LINK_TARGET);
    assertThat(s.files())
        .extracting(f -> Path.of(f.source()).getFileName().toString())
        .doesNotContain("kubelet-client-2025-01-01-00-00-00.pem");
  }

  @Test
  void anExpiringCertificateKeepsItsOwnDate() throws Exception {
    NodeTree tree = NodeTree.kubeadm().expiring("etcd-peer", TestPki.NOW.plus(Duration.ofDays(3)));
    Path root = tree.writeTo(dir.resolve("kubernetes"));

    Entry peer =
        read(root).nodePki().get(0).certificates().stream()
            .filter(e -> e.name().equals("etcd-peer"))
            .findFirst()
            .get();

    assertThat(peer.leaf().get().facts().notAfter())
        .isEqualTo(
            TestPki.NOW
                .plus(Duration.ofDays(3))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
