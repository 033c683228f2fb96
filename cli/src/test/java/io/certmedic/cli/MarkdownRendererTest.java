package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code -o markdown} for a pull request: grouped by code and never over GitHub's limit. */
class MarkdownRendererTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  /** A cluster of 2,000 findings over 8 codes, each with long evidence, read from one dump. */
  private static DoctorResult cluster(int n) {
    FindingCode[] codes = {
      FindingCode.CERT_EXPIRED,
      FindingCode.SAN_MISMATCH,
      FindingCode.CABUNDLE_UNTRUSTED,
      FindingCode.CERT_EXPIRING_SOON,
      FindingCode.CERT_NOT_MANAGED,
      FindingCode.SAN_INCOMPLETE,
      FindingCode.SERVING_CERT_UNKNOWN,
      FindingCode.TRUST_BUNDLE_STALE
    };
    Severity[] severities = {
      Severity.CRITICAL, Severity.CRITICAL, Severity.ERROR, Severity.WARNING,
      Severity.WARNING, Severity.INFO, Severity.INFO, Severity.ERROR
    };
    List<Finding> findings = new ArrayList<>();
    Map<ObjectRef, String> sources = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int c = i % codes.length;
      ObjectRef o = ObjectRef.of("Secret", "team-" + (i % 40), "service-" + i + "-tls");
      sources.put(o, "cluster dump.yaml: document " + i + " (line " + (i * 20 + 1) + ")");
      findings.add(
          new Finding(
              codes[c],
              severities[c],
              o,
              List.of(ObjectRef.of("Service", o.namespace(), "service-" + i)),
              "Secret "
                  + o.namespace()
                  + "/"
                  + o.name()
                  + " "
                  + "is broken in a long way ".repeat(8),
              List.of("evidence line ".repeat(30), "more evidence ".repeat(30)),
              "certmedic fix --namespace " + o.namespace()));
    }
    return new DoctorResult(
        new Report(findings, n, Map.of()), AT, DoctorResult.FailOn.ERROR, sources);
  }

  @Test
  void twoThousandFindingsFitAPullRequestCommentAndSayHowToSeeAll() {
    String md = MarkdownRenderer.render(cluster(2_000));
    assertThat(md.length()).isLessThanOrEqualTo(MarkdownRenderer.MAX_CHARS);
    assertThat(md).contains("### `CERT_EXPIRED` (250)", "### `TRUST_BUNDLE_STALE` (250)");
    assertThat(md.indexOf("`CERT_EXPIRED` (250)"))
        .as("critical codes first")
        .isLessThan(md.indexOf("`CABUNDLE_UNTRUSTED` (250)"));
    assertThat(md).contains("_and 245 more `CERT_EXPIRED`_");
    assertThat(md)
        .containsPattern("\\n\\d+ more findings are not listed here")
        .contains(
            "All of them:\n\n```sh\ncertmedic doctor -f 'cluster dump.yaml' --at 2026-06-01T12:00:00Z -o table --wide\n```\n");
    assertThat(md).endsWith("```\n");
  }

  @Test
  void aSmallReportListsEverythingAndNeedsNoClosingCount() {
    String md = MarkdownRenderer.render(cluster(8));
    assertThat(md).doesNotContain("not listed here", "more `");
    assertThat(md).contains("#### 8. ");
  }

  @Test
  void groupsPutTheMostSevereCodeFirstThenTheLargest() {
    List<Finding> f = new ArrayList<>(cluster(16).report().findings());
    assertThat(MarkdownRenderer.groups(f).keySet())
        .startsWith(FindingCode.CERT_EXPIRED, FindingCode.SAN_MISMATCH);
  }
}
