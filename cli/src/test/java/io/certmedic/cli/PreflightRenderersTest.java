package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.FindingDiff;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preflight's markdown stays within a pull-request comment however many findings. */
class PreflightRenderersTest {

  @Test
  void twoThousandNewFindingsStayUnderTheCommentLimitAndSayHowManyAreLeftOut() {
    List<FindingDiff.Marked> marked = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ObjectRef o = ObjectRef.of("Secret", "team-" + (i % 40), "service-" + i + "-tls");
      marked.add(
          new FindingDiff.Marked(
              new Finding(
                  FindingCode.SAN_MISMATCH,
                  Severity.CRITICAL,
                  o,
                  List.of(),
                  "Secret " + o.name() + " " + "is served for the wrong name ".repeat(6),
                  List.of("evidence ".repeat(40)),
                  "certmedic fix -n " + o.namespace()),
              FindingDiff.Status.NEW));
    }
    PreflightResult r =
        new PreflightResult(
            marked,
            List.of(),
            new Report(List.of(), 2_000, Map.of()),
            Instant.parse("2026-06-01T12:00:00Z"),
            DoctorResult.FailOn.ERROR,
            Map.of());
    String md = PreflightRenderers.markdown(r);
    assertThat(md.length()).isLessThanOrEqualTo(MarkdownRenderer.MAX_CHARS);
    assertThat(md)
        .startsWith("## certmedic preflight")
        .containsPattern("\\n\\d+ more rows or details are not listed here");
  }
}
