package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table: a header, fitted to a terminal's width, unwrapped when not on one. */
class TableRendererTest {

  private static final String MESSAGE =
      "webhook \"gate.example.com\" in ValidatingWebhookConfiguration a-rather-long-configuration-name is served a certificate for the wrong name, so the API server refuses every call it makes";

  private static final Finding LONG =
      new Finding(
          FindingCode.SAN_MISMATCH,
          Severity.CRITICAL,
          ObjectRef.cluster("ValidatingWebhookConfiguration", "a-rather-long-configuration-name"),
          List.of(),
          MESSAGE,
          List.of("Service gatekeeping/policy-gate-svc:443 -> targetPort 8443 " + "x".repeat(90)),
          "certmedic fix --webhook a-rather-long-configuration-name");

  private static DoctorResult result() {
    return DoctorResult.of(
        new Report(List.of(LONG), 1, Map.of()),
        Instant.parse("2026-06-01T12:00:00Z"),
        DoctorResult.FailOn.ERROR);
  }

  @Test
  void onATerminalEveryLineFitsAndTheMessageWrapsUnderItsColumn() {
    String table = TableRenderer.render(result(), false, true, 100);
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("  CODE          OBJECT").endsWith("MESSAGE");
    int summary = lines.size() - 1;
    for (String l : lines.subList(0, summary)) {
      assertThat(l.length()).as(l).isLessThanOrEqualTo(100);
    }
    int column = lines.get(0).indexOf("MESSAGE");
    assertThat(lines.get(2).substring(column)).startsWith("webhook \"gate.example.com\"");
    assertThat(lines.get(3))
        .as("a continuation line leaves the code and object columns blank")
        .startsWith(" ".repeat(column))
        .doesNotContain("SAN_MISMATCH");
    assertThat(MESSAGE).as("the second line continues the message").contains(lines.get(3).strip());
    assertThat(table).contains("      fix:      certmedic fix --webhook");
  }

  @Test
  void notOnATerminalTheSameHeaderAndOneLinePerFinding() {
    String table = TableRenderer.render(result(), false, false, TableRenderer.NO_WRAP);
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("  CODE          OBJECT").endsWith("MESSAGE");
    assertThat(lines.get(2)).endsWith(MESSAGE).contains(LONG.object().describe());
    assertThat(table).doesNotContain("\u001B[", "…");
  }

  @Test
  void wrapBreaksAtSpacesAndCutsAWordLongerThanTheWidth() {
    assertThat(TableRenderer.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
    assertThat(TableRenderer.wrap("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
    assertThat(TableRenderer.wrap("one line", TableRenderer.NO_WRAP)).containsExactly("one line");
  }

  @Test
  void columnsComeFromAPositiveNumberOnly() {
    assertThat(Terminal.columns("120")).contains(120);
    assertThat(Terminal.columns(" 90 ")).contains(90);
    assertThat(Terminal.columns("0")).isEmpty();
    assertThat(Terminal.columns("wide")).isEmpty();
    assertThat(Terminal.columns(null)).isEmpty();
  }
}
