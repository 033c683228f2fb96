package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Injectors;
import io.certmedic.core.link.Links;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.verify.HostnameMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates that do not exist yet but whose names are already declared: a kube-webhook-certgen
 * {@code create --host=...} Job that makes the Secret a caller is served, or cert-manager's {@code
 * --dynamic-serving-dns-names} on the serving workload. When those names lack the one the API
 * server dials, the certificate that will be made cannot verify: a Spark-style rename caught in an
 * install manifest, before anything runs. {@code $(VAR)} is expanded from the container's env, with
 * {@code metadata.namespace} field references resolved.
 */
final class GeneratedCertNames implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      if (l.status() != CallerLink.Status.FOUND || l.primary().isPresent()) {
        continue; // a certificate in the input is judged as it is
      }
      ClientConfig.ServiceRef ref = l.caller().client().service();
      String dns = ref.dnsName();
      List<String> linkedSecrets = l.serving().stream().map(ServingLink::secretName).toList();
      for (WorkloadRecord w : a.snapshot().workloadsIn(ref.namespace())) {
        for (WorkloadRecord.Container c : w.containers()) {
          List<String> declared = new ArrayList<>();
          String how;
          String secret = Injectors.argValue(c.args(), "--secret-name");
          if (c.args().contains("create") && linkedSecrets.contains(secret)) {
            for (String h : Injectors.argValue(c.args(), "--host").split(",")) {
              if (!h.isBlank()) {
                declared.add(expand(h.trim(), c, w));
              }
            }
            how =
                w.meta().ref().describe() + " creates Secret " + secret + " for --host " + declared;
          } else if (l.serving().isEmpty()
              && Links.selected(a.snapshot(), l.service()).contains(w)) {
            for (String arg : c.args()) {
              if (arg.startsWith("--dynamic-serving-dns-names=")) {
                declared.add(expand(arg.substring(arg.indexOf('=') + 1), c, w));
              }
            }
            how =
                w.meta().ref().describe()
                    + " serves a certificate it makes for --dynamic-serving-dns-names "
                    + declared;
          } else {
            continue;
          }
          if (declared.isEmpty() || declared.stream().anyMatch(n -> n.contains("$("))) {
            continue; // nothing declared, or names we cannot resolve: say nothing rather than guess
          }
          if (HostnameMatcher.matches(declared, List.of(), dns)) {
            continue;
          }
          List<String> evidence = new ArrayList<>(l.evidence());
          evidence.add(how);
          out.add(
              new Finding(
                  FindingCode.SAN_MISMATCH,
                  Analysis.severityFor(l.caller()),
                  l.caller().meta().ref(),
                  List.of(l.service().meta().ref(), w.meta().ref()),
                  l.caller().describe()
                      + " dials "
                      + dns
                      + ", but the certificate "
                      + w.meta().ref().describe()
                      + " will make is for "
                      + declared
                      + ": the API server will say \"x509: certificate is valid for "
                      + String.join(", ", declared)
                      + ", not "
                      + dns
                      + "\" ("
                      + Analysis.blocks(l.caller())
                      + ")",
                  evidence,
                  "Add "
                      + dns
                      + " to the names "
                      + w.meta().ref().describe()
                      + " is given (or point the caller at the Service those names belong to)."));
        }
      }
    }
    return out;
  }

  /**
   * Expands {@code $(NAME)} from the container's env; {@code fieldRef metadata.namespace} is the
   * namespace.
   */
  static String expand(String s, WorkloadRecord.Container c, WorkloadRecord w) {
    String out = s;
    for (WorkloadRecord.Env e : c.env()) {
      String token = "$(" + e.name() + ")";
      if (!out.contains(token)) {
        continue;
      }
      if (e.value() != null) {
        out = out.replace(token, e.value());
      } else if ("field metadata.namespace".equals(e.valueFrom())) {
        out = out.replace(token, w.meta().namespace());
      }
    }
    return out;
  }
}
