package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/** APIServices that skip verification, and those the API server reports unavailable. */
final class ApiServiceStatus implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      if (!(l.caller() instanceof Caller.ApiService api)) {
        continue;
      }
      var ref = api.client().service();
      List<ObjectRef> svc = List.of(ObjectRef.of("Service", ref.namespace(), ref.name()));
      if (api.insecureSkipTlsVerify()) {
        out.add(
            new Finding(
                FindingCode.INSECURE_SKIP_TLS_VERIFY,
                Severity.WARNING,
                api.meta().ref(),
                svc,
                api.describe()
                    + " sets insecureSkipTLSVerify: the aggregator does not authenticate "
                    + ref.dnsName()
                    + ", so anything answering there is believed",
                l.evidence(),
                "Serve a certificate for "
                    + ref.dnsName()
                    + " and set spec.caBundle (or annotate for injection), then remove insecureSkipTLSVerify."));
      }
      if (Boolean.FALSE.equals(api.available())
          && l.status() != CallerLink.Status.SERVICE_MISSING) {
        out.add(
            new Finding(
                FindingCode.APISERVICE_UNAVAILABLE,
                Severity.ERROR,
                api.meta().ref(),
                svc,
                api.describe()
                    + " is not available: "
                    + api.availableReason()
                    + (api.availableMessage().isEmpty() ? "" : " (" + api.availableMessage() + ")")
                    + "; every client's discovery of "
                    + api.meta().name()
                    + " fails",
                l.evidence(),
                "kubectl get apiservice "
                    + Shell.quote(api.meta().name())
                    + " -o yaml; certmedic probe the Service it names, or delete it if nothing should serve it."));
      }
    }
    return out;
  }
}
