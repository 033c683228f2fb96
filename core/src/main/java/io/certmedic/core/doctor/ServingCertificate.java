package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Links;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.link.TrustSource;
import io.certmedic.core.rule.ChainTrust;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.KeyStrength;
import io.certmedic.core.rule.KeyUsage;
import io.certmedic.core.rule.ServingNames;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.text.Shell;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the certificate a caller is served, as the API server will: is it valid now, does it carry
 * the name dialled ({@code svc.ns.svc}; SANs only), does it chain to the caller's CA, may it serve
 * (serverAuth), and does its key belong to it. Every problem is reported, not only the first Go
 * would stop at; the message quotes Go's own words. The rules of {@code core.rule} judge and word
 * each failure; this check links the caller to its certificate and adds the caller, the evidence,
 * the severity and the fix.
 */
final class ServingCertificate implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      if (l.status() != CallerLink.Status.FOUND) {
        continue;
      }
      if (l.caller() instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue; // nothing is verified; InsecureSkipTlsVerify reports it
      }
      l.primary().ifPresentOrElse(p -> judge(a, l, p, out), () -> unknown(a, l, out));
    }
    return out;
  }

  private static void judge(Analysis a, CallerLink l, ServingLink link, List<Finding> out) {
    Caller c = l.caller();
    ClientConfig.ServiceRef ref = c.client().service();
    ServingSecret sc = ServingSecret.of(link.secret()).orElseThrow();
    CertInfo leaf = sc.leafCert();
    CertFacts f = leaf.facts();
    Instant at = a.options().at();
    Instant inside = ValidityWindow.inside(f, at);
    String blocks = Analysis.blocks(c);
    String secret = link.secretNamespace() + "/" + link.secretName();
    String where = "the serving certificate in Secret " + secret + " (" + sc.certKey() + ")";
    List<String> evidence = new ArrayList<>(link.via());
    evidence.add(0, l.evidence().get(0));
    evidence.add(
        "Secret "
            + secret
            + " "
            + sc.certKey()
            + ": "
            + f.subject()
            + ", names ["
            + String.join(", ", f.allNames())
            + "], valid "
            + f.notBefore()
            + " .. "
            + f.notAfter()
            + ", issued by "
            + f.issuer());
    Context ctx =
        new Context(
            c, related(l, link), reissue(ref, link, a, l), restart(link), trustFix(c, link, sc));

    ctx.add(
        ValidityWindow.served(leaf, at, a.options().expiryWarning(), where, blocks), evidence, out);
    ctx.add(
        ServingNames.served(
            leaf, ref, l.service().headless(), a.options().clusterDomain(), inside, where, blocks),
        evidence,
        out);
    TrustSource.of(a.snapshot(), c)
        .ifPresent(
            trust -> {
              VerifyResult chain = ChainTrust.verify(sc.chain(), trust, inside);
              List<String> ev = new ArrayList<>(evidence);
              ev.add("trusted: " + trust.description() + ": " + roots(trust));
              ctx.add(KeyUsage.served(chain, where, blocks), ev, out);
              ctx.add(ChainTrust.served(chain, trust, where, f.issuer(), blocks), ev, out);
            });
    ctx.add(KeyPairMatch.served(sc, secret), evidence, out);
    ctx.add(KeyStrength.served(f, where), evidence, out);
  }

  /**
   * What a finding on a served certificate adds to a rule's words: the caller, how bad (the
   * caller's breakage, except a warning or a note), the objects linked, and the fix.
   */
  private record Context(
      Caller caller, List<ObjectRef> related, String reissue, String restart, String trustFix) {

    void add(Verdict v, List<String> evidence, List<Finding> out) {
      if (!(v instanceof Verdict.Fail fail)) {
        return;
      }
      FindingCode code = fail.findingCode();
      Severity severity =
          switch (code) {
            case CERT_EXPIRING_SOON, CERT_WEAK -> Severity.WARNING;
            case SAN_INCOMPLETE -> Severity.INFO;
            default -> Analysis.severityFor(caller);
          };
      String fix =
          switch (code) {
            case CERT_NOT_YET_VALID ->
                "Check the clocks of the issuer and the nodes; reissue with notBefore in the past: "
                    + reissue;
            case SAN_INCOMPLETE, CERT_WRONG_USAGE, CERT_WEAK -> reissue;
            case CABUNDLE_UNTRUSTED -> trustFix;
            default -> reissue + restart;
          };
      out.add(
          new Finding(
              code,
              severity,
              caller.meta().ref(),
              related,
              caller.describe() + ": " + fail.words(),
              evidence,
              fix));
    }
  }

  private static String roots(TrustSource trust) {
    return String.join(
        "; ",
        trust.roots().stream()
            .map(
                r -> r.facts().subject() + " (sha256 " + r.facts().sha256().substring(0, 16) + "…)")
            .toList());
  }

  /** No certificate to judge: say why, at info unless the input shows it should be there. */
  private static void unknown(Analysis a, CallerLink l, List<Finding> out) {
    Caller c = l.caller();
    ClientConfig.ServiceRef ref = c.client().service();
    List<String> evidence = new ArrayList<>(l.evidence());
    Severity sev = Severity.INFO;
    String why;
    if (l.serving().isEmpty()) {
      boolean emptyDir =
          Links.selected(a.snapshot(), l.service()).stream()
              .anyMatch(w -> w.volumes().stream().anyMatch(v -> v.emptyDir()));
      why =
          Links.selected(a.snapshot(), l.service()).isEmpty()
              ? "no workload in the input matches the Service's selector " + l.service().selector()
              : "the workloads behind it mount no Secret"
                  + (emptyDir
                      ? " (the server likely makes its own certificate at start, in an emptyDir)"
                      : " (it may make its certificate in memory or read it through the API)");
    } else {
      ServingLink first = l.serving().get(0);
      evidence.addAll(first.via());
      if (first.secret() == null) {
        boolean judged = a.snapshot().holds("Secret", first.secretNamespace()) && c.meta().live();
        sev = judged ? Severity.WARNING : Severity.INFO;
        String unjudged =
            a.snapshot().partial("Secret")
                ? " (only some Secrets were read, so it may exist)"
                : " (it is created at runtime)";
        why =
            "Secret "
                + first.secretNamespace()
                + "/"
                + first.secretName()
                + " is not in the input"
                + (judged ? "" : unjudged);
      } else {
        why =
            "Secret "
                + first.secretNamespace()
                + "/"
                + first.secretName()
                + " holds no certificate yet"
                + (first.secret().meta().live()
                    ? ""
                    : " (an empty placeholder, filled at runtime)");
        sev = first.secret().meta().live() ? Severity.WARNING : Severity.INFO;
      }
    }
    out.add(
        new Finding(
            FindingCode.SERVING_CERT_UNKNOWN,
            sev,
            c.meta().ref(),
            List.of(ObjectRef.of("Service", ref.namespace(), ref.name())),
            c.describe() + ": cannot tell which certificate " + ref.dnsName() + " serves: " + why,
            evidence,
            "On a live cluster, 'certmedic probe' shows what it serves: kubectl -n "
                + Shell.quote(ref.namespace())
                + " port-forward "
                + Shell.quote("svc/" + ref.name())
                + " 8443:"
                + ref.port()
                + " & certmedic probe 127.0.0.1:8443 --server-name "
                + Shell.quote(ref.dnsName())
                + " --ca CA.pem"));
  }

  private static List<ObjectRef> related(CallerLink l, ServingLink link) {
    List<ObjectRef> r = new ArrayList<>();
    r.add(l.service().meta().ref());
    r.addAll(link.workloads());
    r.add(link.secretRef());
    return r;
  }

  private static String reissue(
      ClientConfig.ServiceRef ref, ServingLink link, Analysis a, CallerLink l) {
    java.util.Optional<String> owner = CertNotManaged.managedBy(a.snapshot(), link, l);
    String issue =
        "certmedic issue --service "
            + Shell.quote(ref.name())
            + " --namespace "
            + Shell.quote(ref.namespace())
            + (a.options().clusterDomain().equals("cluster.local")
                ? ""
                : " --cluster-domain " + Shell.quote(a.options().clusterDomain()))
            + " --secret-name "
            + Shell.quote(link.secretName())
            + " -o secret-yaml";
    if (owner.isPresent()) {
      return owner.get()
          + " keeps this Secret: delete it so a certificate for the current names is made (kubectl -n "
          + Shell.quote(link.secretNamespace())
          + " delete secret "
          + Shell.quote(link.secretName())
          + "), or pin the old Service name in its configuration; by hand: "
          + issue
          + " --ca-cert ca.crt --ca-key ca.key | kubectl apply -f -";
    }
    String withCa =
        "Reissue it for every name the Service needs with the CA the callers trust: "
            + issue
            + " --ca-cert ca.crt --ca-key ca.key | kubectl apply -f -";
    List<Caller> sharing = sharing(a, link);
    if (sharing.size() > 1) {
      return withCa
          + "; without that CA's key, run 'certmedic fix' (or 'certmedic fix -f DUMP --out DIR'"
          + " offline): "
          + sharing.size()
          + " callers trust this Secret ("
          + String.join(", ", sharing.stream().map(Caller::describe).toList())
          + "), and fix makes one CA for them all and patches every caBundle, where one"
          + " 'certmedic issue' per caller would make a CA each and undo the one before";
    }
    return withCa
        + "; without that CA's key, make a new CA and give it to the caller: "
        + issue
        + " --webhook "
        + Shell.quote(l.caller().meta().name())
        + kindFlag(l.caller())
        + " (apply the Secret, then run the caBundle patch it prints)";
  }

  /**
   * {@code issue}'s {@code --webhook-kind} for a caller that is not a
   * ValidatingWebhookConfiguration (the flag's default), so the printed patch edits the object that
   * calls.
   */
  static String kindFlag(Caller c) {
    String kind =
        switch (c.meta().ref().kind()) {
          case "MutatingWebhookConfiguration" -> "mutating";
          case "CustomResourceDefinition" -> "crd";
          case "APIService" -> "apiservice";
          default -> "";
        };
    return kind.isEmpty() ? "" : " --webhook-kind " + kind;
  }

  /** The callers, each once, whose served certificate is this link's Secret. */
  private static List<Caller> sharing(Analysis a, ServingLink link) {
    return a.callersServedBy(link.secretNamespace(), link.secretName());
  }

  private static String restart(ServingLink link) {
    if (link.workloads().isEmpty()) {
      return "";
    }
    ObjectRef w = link.workloads().get(0);
    return "; then restart the server so it reads the new certificate: kubectl -n "
        + Shell.quote(w.namespace())
        + " rollout restart "
        + w.kind().toLowerCase(java.util.Locale.ROOT)
        + " "
        + Shell.quote(w.name());
  }

  private static String trustFix(Caller c, ServingLink link, ServingSecret sc) {
    String patch;
    if (c instanceof Caller.Webhook w) {
      patch =
          "kubectl patch "
              + w.meta().ref().kind().toLowerCase(java.util.Locale.ROOT)
              + " "
              + Shell.quote(w.meta().name())
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/webhooks/<index of "
              + Shell.insideSingleQuotes(w.webhook())
              + ">/clientConfig/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    } else if (c instanceof Caller.Conversion) {
      patch =
          "kubectl patch crd "
              + Shell.quote(c.meta().name())
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/conversion/webhook/clientConfig/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    } else {
      patch =
          "kubectl patch apiservice "
              + Shell.quote(c.meta().name())
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    }
    String ca =
        sc.caKey() == null
            ? "CA=$(base64 -w0 < the-ca-that-signed-it.pem)"
            : "CA=$(kubectl -n "
                + Shell.quote(link.secretNamespace())
                + " get secret "
                + Shell.quote(link.secretName())
                + " -o jsonpath='{.data."
                + Shell.insideSingleQuotes(sc.caKey().replace(".", "\\."))
                + "}')";
    return "Give the caller the CA that signed the serving certificate, or let one injector own both (annotate the Service with a serving-cert annotation and the caller with the matching inject annotation): "
        + ca
        + " && "
        + patch;
  }
}
