package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Unreadable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports every document or object the gatherer could not read (an error: the input is broken), and
 * every kind it was not permitted to list (info: a gap in what was checked, said plainly), and
 * every kind the API server did not serve though it should (a warning: a proxy serving a subset,
 * say).
 */
final class InputUnreadable implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (Unreadable u : a.snapshot().unreadable()) {
      if (u.forbidden()) {
        out.add(
            new Finding(
                FindingCode.INPUT_FORBIDDEN,
                Severity.INFO,
                ObjectRef.of(u.kind(), u.namespace(), "*"),
                List.of(),
                u.problem(),
                List.of(u.where()),
                "Grant the reading identity 'list' on "
                    + u.kind()
                    + " (see docs/live.md for the RBAC certmedic needs), or run with -n for a namespace it may read."));
        continue;
      }
      if (u.gap() == Unreadable.Gap.NOT_SERVED) {
        out.add(
            new Finding(
                FindingCode.INPUT_NOT_SERVED,
                Severity.WARNING,
                ObjectRef.of(u.kind(), u.namespace(), "*"),
                List.of(),
                u.problem(),
                List.of(u.where()),
                "Check that the API server (or the proxy in front of it) serves "
                    + u.kind()
                    + ": 'kubectl api-resources' lists what it serves; the rest of the cluster was checked."));
        continue;
      }
      ObjectRef ref =
          u.kind().isEmpty()
              ? ObjectRef.cluster("Input", u.where())
              : ObjectRef.of(u.kind(), u.namespace(), u.name());
      out.add(
          new Finding(
              FindingCode.INPUT_UNREADABLE,
              Severity.ERROR,
              ref,
              List.of(),
              u.where() + " " + u.problem() + "; everything else was analysed",
              List.of(u.where()),
              "Fix or remove the object and run the doctor again; 'certmedic inspect FILE' shows what a file holds."));
    }
    return out;
  }
}
