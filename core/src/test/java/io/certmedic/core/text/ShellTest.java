package io.certmedic.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShellTest {

  record Case(String sentence, String word, String quoted) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a Kubernetes name stays as it is", "spark-operator-webhook", "spark-operator-webhook"),
        new Case("a namespaced path stays as it is", "ns/name.v1", "ns/name.v1"),
        new Case("the empty word is two quotes", "", "''"),
        new Case("a space is quoted", "a b", "'a b'"),
        new Case(
            "a command substitution is inert",
            "x\"; touch /tmp/p; echo \"",
            "'x\"; touch /tmp/p; echo \"'"),
        new Case("a single quote is closed, escaped and reopened", "it's", "'it'\\''s'"),
        new Case("a dollar is quoted", "$(id)", "'$(id)'"),
        new Case("a newline is quoted", "a\nb", "'a\nb'"),
        new Case("a glob is quoted", "*", "'*'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void quotesOneWord(Case c) {
    assertThat(Shell.quote(c.word())).isEqualTo(c.quoted());
  }

  /** The independent judge: a real shell reads each quoted word back as exactly one argument. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRealShellReadsTheWordBackUnchanged(Case c, @TempDir Path dir)
      throws IOException, InterruptedException {
    Path marker = dir.resolve("p");
    String word = c.word().replace("/tmp/p", marker.toString());
    Process p =
        new ProcessBuilder("sh", "-c", "printf '%s\\0' " + Shell.command(List.of(word)) + " end")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(word + "\0end\0");
    assertThat(Files.exists(marker)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRealShellReadsTextInsideOurSingleQuotesBackUnchanged(Case c, @TempDir Path dir)
      throws IOException, InterruptedException {
    Path marker = dir.resolve("p");
    String word = c.word().replace("/tmp/p", marker.toString());
    Process p =
        new ProcessBuilder(
                "sh", "-c", "printf '%s\\0' '[" + Shell.insideSingleQuotes(word) + "]' end")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo("[" + word + "]\0end\0");
    assertThat(Files.exists(marker)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void textWithoutASingleQuoteStaysAsItIsInsideOurSingleQuotes(Case c) {
    if (!c.word().contains("'")) {
      assertThat(Shell.insideSingleQuotes(c.word())).isEqualTo(c.word());
    } else {
      assertThat(Shell.insideSingleQuotes(c.word())).contains("'\\''");
    }
  }
}
