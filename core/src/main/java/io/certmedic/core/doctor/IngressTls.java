package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.TlsSecretPresent;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.DefaultSslCertificate;
import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each Ingress {@code spec.tls} entry, and ingress-nginx's {@code --default-ssl-certificate}: the
 * Secret is there (at info when cert-manager's ingress annotations say it will make it), and the
 * certificate it holds is valid, carries every host of the entry, matches its key and is served
 * with its intermediates. Findings are on the Ingress, naming its Secret.
 */
final class IngressTls implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    Snapshot s = a.snapshot();
    for (IngressRecord ing : s.ingresses()) {
      String ns = ing.meta().namespace();
      for (int i = 0; i < ing.tls().size(); i++) {
        IngressRecord.Tls t = ing.tls().get(i);
        if (t.secretName().isEmpty()) {
          continue; // the controller's default certificate, judged below where it is named
        }
        String who = ing.meta().ref().describe() + " (spec.tls[" + i + "])";
        Severity missing =
            ing.certManagerMakesSecrets()
                ? Severity.INFO
                : ing.meta().live() ? Severity.ERROR : Severity.WARNING;
        String fallback =
            ing.certManagerMakesSecrets()
                ? ": cert-manager's ingress annotations say it will make it (until then the"
                    + " controller serves its default certificate for "
                    + String.join(", ", t.hosts())
                    + ")"
                : ": the ingress controller serves its default (often self-signed) certificate for "
                    + String.join(", ", t.hosts())
                    + ", which clients refuse";
        String confirm =
            ing.certManagerMakesSecrets()
                ? Shell.command(
                    List.of("kubectl", "describe", "certificate", "-n", ns, t.secretName()))
                : null;
        secret(a, ing.meta().ref(), who, ns, t.secretName(), t.hosts(), missing, fallback, confirm)
            .forEach(out::add);
      }
    }
    for (DefaultSslCertificate d : s.defaultSslCertificates()) {
      String who =
          "ingress-nginx's "
              + DefaultSslCertificate.FLAG
              + " on "
              + d.workload().describe()
              + " (container "
              + d.container()
              + ")";
      secret(
              a,
              d.workload(),
              who,
              d.namespace(),
              d.name(),
              List.of(),
              s.workloads().stream()
                      .anyMatch(w -> w.meta().ref().equals(d.workload()) && w.meta().live())
                  ? Severity.ERROR
                  : Severity.WARNING,
              ": ingress-nginx serves its self-signed fake certificate to every host no Ingress names",
              null)
          .forEach(out::add);
    }
    return out;
  }

  private static List<Finding> secret(
      Analysis a,
      ObjectRef object,
      String who,
      String ns,
      String name,
      List<String> hosts,
      Severity missingSeverity,
      String fallback,
      String confirm) {
    List<Finding> out = new ArrayList<>();
    Snapshot s = a.snapshot();
    Optional<SecretRecord> found = s.secret(ns, name);
    if (found.isEmpty() && !s.holds("Secret", ns)) {
      return out; // the input could not have shown it
    }
    ObjectRef secretRef = ObjectRef.of("Secret", ns, name);
    String inspect =
        Shell.command(
                List.of(
                    "kubectl", "get", "secret", "-n", ns, name, "-o", "jsonpath={.data.tls\\.crt}"))
            + " | base64 -d | openssl x509 -noout -subject -issuer -ext subjectAltName -enddate";
    String replace =
        "Replace the pair: "
            + Shell.command(
                List.of(
                    "kubectl",
                    "create",
                    "secret",
                    "tls",
                    "-n",
                    ns,
                    name,
                    "--cert=fullchain.pem",
                    "--key=tls.key",
                    "--dry-run=client",
                    "-o",
                    "yaml"))
            + " | kubectl apply -f - (or let cert-manager renew it).";
    List<String> evidence = List.of(who + " -> " + secretRef.describe());
    Verdict present = TlsSecretPresent.named(found, who, ns + "/" + name);
    if (present instanceof Verdict.Fail fail) {
      out.add(
          new Finding(
              fail.findingCode(),
              missingSeverity,
              object,
              List.of(secretRef),
              fail.words() + fallback,
              evidence,
              confirm != null ? "Confirm cert-manager is making it: " + confirm : replace));
    }
    Optional<ServingSecret> sc = found.flatMap(ServingSecret::of);
    if (sc.isEmpty()) {
      return out;
    }
    ServingSecret served = sc.get();
    new EdgeCertificate(
            object,
            List.of(secretRef),
            who,
            secretRef.describe() + " " + served.certKey(),
            served.chain(),
            served.ca(),
            KeyPairMatch.served(served, ns + "/" + name),
            hosts,
            List.of(who + " -> " + secretRef.describe() + " (" + served.certKey() + ")"),
            inspect,
            replace)
        .judge(a, out);
    return out;
  }
}
