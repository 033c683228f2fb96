package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Injectors;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Does the API server have a CA to verify the server with? An empty caBundle is the norm in an
 * install manifest (an injector fills it at runtime: info), and a fault on an object read from a
 * running cluster: the API server then verifies against nothing and every call fails.
 */
final class CaBundlePresence implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      Caller c = l.caller();
      if (l.status() == CallerLink.Status.APISERVER_SELF) {
        continue; // the API server calls itself with its own loopback trust
      }
      if (c instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue; // InsecureSkipTlsVerify reports it
      }
      DataField bundle = c.client().caBundle();
      List<ObjectRef> related =
          c.client().service() == null
              ? List.of()
              : List.of(
                  ObjectRef.of(
                      "Service", c.client().service().namespace(), c.client().service().name()));
      if (bundle
          instanceof
          DataField.Unparsable u) { // a URL caller too: the API server cannot build its client
        out.add(
            new Finding(
                FindingCode.CERT_UNPARSABLE,
                Analysis.severityFor(c),
                c.meta().ref(),
                related,
                c.describe()
                    + ": the caBundle does not parse ("
                    + u.problem()
                    + "), so the API server cannot verify the server ("
                    + Analysis.blocks(c)
                    + ")",
                l.evidence(),
                "Set the caBundle to the base64 of the PEM CA that signed the serving certificate; 'certmedic inspect' reads what it holds now."));
        continue;
      }
      if (!(bundle instanceof DataField.Empty) || c.client().service() == null) {
        continue; // a URL caller with no caBundle uses the system roots
      }
      List<Injectors.Injector> injectors = Injectors.of(a.snapshot(), c);
      String injectedBy =
          String.join(" and ", injectors.stream().map(Injectors.Injector::describe).toList());
      if (!c.meta().live()) {
        if (injectors.isEmpty()) {
          out.add(
              new Finding(
                  FindingCode.CABUNDLE_MISSING,
                  Severity.INFO,
                  c.meta().ref(),
                  related,
                  c.describe()
                      + " has an empty caBundle in the input and no injector is recognised; it cannot be verified offline"
                      + " (an in-process cert rotator or an operator usually fills it at runtime)",
                  l.evidence(),
                  "After install, check it is filled: kubectl get "
                      + kindArg(c)
                      + " "
                      + Shell.quote(c.meta().name())
                      + " -o yaml | certmedic doctor -f -"));
        } else {
          out.add(
              new Finding(
                  FindingCode.CABUNDLE_INJECTED_AT_RUNTIME,
                  Severity.INFO,
                  c.meta().ref(),
                  related,
                  c.describe()
                      + " has an empty caBundle in the input; it is injected at runtime by "
                      + injectedBy,
                  l.evidence(),
                  ""));
        }
        continue;
      }
      out.add(
          new Finding(
              FindingCode.CABUNDLE_MISSING,
              Analysis.severityFor(c),
              c.meta().ref(),
              related,
              c.describe()
                  + " has no caBundle"
                  + (injectors.isEmpty()
                      ? " and no injector claims it"
                      : ", although "
                          + injectedBy
                          + " should fill it (is it running? does its source exist?)")
                  + ": the API server cannot verify "
                  + c.client().service().dnsName()
                  + " ("
                  + Analysis.blocks(c)
                  + ")",
              l.evidence(),
              "Annotate it for injection (certmedic.io/inject-cabundle: \"true\", or cert-manager.io/inject-ca-from: NS/CERTIFICATE), or set the caBundle to the base64 PEM of the CA that signed the serving certificate."));
    }
    return out;
  }

  static String kindArg(Caller c) {
    return c.meta().ref().kind().toLowerCase(java.util.Locale.ROOT);
  }
}
