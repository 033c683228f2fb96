package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Injectors;
import io.certmedic.core.snapshot.CertificateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * cert-manager Certificates whose names cannot be right: unreplaced kustomize placeholders ({@code
 * SERVICE_NAME.SERVICE_NAMESPACE.svc}); and a Certificate whose CA a caller injects but whose
 * dnsNames lack the name that caller dials, so the certificate it issues will not match.
 */
final class CertificateNames implements Check {

  /** Two or more upper-case letters or underscores, or a ${...} / {{ }} template left in a name. */
  static final Pattern PLACEHOLDER =
      Pattern.compile("(^|\\.)[A-Z][A-Z0-9_]*[A-Z0-9](\\.|$)|\\$\\{|\\{\\{");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CertificateRecord c : a.snapshot().certificates()) {
      List<String> bad = c.dnsNames().stream().filter(n -> PLACEHOLDER.matcher(n).find()).toList();
      if (bad.isEmpty()) {
        continue;
      }
      boolean mounted =
          a.snapshot().workloadsIn(c.meta().namespace()).stream()
              .flatMap(w -> w.volumes().stream())
              .flatMap(v -> v.sources().stream())
              .anyMatch(s -> s.name().equals(c.secretName()));
      out.add(
          new Finding(
              FindingCode.CERTIFICATE_PLACEHOLDER_NAMES,
              Severity.WARNING,
              c.meta().ref(),
              List.of(ObjectRef.of("Secret", c.meta().namespace(), c.secretName())),
              c.meta().ref().describe()
                  + " has dnsNames "
                  + bad
                  + ", which look like unreplaced placeholders and match no Service"
                  + (mounted
                      ? ""
                      : "; its Secret "
                          + c.secretName()
                          + " is used by no workload in the input, so no caller is shown it (not an error yet)"),
              List.of("dnsNames: " + c.dnsNames()),
              "Replace the placeholders (kustomize replacements for SERVICE_NAME / SERVICE_NAMESPACE), or drop the Certificate if nothing uses it."));
    }
    for (CallerLink l : a.links()) {
      String from = l.caller().meta().annotation(Injectors.CM_FROM);
      if (from == null || l.status() != CallerLink.Status.FOUND || l.primary().isPresent()) {
        continue; // a served certificate in the input is judged directly
      }
      String dns = l.caller().client().service().dnsName();
      a.snapshot().certificates().stream()
          .filter(c -> (c.meta().namespace() + "/" + c.meta().name()).equals(from))
          .filter(
              c ->
                  c.dnsNames().stream()
                      .noneMatch(n -> n.equalsIgnoreCase(dns) || wildcardCovers(n, dns)))
          .findFirst()
          .ifPresent(
              c ->
                  out.add(
                      new Finding(
                          FindingCode.SAN_MISMATCH,
                          Analysis.severityFor(l.caller()),
                          l.caller().meta().ref(),
                          List.of(c.meta().ref(), l.service().meta().ref()),
                          l.caller().describe()
                              + " dials "
                              + dns
                              + " and trusts Certificate "
                              + from
                              + ", whose dnsNames "
                              + c.dnsNames()
                              + " lack that name: the certificate it issues will fail with \"x509: certificate is valid for "
                              + String.join(", ", c.dnsNames())
                              + ", not "
                              + dns
                              + "\" ("
                              + Analysis.blocks(l.caller())
                              + ")",
                          l.evidence(),
                          "Add "
                              + dns
                              + " to spec.dnsNames of Certificate "
                              + from
                              + " (and "
                              + dns
                              + "."
                              + a.options().clusterDomain()
                              + ")")));
    }
    return out;
  }

  private static boolean wildcardCovers(String pattern, String host) {
    return pattern.startsWith("*.")
        && host.indexOf('.') > 0
        && host.substring(host.indexOf('.')).equalsIgnoreCase(pattern.substring(1));
  }
}
