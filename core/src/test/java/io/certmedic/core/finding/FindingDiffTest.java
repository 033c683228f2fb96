package io.certmedic.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingDiffTest {

  private static Finding f(FindingCode code, String name, String message) {
    return new Finding(
        code,
        Severity.ERROR,
        ObjectRef.cluster("APIService", name),
        List.of(ObjectRef.of("Service", "ns", "svc")),
        message,
        List.of(),
        "");
  }

  private static List<String> marks(List<FindingDiff.Marked> m) {
    return m.stream()
        .map(
            x ->
                x.status().label()
                    + " "
                    + x.finding().object().name()
                    + " "
                    + x.finding().message())
        .toList();
  }

  @Test
  void matchesByCodeObjectAndRelatedNotByMessage() {
    List<Finding> current =
        List.of(
            f(FindingCode.APISERVICE_ORPHANED, "a", "serial 1"),
            f(FindingCode.APISERVICE_ORPHANED, "b", "x"));
    List<Finding> predicted =
        List.of(
            f(FindingCode.APISERVICE_ORPHANED, "a", "serial 2"),
            f(FindingCode.APISERVICE_ORPHANED, "c", "y"));
    assertThat(marks(FindingDiff.compare(current, predicted)))
        .containsExactly("unchanged a serial 2", "new c y", "fixed b x");
  }

  @Test
  void aSecondFindingWithTheSameKeyIsNew() {
    Finding one = f(FindingCode.SAN_MISMATCH, "a", "m");
    assertThat(marks(FindingDiff.compare(List.of(one), List.of(one, one))))
        .containsExactly("unchanged a m", "new a m");
  }

  @Test
  void differentRelatedObjectsAreDifferentFindings() {
    Finding a = f(FindingCode.SAN_MISMATCH, "a", "m");
    Finding b =
        new Finding(
            FindingCode.SAN_MISMATCH,
            Severity.ERROR,
            a.object(),
            List.of(ObjectRef.of("Service", "ns", "svc-2")),
            "m",
            List.of(),
            "");
    assertThat(FindingDiff.compare(List.of(a), List.of(b)))
        .extracting(FindingDiff.Marked::status)
        .containsExactly(FindingDiff.Status.NEW, FindingDiff.Status.FIXED);
  }
}
