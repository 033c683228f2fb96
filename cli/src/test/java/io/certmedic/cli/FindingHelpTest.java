package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What to do about each code, and docs/findings.md's section for it, in step. */
class FindingHelpTest {

  @Test
  void everyCodeSaysWhatToDo() {
    for (FindingCode c : FindingCode.values()) {
      assertThat(FindingHelp.whatToDo(c)).as(c.name()).doesNotStartWith("See ").endsWith(".");
    }
  }

  @Test
  void docsFindingsMdHasASectionPerCodeWithTheSameAdvice() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "findings.md"));
    for (FindingCode c : FindingCode.values()) {
      int heading = docs.indexOf("\n### " + c.name() + "\n");
      assertThat(heading).as("docs/findings.md has ### %s", c.name()).isNotNegative();
      int next = docs.indexOf("\n### ", heading + 5);
      String section = docs.substring(heading, next < 0 ? docs.length() : next);
      assertThat(section).as(c.name()).contains(FindingHelp.whatToDo(c));
    }
  }

  @Test
  void theAnchorIsWhatGithubMakesOfTheHeading() {
    assertThat(FindingHelp.uri(FindingCode.SAN_MISMATCH))
        .isEqualTo(
            "https://github.com/certmedic/certmedic/blob/main/docs/findings.md#san_mismatch");
  }
}
