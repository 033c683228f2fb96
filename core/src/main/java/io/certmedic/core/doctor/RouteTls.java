package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.Parsing;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.RouteRecord;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.CertFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each OpenShift Route with an inline {@code spec.tls.certificate} (edge or reencrypt): the fields
 * parse, the certificate is valid, carries the Route's host, matches its key and is served with its
 * intermediates ({@code caCertificate} is served after it), and the CAs it names are valid ({@code
 * destinationCACertificate}: what the router verifies the Service with). A Route without a
 * certificate uses the router's default and is not judged here. Findings are on the Route.
 */
final class RouteTls implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (RouteRecord r : a.snapshot().routes()) {
      if (!"edge".equals(r.termination()) && !"reencrypt".equals(r.termination())) {
        continue; // passthrough: the pod serves its own certificate
      }
      route(a, r, out);
    }
    return out;
  }

  private static void route(Analysis a, RouteRecord r, List<Finding> out) {
    String who = r.meta().ref().describe();
    String inspect =
        Shell.command(
                List.of(
                    "oc",
                    "get",
                    "route",
                    "-n",
                    r.meta().namespace(),
                    r.meta().name(),
                    "-o",
                    "jsonpath={.spec.tls.certificate}"))
            + " | openssl x509 -noout -subject -issuer -ext subjectAltName -enddate";
    String replace =
        "Put a new pair in spec.tls.certificate and spec.tls.key: "
            + Shell.command(
                List.of(
                    "oc",
                    "patch",
                    "route",
                    "-n",
                    r.meta().namespace(),
                    r.meta().name(),
                    "--type=merge",
                    "-p",
                    "{\"spec\":{\"tls\":{\"certificate\":\"<PEM>\",\"key\":\"<PEM>\"}}}"))
            + " (or 'oc create route "
            + r.termination()
            + " --cert --key --ca-cert' anew).";
    Map<String, DataField> fields = new LinkedHashMap<>();
    fields.put("certificate", r.certificate());
    fields.put("key", r.key());
    fields.put("caCertificate", r.caCertificate());
    fields.put("destinationCACertificate", r.destinationCaCertificate());
    boolean unparsable = false;
    for (Map.Entry<String, DataField> e : fields.entrySet()) {
      String where = who + " spec.tls." + e.getKey();
      if (Parsing.stored(e.getValue(), where) instanceof Verdict.Fail fail
          && e.getValue() instanceof DataField.Unparsable u) {
        unparsable |= e.getKey().equals("certificate");
        out.add(
            new Finding(
                fail.findingCode(),
                Severity.ERROR,
                r.meta().ref(),
                List.of(),
                fail.words(),
                List.of(u.problem()),
                "Replace it with valid PEM. " + replace));
      }
    }
    List<CertInfo> certs = r.certificate().certs();
    if (unparsable || certs.isEmpty()) {
      return; // the router's default certificate
    }
    List<CertInfo> served = new ArrayList<>(certs);
    served.addAll(r.caCertificate().certs());
    String where = who + " spec.tls.certificate";
    new EdgeCertificate(
            r.meta().ref(),
            List.of(),
            who,
            where,
            served,
            List.of(),
            KeyPairMatch.inline(certs.get(0), r.key(), who + " spec.tls"),
            r.host().isEmpty() ? List.of() : List.of(r.host()),
            List.of(
                who
                    + " ("
                    + r.termination()
                    + (r.host().isEmpty() ? "" : ", host " + r.host())
                    + ") -> spec.tls.certificate"),
            inspect,
            replace)
        .judge(a, out);
    cas(
        a,
        r,
        "caCertificate",
        r.caCertificate(),
        "clients cannot verify the chain the router serves",
        out);
    cas(
        a,
        r,
        "destinationCACertificate",
        r.destinationCaCertificate(),
        "the router can no longer verify the Service's certificate, and requests fail with 503",
        out);
  }

  /** The CAs a Route names: expired or not yet valid breaks what {@code breaks} says. */
  private static void cas(
      Analysis a, RouteRecord r, String field, DataField f, String breaks, List<Finding> out) {
    List<CertInfo> certs = f.certs();
    for (int i = 0; i < certs.size(); i++) {
      CertFacts cf = certs.get(i).facts();
      String which =
          r.meta().ref().describe()
              + " spec.tls."
              + field
              + (certs.size() > 1 ? " certificate " + (i + 1) : "")
              + " ("
              + cf.subject()
              + ")";
      if (ValidityWindow.stored(cf, a.options().at(), a.options().expiryWarning(), which)
          instanceof Verdict.Fail fail) {
        boolean soon = fail.findingCode() == FindingCode.CERT_EXPIRING_SOON;
        out.add(
            new Finding(
                fail.findingCode(),
                soon ? Severity.WARNING : Severity.ERROR,
                r.meta().ref(),
                List.of(),
                fail.words() + (soon ? "" : ": " + breaks),
                List.of(which + ": valid " + cf.notBefore() + " .. " + cf.notAfter()),
                "Put the current CA in spec.tls." + field + "."));
      }
    }
  }
}
