package io.certmedic.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FindingCodeDocsTest {

  @Test
  void everyCodeIsDescribedInDocsFindingsMd() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "findings.md"));
    for (FindingCode code : FindingCode.values()) {
      assertThat(docs)
          .as("docs/findings.md describes %s", code)
          .contains("| `" + code.name() + "` |");
    }
  }

  @Test
  void docsNameNoCodeThatDoesNotExist() throws Exception {
    for (String line : Files.readAllLines(Path.of("..", "docs", "findings.md"))) {
      if (line.startsWith("| `")) {
        String name = line.substring(3, line.indexOf('`', 3));
        assertThat(FindingCode.valueOf(name)).isNotNull();
      }
    }
  }
}
