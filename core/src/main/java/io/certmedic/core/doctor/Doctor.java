package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every check over a snapshot: gather is done, this is evaluate. The order of findings is
 * stable (severity, code, object) so output can be diffed and scripted against.
 */
public final class Doctor {

  static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::code)
          .thenComparing(f -> f.object().kind())
          .thenComparing(f -> f.object().namespace())
          .thenComparing(f -> f.object().name())
          .thenComparing(Finding::message);

  private Doctor() {}

  public static Report run(io.certmedic.core.snapshot.Snapshot snapshot, DoctorOptions options) {
    Analysis a = new Analysis(snapshot, options);
    List<Finding> all = new ArrayList<>();
    for (Check c : Checks.ALL) {
      all.addAll(c.run(a));
    }
    all.sort(ORDER);
    return new Report(all, snapshot.objectCount(), snapshot.ignoredKinds());
  }
}
