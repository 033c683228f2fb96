package io.certmedic.cli;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.SkippedFile;
import io.certmedic.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every doctor renderer prints: the report (already filtered), the instant it was judged at,
 * the {@code --fail-on} threshold and the exit code it gives, and where each object was read
 * ({@code sources}: object -> {@code Meta.where}, e.g. {@code dump.yaml: document 3 (line 40)}) so
 * that SARIF can point at a file; and, from a directory walk, the node PKI read ({@code nodePki}:
 * the expiry table) and the files skipped with their reasons ({@code skipped}); and the snapshot
 * judged, from which the HTML report draws its timeline and trust graph (empty when not kept).
 */
record DoctorResult(
    Report report,
    Instant at,
    FailOn failOn,
    Map<ObjectRef, String> sources,
    List<NodePkiRecord> nodePki,
    List<SkippedFile> skipped,
    Snapshot snapshot) {

  /** The {@code --fail-on} threshold: the least severe finding that fails the run, or never. */
  enum FailOn {
    CRITICAL(Severity.CRITICAL),
    ERROR(Severity.ERROR),
    WARNING(Severity.WARNING),
    NEVER(null);

    /** Fail on errors and worse: a warning (expiring in a month) should not break a pipeline. */
    static final FailOn DEFAULT = ERROR;

    private final Severity threshold;

    FailOn(Severity threshold) {
      this.threshold = threshold;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    Optional<Severity> threshold() {
      return Optional.ofNullable(threshold);
    }
  }

  DoctorResult {
    requireNonNull(report, "report == null");
    requireNonNull(at, "at == null");
    requireNonNull(failOn, "failOn == null");
    sources = Map.copyOf(sources);
    nodePki = List.copyOf(nodePki);
    skipped = List.copyOf(skipped);
    snapshot = snapshot == null ? Snapshot.builder().build() : snapshot;
  }

  /** A result without the snapshot it judged (the HTML report then has no timeline or graph). */
  DoctorResult(
      Report report,
      Instant at,
      FailOn failOn,
      Map<ObjectRef, String> sources,
      List<NodePkiRecord> nodePki,
      List<SkippedFile> skipped) {
    this(report, at, failOn, sources, nodePki, skipped, null);
  }

  /** A result with no node PKI read and no file skipped. */
  DoctorResult(Report report, Instant at, FailOn failOn, Map<ObjectRef, String> sources) {
    this(report, at, failOn, sources, List.of(), List.of(), null);
  }

  static DoctorResult of(Report report, Instant at, FailOn failOn) {
    return new DoctorResult(report, at, failOn, Map.of());
  }

  /** 1 when a finding is at or above the threshold, else 0. */
  int exitCode() {
    return failOn.threshold().map(report::hasAtLeast).orElse(false)
        ? ExitCode.PROBLEMS
        : ExitCode.OK;
  }

  /** The kinds read and ignored, sorted by name. */
  Map<String, Integer> ignoredKinds() {
    return new TreeMap<>(report.ignoredKinds());
  }

  /** The key under which {@code sources} holds a PEM file or kubeconfig read from {@code path}. */
  static ObjectRef file(String path) {
    return ObjectRef.cluster("File", path);
  }

  /** Where the finding's object was read ({@code Meta.where}); empty when unknown. */
  Optional<String> where(Finding f) {
    String w = sources.get(f.object());
    if (w != null) {
      return Optional.of(w);
    }
    if (f.object().kind().equals("Input")) { // an unreadable document is named by where it is
      return Optional.of(f.object().name());
    }
    if (f.object().namespace().isEmpty()) { // a PEM file or kubeconfig is named by its path
      return Optional.ofNullable(sources.get(file(f.object().name())));
    }
    return Optional.empty();
  }
}
