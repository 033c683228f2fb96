package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.NodeTree;
import io.certmedic.core.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWalkTest {

  private static final TestPki.Cert CA = TestPki.ca("kubernetes").build();
  private static final TestPki.Cert CLIENT = TestPki.leaf("admin").signedBy(CA).build();
  private static final String SERVICE =
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  ports: [{port: 443}]\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private static List<String> skipped(Snapshot s, Path dir) {
    return s.skipped().stream()
        .map(k -> dir.relativize(Path.of(k.path())) + ": " + k.reason())
        .toList();
  }

  @Test
  void confAndExtensionlessKubeconfigsAreReadAndEveryOtherFileIsNamedWithItsReason()
      throws Exception {
    write("dump.yaml", SERVICE);
    write("admin.conf", NodeTree.kubeconfig("admin", CA, CLIENT));
    write("node1", NodeTree.kubeconfig("node1", CA, CLIENT));
    write("resolv.conf", "nameserver 10.0.0.1\n");
    write("Makefile", "all:\n\ttrue\n");
    write("README.md", "# dumps\n");
    write("tls.key", PemWriter.privateKey(CLIENT.key()));
    write(".hidden.yaml", SERVICE);
    write(".git/config", "[core]\n");

    Snapshot s = DumpReader.read(List.of(dir.toString()), System.in);

    assertThat(s.kubeconfigs())
        .extracting(k -> Path.of(k.source().split(": ")[0]).getFileName().toString())
        .containsExactly("admin.conf", "node1");
    assertThat(s.services()).hasSize(1);
    assertThat(skipped(s, dir))
        .containsExactly(
            ".git: hidden directory, not read",
            ".hidden.yaml: hidden file",
            "Makefile: " + DirectoryWalk.NOT_A_KUBECONFIG,
            "README.md: " + DirectoryWalk.NOT_AN_INPUT,
            "resolv.conf: " + DirectoryWalk.NOT_A_KUBECONFIG,
            "tls.key: " + DirectoryWalk.KEY_ALONE);
  }

  @Test
  void aJsonKubeconfigWithoutExtensionIsRecognised() throws Exception {
    write("ci", "{\"apiVersion\": \"v1\", \"kind\": \"Config\", \"clusters\": []}");

    Snapshot s = DumpReader.read(List.of(dir.toString()), System.in);

    assertThat(s.kubeconfigs()).hasSize(1);
    assertThat(s.skipped()).isEmpty();
  }
}
