package io.certmedic.cli;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingDiff;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.preflight.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every preflight renderer prints: the findings of the predicted state and the fixed ones of
 * the current state, each marked new, fixed or unchanged; the changes that matter for TLS; the
 * predicted report (for counts), where objects were read, and the predicted snapshot (for the HTML
 * report). {@code --fail-on} judges the new findings only, so the exit code gates an upgrade on
 * what it would break.
 */
record PreflightResult(
    List<FindingDiff.Marked> findings,
    List<Change> changes,
    Report predicted,
    Instant at,
    DoctorResult.FailOn failOn,
    Map<ObjectRef, String> sources,
    Snapshot snapshot) {

  PreflightResult {
    findings = List.copyOf(findings);
    changes = List.copyOf(changes);
    requireNonNull(predicted, "predicted == null");
    requireNonNull(at, "at == null");
    requireNonNull(failOn, "failOn == null");
    sources = Map.copyOf(sources);
    snapshot = snapshot == null ? Snapshot.builder().build() : snapshot;
  }

  /** A result without the predicted snapshot (the HTML report then has no timeline or graph). */
  PreflightResult(
      List<FindingDiff.Marked> findings,
      List<Change> changes,
      Report predicted,
      Instant at,
      DoctorResult.FailOn failOn,
      Map<ObjectRef, String> sources) {
    this(findings, changes, predicted, at, failOn, sources, null);
  }

  List<Finding> with(FindingDiff.Status status) {
    return findings.stream()
        .filter(m -> m.status() == status)
        .map(FindingDiff.Marked::finding)
        .toList();
  }

  /** The new findings as a doctor result: what SARIF reports and {@code --fail-on} judges. */
  DoctorResult newOnly() {
    return new DoctorResult(
        new Report(with(FindingDiff.Status.NEW), predicted.objects(), predicted.ignoredKinds()),
        at,
        failOn,
        sources,
        List.of(),
        List.of(),
        snapshot);
  }

  int exitCode() {
    return newOnly().exitCode();
  }

  /** {@code 2 new, 1 fixed, 3 unchanged}. */
  String counts() {
    return with(FindingDiff.Status.NEW).size()
        + " new, "
        + with(FindingDiff.Status.FIXED).size()
        + " fixed, "
        + with(FindingDiff.Status.UNCHANGED).size()
        + " unchanged";
  }
}
