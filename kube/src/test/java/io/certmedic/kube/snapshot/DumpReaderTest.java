package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpReaderTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  @Test
  void aDirectoryWithNothingToJudgeIsAnErrorNamingItAndWhatWasSkipped() throws Exception {
    write("notes.txt", "hello\n");

    assertThatThrownBy(() -> DumpReader.read(List.of(dir.toString()), System.in))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "nothing to judge in "
                + dir
                + ": it holds no Kubernetes object, kubeconfig or certificate (skipped: "
                + dir.resolve("notes.txt")
                + ": "
                + DirectoryWalk.NOT_AN_INPUT
                + ")");
  }

  @Test
  void anEmptyListAsKubectlPrintsItForNoObjectsIsNothingToJudge() throws Exception {
    Path yaml = write("list.yaml", "apiVersion: v1\nkind: List\nitems: []\n");
    Path json = write("list.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}");

    for (Path p : List.of(yaml, json)) {
      assertThatThrownBy(() -> DumpReader.read(List.of(p.toString()), System.in))
          .isInstanceOf(ManifestException.class)
          .hasMessage(
              "nothing to judge in "
                  + p
                  + ": it holds no Kubernetes object, kubeconfig or certificate");
    }
  }

  @Test
  void anIgnoredKindStillCountsAsSomethingToJudge() throws Exception {
    Path p =
        write(
            "rbac.yaml",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: v}\n");

    Snapshot s = DumpReader.read(List.of(p.toString()), System.in);

    assertThat(s.ignoredKinds()).containsEntry("ClusterRole", 1);
  }

  @Test
  void anEmptyListOnStdinIsNothingToJudgeInStdin() {
    byte[] list = "{\"kind\":\"List\",\"items\":[]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DumpReader.read(List.of("-"), new ByteArrayInputStream(list)))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("nothing to judge in stdin: ");
  }
}
