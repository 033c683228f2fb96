package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.operator.KnownOperators;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A serving certificate that nothing known renews: no cert-manager Certificate, no OpenShift or
 * certmedic annotation, no operator naming its Secret in a flag. The KubeSphere incident: a
 * one-year webhook certificate nobody renewed. Warns when under 90 days are left.
 */
final class CertNotManaged implements Check {

  /** Annotations the issuing controllers put on the Secrets they keep. */
  static final java.util.List<String> MANAGER_MARKS =
      java.util.List.of(
          "cert-manager.io/certificate-name",
          "cert-manager.io/issuer-name",
          "service.beta.openshift.io/originating-service-name",
          "service.alpha.openshift.io/originating-service-name",
          "certmedic.io/originating-service-uid");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (CallerLink l : a.links()) {
      Optional<ServingLink> p = l.primary();
      if (p.isEmpty() || !reported.add(p.get().secretNamespace() + "/" + p.get().secretName())) {
        continue;
      }
      ServingLink link = p.get();
      if (renewedBy(a.snapshot(), link, l).isPresent()) {
        continue;
      }
      CertFacts f = ServingSecret.of(link.secret()).orElseThrow().leafCert().facts();
      Instant at = a.options().at();
      Duration left = Duration.between(at, f.notAfter());
      boolean soon = left.compareTo(DoctorOptions.UNMANAGED_WARNING) < 0;
      String life = HumanTime.duration(Duration.between(f.notBefore(), f.notAfter()));
      out.add(
          new Finding(
              FindingCode.CERT_NOT_MANAGED,
              soon ? Severity.WARNING : Severity.INFO,
              link.secretRef(),
              List.of(l.caller().meta().ref()),
              "Secret "
                  + link.secretNamespace()
                  + "/"
                  + link.secretName()
                  + " holds the serving certificate of "
                  + l.caller().describe()
                  + " and nothing known renews it (no cert-manager Certificate, no OpenShift or certmedic annotation, no operator naming it); it lives "
                  + life
                  + " and "
                  + HumanTime.validity(f.notBefore(), f.notAfter(), at),
              link.via(),
              "Let a controller own it: annotate Service "
                  + l.service().meta().namespace()
                  + "/"
                  + l.service().meta().name()
                  + " with certmedic.io/serving-cert-secret-name: "
                  + link.secretName()
                  + " and the caller with certmedic.io/inject-cabundle: \"true\" (certmedic controller),"
                  + " or create a cert-manager Certificate for it; until then watch it: certmedic doctor --expiry-warning 60d"));
    }
    return out;
  }

  /**
   * Who keeps the Secret (makes it when it is missing), in words, if anyone in the input does; an
   * operator that reuses it as is counts ({@link KnownOperators}).
   */
  static Optional<String> managedBy(Snapshot s, ServingLink link, CallerLink l) {
    return owner(s, link, l, true);
  }

  /** Who renews the Secret: as {@link #managedBy}, without operators that only reuse it as is. */
  static Optional<String> renewedBy(Snapshot s, ServingLink link, CallerLink l) {
    return owner(s, link, l, false);
  }

  private static Optional<String> owner(
      Snapshot s, ServingLink link, CallerLink l, boolean keptCounts) {
    SecretRecord secret = link.secret();
    String ns = link.secretNamespace();
    if (link.confidence() == ServingLink.Confidence.ANNOTATION) {
      return Optional.of("platform annotation on the Service");
    }
    if (s.certificates().stream()
        .anyMatch(
            c -> c.meta().namespace().equals(ns) && c.secretName().equals(link.secretName()))) {
      return Optional.of("cert-manager Certificate");
    }
    for (String k : MANAGER_MARKS) {
      if (secret.meta().annotations().containsKey(k)) {
        return Optional.of("annotation " + k);
      }
    }
    for (WorkloadRecord w : s.workloadsIn(ns)) {
      for (WorkloadRecord.Container c : w.containers()) {
        for (int i = 0; i < c.args().size(); i++) {
          String arg = c.args().get(i);
          int eq = arg.indexOf('=');
          String flag = eq >= 0 ? arg.substring(0, eq) : arg;
          String value =
              eq >= 0
                  ? arg.substring(eq + 1)
                  : (i + 1 < c.args().size() ? c.args().get(i + 1) : "");
          if (flag.startsWith("-")
              && flag.toLowerCase(Locale.ROOT).contains("secret")
              && value.equals(link.secretName())
              && (keptCounts || !KnownOperators.reusesWithoutRenewing(c, flag))) {
            return Optional.of(w.meta().ref().describe() + " (" + flag + ")");
          }
        }
      }
    }
    return Optional.empty();
  }
}
