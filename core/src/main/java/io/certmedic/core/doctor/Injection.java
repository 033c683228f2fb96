package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Injectors;
import io.certmedic.core.link.Links;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ObjectNames;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Injection and serving-cert annotations that cannot work: two injectors claiming one caBundle
 * (they overwrite each other), and annotations that name a source that is not there.
 */
final class Injection implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    Snapshot s = a.snapshot();
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      Caller c = l.caller();
      List<Injectors.Injector> injectors = Injectors.of(s, c);
      if (injectors.size() > 1) {
        out.add(
            new Finding(
                FindingCode.INJECTION_CONFLICT,
                c.meta().live() ? Severity.ERROR : Severity.WARNING,
                c.meta().ref(),
                List.of(),
                c.describe()
                    + " is claimed by "
                    + injectors.size()
                    + " injectors ("
                    + String.join(
                        "; ", injectors.stream().map(Injectors.Injector::describe).toList())
                    + "): each overwrites the other's caBundle, and the server's certificate chains to only one of them",
                l.evidence(),
                "Keep one injector: remove the other annotation (or turn the other project's cert controller off, e.g. certController.create=false)."));
      }
      for (Injectors.Injector i : injectors) {
        missingSource(s, c, i).ifPresent(out::add);
      }
    }
    for (ServiceRecord svc : s.services()) {
      for (String ann : Links.SERVING_SECRET_ANNOTATIONS) {
        String name = svc.meta().annotation(ann);
        if (name != null && !ObjectNames.isDnsSubdomain(name.trim())) {
          out.add(
              new Finding(
                  FindingCode.INJECTION_SOURCE_MISSING,
                  svc.meta().live() ? Severity.ERROR : Severity.WARNING,
                  svc.meta().ref(),
                  List.of(),
                  svc.meta().ref().describe()
                      + ": annotation "
                      + ann
                      + " is '"
                      + name
                      + "', which is not a valid Secret name, so no serving certificate is issued",
                  List.of(ann + ": " + name),
                  "Set "
                      + ann
                      + " to a Secret name (lower-case letters, digits, '-' and '.'): kubectl annotate --overwrite service -n "
                      + Shell.quote(svc.meta().namespace())
                      + " "
                      + Shell.quote(svc.meta().name())
                      + " "
                      + ann
                      + "=<secret-name>"));
          continue;
        }
        if (name != null
            && svc.meta().live()
            && s.holds("Secret", svc.meta().namespace())
            && s.secret(svc.meta().namespace(), name).isEmpty()) {
          out.add(
              new Finding(
                  FindingCode.INJECTION_SOURCE_MISSING,
                  Severity.ERROR,
                  svc.meta().ref(),
                  List.of(ObjectRef.of("Secret", svc.meta().namespace(), name)),
                  svc.meta().ref().describe()
                      + " asks for a serving certificate in Secret "
                      + name
                      + " ("
                      + ann
                      + "), and that Secret does not exist: the platform has not issued it",
                  List.of(ann + ": " + name),
                  "Check that the issuing controller runs (OpenShift: the service-ca operator; certmedic: certmedic controller), then: kubectl -n "
                      + Shell.quote(svc.meta().namespace())
                      + " get secret "
                      + Shell.quote(name)));
        }
      }
    }
    return out;
  }

  private static java.util.Optional<Finding> missingSource(
      Snapshot s, Caller c, Injectors.Injector i) {
    if (i.source().isEmpty() || i.annotation().isEmpty()) {
      return java.util.Optional.empty();
    }
    String[] parts = i.source().split("/");
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      return java.util.Optional.of(
          new Finding(
              FindingCode.INJECTION_SOURCE_MISSING,
              Analysis.severityFor(c),
              c.meta().ref(),
              List.of(),
              c.describe()
                  + ": annotation "
                  + i.annotation()
                  + " is '"
                  + i.source()
                  + "', which is not NAMESPACE/NAME, so nothing is injected",
              List.of(i.annotation() + ": " + i.source()),
              "Set " + i.annotation() + " to NAMESPACE/NAME."));
    }
    boolean certificate = i.annotation().equals(Injectors.CM_FROM);
    String kind = certificate ? "Certificate" : "Secret";
    boolean exists =
        certificate
            ? s.certificates().stream()
                .anyMatch(
                    x -> x.meta().namespace().equals(parts[0]) && x.meta().name().equals(parts[1]))
            : s.secret(parts[0], parts[1]).isPresent();
    if (exists || !s.holds(kind, parts[0])) {
      return java.util.Optional
          .empty(); // present, or the input cannot tell (not holding that namespace's objects)
    }
    return java.util.Optional.of(
        new Finding(
            FindingCode.INJECTION_SOURCE_MISSING,
            c.meta().live() ? Analysis.severityFor(c) : Severity.WARNING,
            c.meta().ref(),
            List.of(ObjectRef.of(kind, parts[0], parts[1])),
            c.describe()
                + ": "
                + i.annotation()
                + " names "
                + kind
                + " "
                + i.source()
                + ", which does not exist, so the injector has nothing to inject",
            List.of(i.annotation() + ": " + i.source()),
            "Create the "
                + kind
                + " or fix the annotation: kubectl -n "
                + Shell.quote(parts[0])
                + " get "
                + kind.toLowerCase(java.util.Locale.ROOT)
                + " "
                + Shell.quote(parts[1])));
  }
}
