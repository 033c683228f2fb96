package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.operator.KnownOperators;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Does the caller point at something that exists? SERVICE_NOT_FOUND and SERVICE_PORT_NOT_FOUND
 * (judged only where the input holds that namespace's Services), APISERVICE_ORPHANED for a stale
 * APIService, and CONVERSION_WEBHOOK_PLACEHOLDER for a conversion webhook aimed at the API server's
 * own Service, which serves no /convert.
 */
final class ServiceReference implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      Caller c = l.caller();
      ClientConfig.ServiceRef ref = c.client().service();
      ObjectRef svc = ref == null ? null : ObjectRef.of("Service", ref.namespace(), ref.name());
      switch (l.status()) {
        case SERVICE_MISSING -> {
          if (c instanceof Caller.ApiService) {
            out.add(
                new Finding(
                    FindingCode.APISERVICE_ORPHANED,
                    Severity.ERROR,
                    c.meta().ref(),
                    List.of(svc),
                    c.describe()
                        + " is served by Service "
                        + ref.namespace()
                        + "/"
                        + ref.name()
                        + ", which does not exist: it is left over from an"
                        + " uninstall or an OLM to Helm move, and the API group "
                        + c.meta().name()
                        + " is unavailable (discovery errors for every client)",
                    l.evidence(),
                    "kubectl delete apiservice "
                        + Shell.quote(c.meta().name())
                        + "   # only if nothing should serve it; else restore the Service"));
          } else {
            out.add(
                new Finding(
                    FindingCode.SERVICE_NOT_FOUND,
                    Analysis.severityFor(c),
                    c.meta().ref(),
                    List.of(svc),
                    c.describe()
                        + " calls Service "
                        + ref.namespace()
                        + "/"
                        + ref.name()
                        + ", which does not exist ("
                        + Analysis.blocks(c)
                        + ")"
                        + registeredAtRunTime(a, c),
                    l.evidence(),
                    "Point clientConfig.service at the Service that serves it (kubectl -n "
                        + Shell.quote(ref.namespace())
                        + " get svc), or restore the Service."));
          }
        }
        case PORT_MISSING ->
            out.add(
                new Finding(
                    FindingCode.SERVICE_PORT_NOT_FOUND,
                    Analysis.severityFor(c),
                    c.meta().ref(),
                    List.of(svc),
                    c.describe()
                        + " calls port "
                        + ref.port()
                        + " of Service "
                        + ref.namespace()
                        + "/"
                        + ref.name()
                        + ", which exposes "
                        + l.service().ports().stream().map(p -> String.valueOf(p.port())).toList()
                        + " ("
                        + Analysis.blocks(c)
                        + ")",
                    l.evidence(),
                    "Set clientConfig.service.port to one of the Service's ports, or add port "
                        + ref.port()
                        + " to the Service."));
        case APISERVER_SELF -> {
          if (c instanceof Caller.Conversion cv && ref.path() != null && !ref.path().isEmpty()) {
            boolean called = cv.versions().size() > 1;
            out.add(
                new Finding(
                    FindingCode.CONVERSION_WEBHOOK_PLACEHOLDER,
                    called ? Severity.WARNING : Severity.INFO,
                    c.meta().ref(),
                    List.of(svc),
                    called
                        ? c.describe()
                            + " targets default/kubernetes:443"
                            + ref.path()
                            + ", the API server's own Service, which serves no "
                            + ref.path()
                            + ": conversion between "
                            + String.join(", ", cv.versions())
                            + " fails with 404 until an operator rewrites it"
                        : c.describe()
                            + " targets the placeholder default/kubernetes:443; with one served version it is never called",
                    l.evidence(),
                    called
                        ? "Make sure the operator that owns this CRD rewrites its conversion webhook (for external-secrets: its cert-controller's --crd-names), or set spec.conversion.strategy: None."
                        : ""));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  /**
   * For a configuration an operator registers at run time: that it deletes it on a clean stop, so
   * the finding matters (at its severity) only when that pod stopped uncleanly.
   */
  static String registeredAtRunTime(Analysis a, Caller c) {
    return KnownOperators.of(a.snapshot(), c, KnownOperators.Role.REGISTERS_AT_RUN_TIME).stream()
        .findFirst()
        .map(
            m ->
                "; "
                    + m.row().operator()
                    + " registers this configuration at run time ("
                    + m.workload().meta().ref().describe()
                    + ", "
                    + m.setting()
                    + ") and deletes it itself on a clean stop unless its failurePolicy is Fail:"
                    + " it stays, with this severity, only when that pod stopped uncleanly")
        .orElse("");
  }
}
