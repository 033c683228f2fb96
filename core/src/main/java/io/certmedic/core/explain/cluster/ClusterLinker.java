package io.certmedic.core.explain.cluster;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.explain.Explanation;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Links each failure group of {@code explain} to the cluster: the object its lines name, and the
 * doctor's finding on that object that explains it. A finding explains a group when its code is one
 * the group's family is confirmed by, or when it is an error or worse on that very object (the
 * object is broken now, whatever the words). A group on an object the doctor finds nothing against
 * is "not explained by the current state: fixed since, or transient".
 *
 * <pre>{@code
 * Report report = Doctor.run(snapshot, options);          // once, for every group
 * List<ClusterLink> links = ClusterLinker.link(explanations, snapshot, report, "the cluster");
 * }</pre>
 *
 * Pure: the snapshot and the report are read; time is what the log lines say.
 */
public final class ClusterLinker {

  /** Said of a group on an object that exists and that no current finding explains. */
  public static final String NOT_EXPLAINED =
      "not explained by the current state: fixed since, or transient";

  private ClusterLinker() {}

  /** Runs the doctor once on {@code snapshot} and links every group to it. */
  public static List<ClusterLink> link(
      List<Explanation> explanations, Snapshot snapshot, DoctorOptions options, String input) {
    return link(explanations, snapshot, Doctor.run(snapshot, options), input);
  }

  /**
   * Links every group (in the order given) to the object its lines name in {@code snapshot} and to
   * the findings of {@code report} (the doctor's, on that snapshot) about it; {@code input} names
   * the snapshot in sentences ("the cluster", "the dump").
   */
  public static List<ClusterLink> link(
      List<Explanation> explanations, Snapshot snapshot, Report report, String input) {
    requireNonNull(explanations, "explanations == null");
    requireNonNull(snapshot, "snapshot == null");
    requireNonNull(report, "report == null");
    requireNonNull(input, "input == null");
    ObjectFinder finder = new ObjectFinder(snapshot, input);
    List<ClusterLink> out = new ArrayList<>(explanations.size());
    for (Explanation e : explanations) {
      out.add(link(e, finder.find(e.facts()), report));
    }
    return out;
  }

  private static ClusterLink link(Explanation e, Lookup lookup, Report report) {
    GroupSpan span = GroupSpan.of(e.firstSeen(), e.lastSeen());
    String count = span.phrase(e.count());
    if (lookup instanceof Lookup.Missing m) {
      return new ClusterLink(
          e,
          LinkStatus.NOT_FOUND,
          m.object(),
          List.of(),
          List.of(),
          span,
          count + ": " + m.sentence());
    }
    if (lookup instanceof Lookup.Unjudged u) {
      return new ClusterLink(
          e,
          LinkStatus.NOT_JUDGED,
          u.object(),
          List.of(),
          List.of(),
          span,
          count + ": " + u.sentence());
    }
    if (lookup instanceof Lookup.Unnamed u) {
      return new ClusterLink(
          e, LinkStatus.UNLINKED, null, List.of(), List.of(), span, count + ": " + u.sentence());
    }
    Lookup.Found found = (Lookup.Found) lookup;
    List<Finding> explaining = explaining(e, found, report);
    if (explaining.isEmpty()) {
      return new ClusterLink(
          e,
          LinkStatus.NOT_EXPLAINED,
          found.object(),
          found.via(),
          List.of(),
          span,
          count + ": " + found.phrase() + ": " + NOT_EXPLAINED);
    }
    Finding top = explaining.get(0);
    String more =
        explaining.size() == 1
            ? ""
            : "; and "
                + (explaining.size() - 1)
                + (explaining.size() == 2 ? " more finding" : " more findings");
    return new ClusterLink(
        e,
        LinkStatus.EXPLAINED,
        found.object(),
        found.via(),
        explaining,
        span,
        count
            + ": "
            + found.phrase()
            + ": "
            + top.code().summary()
            + " ("
            + top.code().name()
            + " on "
            + top.object().describe()
            + more
            + ")");
  }

  /**
   * The findings about the object that explain the group: a code that confirms the group's family
   * (in the order the explanation ranks them), then errors and worse on it, most severe first.
   */
  static List<Finding> explaining(Explanation e, Lookup.Found found, Report report) {
    List<FindingCode> codes = e.codes();
    List<Finding> out = new ArrayList<>();
    for (Finding f : report.findings()) {
      if (found.about().test(f)
          && (codes.contains(f.code()) || f.severity().atLeast(Severity.ERROR))) {
        out.add(f);
      }
    }
    out.sort(
        Comparator.comparingInt((Finding f) -> rank(codes, f.code()))
            .thenComparing(Finding::severity));
    return out;
  }

  private static int rank(List<FindingCode> codes, FindingCode code) {
    int i = codes.indexOf(code);
    return i < 0 ? codes.size() : i;
  }
}
