package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.TlsSecretPresent;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.GatewayRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each Gateway API listener that terminates TLS: its {@code certificateRefs} resolve (the Secret
 * exists; a ref into another namespace has a ReferenceGrant there), the certificate is valid,
 * carries the listener's {@code hostname}, matches its key and is served with its intermediates;
 * and the Gateway's own {@code ResolvedRefs=False} is surfaced with its message. Findings are on
 * the Gateway, naming the listener.
 */
final class GatewayListenerTls implements Check {

  static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
  static final String RESOLVED_REFS = "ResolvedRefs";

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (GatewayRecord g : a.snapshot().gateways()) {
      for (GatewayRecord.Listener l : g.listeners()) {
        if (l.terminatesTls()) {
          listener(a, g, l, out);
        }
      }
    }
    return out;
  }

  private static void listener(
      Analysis a, GatewayRecord g, GatewayRecord.Listener l, List<Finding> out) {
    Snapshot s = a.snapshot();
    String gns = g.meta().namespace();
    String who = g.meta().ref().describe() + " listener " + l.name();
    Optional<Condition> resolvedRefs =
        l.condition(RESOLVED_REFS).or(() -> g.condition(RESOLVED_REFS));
    Verdict resolved = TlsSecretPresent.resolved(resolvedRefs, who);
    List<String> status =
        resolved instanceof Verdict.Fail f ? List.of("status: " + f.words()) : List.of();
    boolean reported = false;
    Severity severity = g.meta().live() ? Severity.ERROR : Severity.WARNING;
    for (GatewayRecord.CertificateRef ref : l.certificateRefs()) {
      if (!ref.secret()) {
        continue; // other kinds are implementation-specific
      }
      ObjectRef secretRef = ObjectRef.of("Secret", ref.namespace(), ref.name());
      String secret = ref.namespace() + "/" + ref.name();
      List<String> evidence = new ArrayList<>();
      evidence.add(who + " (" + l.protocol() + " " + l.port() + ") -> " + secretRef.describe());
      evidence.addAll(status);
      String grant =
          Shell.command(
              List.of("kubectl", "get", "referencegrants", "-n", ref.namespace(), "-o", "yaml"));
      if (!ref.namespace().equals(gns)
          && (s.holds("ReferenceGrant", ref.namespace()) || !status.isEmpty())) {
        boolean granted =
            s.referenceGrantsIn(ref.namespace()).stream()
                .anyMatch(
                    rg -> rg.permits(GATEWAY_GROUP, "Gateway", gns, "", "Secret", ref.name()));
        if (TlsSecretPresent.permitted(granted, who, ref.namespace(), ref.name(), gns)
            instanceof Verdict.Fail fail) {
          reported = true;
          out.add(
              new Finding(
                  fail.findingCode(),
                  severity,
                  g.meta().ref(),
                  List.of(secretRef),
                  fail.words(),
                  evidence,
                  "Add a ReferenceGrant in "
                      + ref.namespace()
                      + " whose from is {group: "
                      + GATEWAY_GROUP
                      + ", kind: Gateway, namespace: "
                      + gns
                      + "} and whose to is {group: \"\", kind: Secret, name: "
                      + ref.name()
                      + "}; see what is there: "
                      + grant));
        }
      }
      Optional<SecretRecord> found = s.secret(ref.namespace(), ref.name());
      if (found.isEmpty() && !s.holds("Secret", ref.namespace())) {
        continue;
      }
      String create =
          Shell.command(
                  List.of(
                      "kubectl",
                      "create",
                      "secret",
                      "tls",
                      "-n",
                      ref.namespace(),
                      ref.name(),
                      "--cert=fullchain.pem",
                      "--key=tls.key",
                      "--dry-run=client",
                      "-o",
                      "yaml"))
              + " | kubectl apply -f -";
      if (TlsSecretPresent.named(found, who, secret) instanceof Verdict.Fail fail) {
        reported = true;
        out.add(
            new Finding(
                fail.findingCode(),
                severity,
                g.meta().ref(),
                List.of(secretRef),
                fail.words()
                    + ": the listener has no certificate to serve"
                    + (l.hostname().isEmpty() ? "" : " for " + l.hostname()),
                evidence,
                "Create it: " + create));
      }
      Optional<ServingSecret> sc = found.flatMap(ServingSecret::of);
      if (sc.isEmpty()) {
        continue;
      }
      ServingSecret served = sc.get();
      new EdgeCertificate(
              g.meta().ref(),
              List.of(secretRef),
              who,
              secretRef.describe() + " " + served.certKey(),
              served.chain(),
              served.ca(),
              KeyPairMatch.served(served, secret),
              l.hostname().isEmpty() ? List.of() : List.of(l.hostname()),
              evidence,
              Shell.command(
                      List.of(
                          "kubectl",
                          "get",
                          "secret",
                          "-n",
                          ref.namespace(),
                          ref.name(),
                          "-o",
                          "jsonpath={.data.tls\\.crt}"))
                  + " | base64 -d | openssl x509 -noout -subject -issuer -ext subjectAltName -enddate",
              "Replace the pair: " + create + " (or let cert-manager renew it).")
          .judge(a, out);
    }
    if (!reported && resolved instanceof Verdict.Fail fail) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              g.meta().ref(),
              l.certificateRefs().stream()
                  .filter(GatewayRecord.CertificateRef::secret)
                  .map(r -> ObjectRef.of("Secret", r.namespace(), r.name()))
                  .toList(),
              fail.words() + ": the listener serves no certificate until its refs resolve",
              List.of(who + " (" + l.protocol() + " " + l.port() + ")"),
              "Read the Gateway's status: "
                  + Shell.command(
                      List.of(
                          "kubectl", "get", "gateway", "-n", gns, g.meta().name(), "-o", "yaml"))));
    }
  }
}
