package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.Unreadable;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpReaderTest {

  private static final String SERVICE =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: hook\n  namespace: ns\nspec:\n"
          + "  ports:\n  - port: 443\n";

  @TempDir Path dir;

  @AfterEach
  void restoreTheLimit() {
    DumpReader.maxInputBytes(DumpReader.DEFAULT_MAX_INPUT_BYTES);
  }

  private static InputStream stdin() {
    return new ByteArrayInputStream(new byte[0]);
  }

  @Test
  void anEmptyABinaryAndATemplateFileInADirectoryAreFindingsAndTheRestIsRead() throws Exception {
    // Given a directory with one good manifest and three files that are not manifests
    Files.writeString(dir.resolve("a-service.yaml"), SERVICE);
    Files.write(dir.resolve("b-empty.yaml"), new byte[0]);
    Files.write(dir.resolve("c-binary.yaml"), new byte[] {'k', 0, 1, 2, (byte) 0xff});
    Files.writeString(dir.resolve("d-template.yaml"), "name: {{ .Release.Name }}\n");
    // When the directory is read
    Snapshot s = DumpReader.read(List.of(dir.toString()), stdin());
    // Then the Service is there and each other file is one unreadable entry naming it and why
    assertThat(s.services()).hasSize(1);
    assertThat(s.unreadable())
        .extracting(Unreadable::where, Unreadable::problem)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(dir.resolve("b-empty.yaml").toString(), "is empty"),
            org.assertj.core.groups.Tuple.tuple(
                dir.resolve("c-binary.yaml").toString(),
                "is a binary file, neither YAML/JSON Kubernetes objects nor PEM certificates"),
            org.assertj.core.groups.Tuple.tuple(
                dir.resolve("d-template.yaml").toString(),
                "is an unrendered template ({{ }} or ${} placeholders): render it first, e.g."
                    + " helm template CHART | certmedic doctor -f -"));
  }

  @Test
  void anUnreadableFileAmongSeveralNamedFilesIsAFindingAndTheRestIsRead() throws Exception {
    Path good = Files.writeString(dir.resolve("svc.yaml"), SERVICE);
    Path empty = Files.write(dir.resolve("empty.yaml"), new byte[0]);
    Snapshot s = DumpReader.read(List.of(empty.toString(), good.toString()), stdin());
    assertThat(s.services()).hasSize(1);
    assertThat(s.unreadable())
        .singleElement()
        .extracting(Unreadable::where)
        .isEqualTo(empty.toString());
  }

  @Test
  void aSingleUnreadableFileStillStopsTheRun() throws IOException {
    Path empty = Files.write(dir.resolve("empty.yaml"), new byte[0]);
    assertThatThrownBy(() -> DumpReader.read(List.of(empty.toString()), stdin()))
        .isInstanceOf(ManifestException.class)
        .hasMessage(empty + ": is empty");
  }

  @Test
  void anInputLargerThanTheLimitIsRefusedWithOneLineNamingIt() throws IOException {
    Path big = Files.writeString(dir.resolve("big.yaml"), SERVICE + "#" + "x".repeat(10_000));
    DumpReader.maxInputBytes(4096);
    assertThatThrownBy(() -> DumpReader.read(List.of(big.toString()), stdin()))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            big + ": more than 4096 bytes is too large (raise the limit with --max-input-size)");
  }

  @Test
  void anEndlessStdinStopsAtTheLimit() {
    DumpReader.maxInputBytes(1 << 20);
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            return len;
          }
        };
    assertThatThrownBy(
            () ->
                DumpReader.read(
                    List.of("-"),
                    new java.io.SequenceInputStream(
                        new ByteArrayInputStream("kind: ".getBytes(StandardCharsets.UTF_8)),
                        endless)))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("stdin: more than 1048576 bytes");
  }

  @Test
  void aYamlLineLongerThanTheLargestObjectIsRefusedWithoutReadingItAllIntoOneScalar() {
    InputStream oneLine =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream("kind: Secret\ndata: ".getBytes(StandardCharsets.UTF_8)),
            new InputStream() {
              long left = ManifestReader.MAX_YAML_LINE_CHARS + 10L;

              @Override
              public int read() {
                return left-- > 0 ? 'x' : -1;
              }
            });
    assertThatThrownBy(() -> DumpReader.read(List.of("-"), oneLine))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "stdin: a YAML line longer than "
                + ManifestReader.MAX_YAML_LINE_CHARS
                + " characters is not a Kubernetes object");
  }

  // --- nothing to judge ---

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

  @Test
  void aOneLineJsonListWhoseConfigMapHoldsPemIsReadAsJsonAndNotAsOnePem() throws Exception {
    // Given a List on one line, as kubectl get --raw and jq -c write it, a ConfigMap holding a CA
    String pem =
        io.certmedic.core.pem.PemWriter.certificate(
            io.certmedic.core.testing.TestPki.ca("corp-ca").build().cert());
    String cm =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"corp-ca\","
            + "\"namespace\":\"app\"},\"data\":{\"ca.crt\":\""
            + pem.replace("\n", "\\n")
            + "\"}}";
    String list = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[" + cm + "]}";
    assertThat(list).doesNotContain("\n");

    // When it is read from a file, from stdin, and with a byte order mark
    Path p = write("list.json", list);
    Snapshot fromFile = DumpReader.read(List.of(p.toString()), stdin());
    Snapshot fromStdin =
        DumpReader.read(
            List.of("-"), new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
    Path bom = write("bom.json", "\ufeff" + list);
    Snapshot withBom = DumpReader.read(List.of(bom.toString()), stdin());

    // Then each is the ConfigMap with its certificate, and no PEM file
    for (Snapshot s : List.of(fromFile, fromStdin, withBom)) {
      assertThat(s.files()).isEmpty();
      assertThat(s.unreadable()).isEmpty();
      assertThat(s.configMap("app", "corp-ca").orElseThrow().field("ca.crt").certs()).hasSize(1);
    }
  }

  @Test
  void aPemFileWithLeadingBlanksIsStillReadAsPem() throws Exception {
    String pem =
        io.certmedic.core.pem.PemWriter.certificate(
            io.certmedic.core.testing.TestPki.ca("corp-ca").build().cert());
    Path p = write("ca.pem", "\n  \n" + pem);

    Snapshot s = DumpReader.read(List.of(p.toString()), stdin());

    assertThat(s.files()).hasSize(1);
    assertThat(s.configMaps()).isEmpty();
  }
}
