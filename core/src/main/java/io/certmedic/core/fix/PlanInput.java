package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.Analysis;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.snapshot.Snapshot;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * What every planning step reads: the snapshot, the doctor's report on it, the options, the instant
 * the plan is made at, the links from each caller to the certificate it is served (resolved once),
 * and the randomness new keys are made with (injected, so that only key material varies between two
 * plans of the same input).
 */
record PlanInput(
    Snapshot snapshot,
    Report report,
    FixOptions options,
    Instant at,
    SecureRandom random,
    Analysis analysis) {

  PlanInput {
    requireNonNull(snapshot, "snapshot == null");
    requireNonNull(report, "report == null");
    requireNonNull(options, "options == null");
    requireNonNull(at, "at == null");
    requireNonNull(random, "random == null");
    requireNonNull(analysis, "analysis == null");
  }

  /** Resolves the links the way the doctor does, with the options' cluster domain. */
  static PlanInput of(
      Snapshot snapshot, Report report, FixOptions options, Instant at, SecureRandom random) {
    requireNonNull(snapshot, "snapshot == null");
    requireNonNull(options, "options == null");
    requireNonNull(at, "at == null");
    return new PlanInput(
        snapshot,
        report,
        options,
        at,
        random,
        new Analysis(
            snapshot,
            new DoctorOptions(at, DoctorOptions.DEFAULT_EXPIRY_WARNING, options.clusterDomain())));
  }
}
