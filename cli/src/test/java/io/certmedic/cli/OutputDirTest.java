package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirTest {

  @TempDir Path tmp;

  @Test
  void aNameThatWouldLeaveTheDirectoryIsRefusedAndNothingIsWritten() {
    Path out = tmp.resolve("out");
    for (String hostile : new String[] {"../escaped.yaml", "..", "a/b.yaml", "/etc/x", "."}) {
      OutputDir dir =
          new OutputDir(out).add("plan.txt", "plan\n", false).add(hostile, "x\n", false);
      assertThatThrownBy(() -> dir.write(true))
          .as(hostile)
          .isInstanceOf(UserException.class)
          .hasMessage(
              "refusing to write '"
                  + hostile
                  + "' into --out "
                  + out
                  + ": a file name from the input must not leave the directory");
    }
    assertThat(tmp.resolve("escaped.yaml")).doesNotExist();
    assertThat(out).doesNotExist();
  }

  @Test
  void aSymbolicLinkIsNeverWrittenThroughAndOnlyReplacedWithForce() throws Exception {
    // Given --out holding plan.txt as a link to a file elsewhere
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
    Path link = Files.createSymbolicLink(out.resolve("plan.txt"), victim);

    // When written without --force, Then it is refused naming the link
    assertThatThrownBy(() -> new OutputDir(out).add("plan.txt", "plan\n", false).write(false))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            link + " is a symbolic link; certmedic does not write through links");
    assertThat(victim).hasContent("precious");

    // When written with --force, Then the link itself is replaced and its target is untouched
    new OutputDir(out).add("plan.txt", "plan\n", false).write(true);
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(link).hasContent("plan");
    assertThat(victim).hasContent("precious");
  }

  @Test
  void plainKubernetesDerivedNamesAreWrittenAsToday() {
    Path out = tmp.resolve("out");
    var written =
        new OutputDir(out)
            .add("01-secret-shop-web-tls.yaml", "a\n", true)
            .add("plan.txt", "b\n", false)
            .write(false);
    assertThat(written)
        .containsExactly(out.resolve("01-secret-shop-web-tls.yaml"), out.resolve("plan.txt"));
  }

  @Test
  void aHostileObjectNameBecomesOneFileInsideTheDirectory() {
    String name =
        FixOutput.fileName(
            1, io.certmedic.core.finding.ObjectRef.of("Secret", "../..", "../../.bashrc"));
    assertThat(OutputDir.plainName(name)).isTrue();
    assertThat(name).doesNotContain("/");
  }
}
