package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputLocationTest {

  @Test
  void readsTheFileAndLineOfAYamlDocument() {
    assertThat(InputLocation.parse("dump.yaml: document 3 (line 40)"))
        .hasValue(new InputLocation("dump.yaml", 40));
    assertThat(InputLocation.parse("a/b.yaml: document 2 (line 9): items[4]"))
        .hasValue(new InputLocation("a/b.yaml", 9));
  }

  @Test
  void aJsonItemOrAWholeFileIsLineOne() {
    assertThat(InputLocation.parse("dump.json: items[17]"))
        .hasValue(new InputLocation("dump.json", 1));
    assertThat(InputLocation.parse("dump.json: value 2: items[0]"))
        .hasValue(new InputLocation("dump.json", 1));
    assertThat(InputLocation.parse("certs/ca.pem")).hasValue(new InputLocation("certs/ca.pem", 1));
    assertThat(InputLocation.parse("big.json (Secret ns/x)"))
        .hasValue(new InputLocation("big.json", 1));
  }

  @Test
  void aPrettyPrintedJsonItemIsAtItsOwnLine() {
    assertThat(InputLocation.parse("dump.json: items[2] (line 40)"))
        .hasValue(new InputLocation("dump.json", 40));
    assertThat(InputLocation.parse("dump.json: value 2: items[0] (line 7) (Secret ns/x)"))
        .hasValue(new InputLocation("dump.json", 7));
    assertThat(InputLocation.stdin("stdin: items[1] (line 12)"))
        .hasValue(new InputLocation("stdin", 12));
  }

  @Test
  void stdinAndNothingHaveNoFile() {
    assertThat(InputLocation.parse("stdin: document 1 (line 1)")).isEmpty();
    assertThat(InputLocation.parse("stdin")).isEmpty();
    assertThat(InputLocation.parse("")).isEmpty();
    assertThat(InputLocation.parse(null)).isEmpty();
  }
}
