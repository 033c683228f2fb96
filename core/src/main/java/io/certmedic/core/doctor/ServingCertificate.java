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
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.verify.HostnameMatcher;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the certificate a caller is served, as the API server will: is it valid now, does it carry
 * the name dialled ({@code svc.ns.svc}; SANs only), does it chain to the caller's CA, may it serve
 * (serverAuth), and does its key belong to it. Every problem is reported, not only the first Go
 * would stop at; the message quotes Go's own words.
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
    String dns = ref.dnsName();
    Instant at = a.options().at();
    Severity sev = Analysis.severityFor(c);
    List<ObjectRef> related = related(l, link);
    List<String> evidence = new ArrayList<>(link.via());
    evidence.add(0, l.evidence().get(0));
    evidence.add(
        "Secret "
            + link.secretNamespace()
            + "/"
            + link.secretName()
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
    String where =
        "the serving certificate in Secret "
            + link.secretNamespace()
            + "/"
            + link.secretName()
            + " ("
            + sc.certKey()
            + ")";
    String reissue = reissue(ref, link, a, l);

    if (at.isAfter(f.notAfter())) {
      out.add(
          new Finding(
              FindingCode.CERT_EXPIRED,
              sev,
              c.meta().ref(),
              related,
              c.describe()
                  + ": "
                  + where
                  + " expired "
                  + HumanTime.duration(Duration.between(f.notAfter(), at))
                  + " ago; the API server says \""
                  + goExpiry(leaf.certificate(), at)
                  + "\" ("
                  + Analysis.blocks(c)
                  + ")",
              evidence,
              reissue + restart(link)));
    } else if (at.isBefore(f.notBefore())) {
      out.add(
          new Finding(
              FindingCode.CERT_NOT_YET_VALID,
              sev,
              c.meta().ref(),
              related,
              c.describe()
                  + ": "
                  + where
                  + " is not valid for another "
                  + HumanTime.duration(Duration.between(at, f.notBefore()))
                  + "; the API server says \""
                  + goExpiry(leaf.certificate(), at)
                  + "\" (is a clock wrong?)",
              evidence,
              "Check the clocks of the issuer and the nodes; reissue with notBefore in the past: "
                  + reissue));
    } else if (!at.plus(a.options().expiryWarning()).isBefore(f.notAfter())) {
      out.add(
          new Finding(
              FindingCode.CERT_EXPIRING_SOON,
              Severity.WARNING,
              c.meta().ref(),
              related,
              c.describe()
                  + ": "
                  + where
                  + " expires in "
                  + HumanTime.duration(Duration.between(at, f.notAfter()))
                  + " ("
                  + f.notAfter()
                  + ")",
              evidence,
              reissue + restart(link)));
    }

    Instant inside = inside(f, at);
    VerifyResult names =
        ServingVerifier.verify(
            List.of(leaf.certificate()), List.of(leaf.certificate()), dns, inside);
    if (names instanceof VerifyFailure nf) {
      boolean legacy = !f.hasSanExtension();
      out.add(
          new Finding(
              legacy ? FindingCode.CERT_NO_SAN : FindingCode.SAN_MISMATCH,
              sev,
              c.meta().ref(),
              related,
              c.describe()
                  + ": the API server dials "
                  + dns
                  + " and "
                  + where
                  + " does not carry that name: \""
                  + nf.message()
                  + "\" ("
                  + Analysis.blocks(c)
                  + ")"
                  + (legacy ? "" : renamedHint(f, ref)),
              evidence,
              reissue + restart(link)));
    } else {
      List<String> missing =
          io.certmedic.core.issue.ServiceNames.of(
                  ref.name(), ref.namespace(), a.options().clusterDomain(), l.service().headless())
              .stream()
              .filter(n -> !n.startsWith("*") && !HostnameMatcher.matches(f, n))
              .toList();
      if (!missing.isEmpty()) {
        out.add(
            new Finding(
                FindingCode.SAN_INCOMPLETE,
                Severity.INFO,
                c.meta().ref(),
                related,
                c.describe()
                    + ": "
                    + where
                    + " carries "
                    + dns
                    + " (enough for the API server) but not "
                    + String.join(", ", missing)
                    + ", which pods using the short or fully qualified name dial, and which platforms that probe webhooks (OpenShift) expect",
                evidence,
                reissue));
      }
    }

    TrustSource.of(a.snapshot(), c)
        .ifPresent(
            trust -> {
              List<X509Certificate> roots =
                  trust.roots().stream().map(CertInfo::certificate).toList();
              List<X509Certificate> presented =
                  sc.chain().stream().map(CertInfo::certificate).toList();
              VerifyResult chain = ServingVerifier.verify(presented, roots, "", inside);
              if (chain instanceof VerifyFailure cf) {
                boolean usage = cf.reason() == io.certmedic.core.verify.Reason.INCOMPATIBLE_USAGE;
                List<String> ev = new ArrayList<>(evidence);
                ev.add(
                    "trusted: "
                        + trust.description()
                        + ": "
                        + String.join(
                            "; ",
                            trust.roots().stream()
                                .map(
                                    r ->
                                        r.facts().subject()
                                            + " (sha256 "
                                            + r.facts().sha256().substring(0, 16)
                                            + "…)")
                                .toList()));
                out.add(
                    new Finding(
                        usage ? FindingCode.CERT_WRONG_USAGE : FindingCode.CABUNDLE_UNTRUSTED,
                        sev,
                        c.meta().ref(),
                        related,
                        usage
                            ? c.describe()
                                + ": "
                                + where
                                + " does not allow serverAuth: \""
                                + cf.message()
                                + "\" ("
                                + Analysis.blocks(c)
                                + ")"
                            : c.describe()
                                + ": "
                                + where
                                + " (issued by "
                                + f.issuer()
                                + ") does not chain to "
                                + trust.description()
                                + ": \""
                                + cf.message()
                                + "\" ("
                                + Analysis.blocks(c)
                                + ")",
                        ev,
                        usage ? reissue : trustFix(c, link, sc)));
              }
            });

    if (sc.key() instanceof DataField.Key k
        && k.publicKeyId() != null
        && !k.publicKeyId().equals(leaf.publicKeyId())) {
      out.add(
          new Finding(
              FindingCode.CERT_KEY_MISMATCH,
              sev,
              c.meta().ref(),
              related,
              c.describe()
                  + ": "
                  + sc.keyKey()
                  + " in Secret "
                  + link.secretNamespace()
                  + "/"
                  + link.secretName()
                  + " does not belong to "
                  + sc.certKey()
                  + ": the server cannot complete a TLS handshake with this pair",
              evidence,
              reissue + restart(link)));
    }
    if (f.weak()) {
      out.add(
          new Finding(
              FindingCode.CERT_WEAK,
              Severity.WARNING,
              c.meta().ref(),
              related,
              c.describe()
                  + ": "
                  + where
                  + " is weak ("
                  + f.keyAlgorithm()
                  + ", "
                  + f.signatureAlgorithm()
                  + "); Go refuses SHA-1 signatures since 1.18",
              evidence,
              reissue));
    }
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
                + ref.namespace()
                + " port-forward svc/"
                + ref.name()
                + " 8443:"
                + ref.port()
                + " & certmedic probe 127.0.0.1:8443 --server-name "
                + ref.dnsName()
                + " --ca CA.pem"));
  }

  private static List<ObjectRef> related(CallerLink l, ServingLink link) {
    List<ObjectRef> r = new ArrayList<>();
    r.add(l.service().meta().ref());
    r.addAll(link.workloads());
    r.add(link.secretRef());
    return r;
  }

  /** An instant inside the leaf's validity, so chain and names are judged apart from expiry. */
  private static Instant inside(CertFacts f, Instant at) {
    if (at.isAfter(f.notAfter())) {
      return f.notAfter();
    }
    return at.isBefore(f.notBefore()) ? f.notBefore() : at;
  }

  private static String goExpiry(X509Certificate cert, Instant at) {
    VerifyResult r = ServingVerifier.verify(List.of(cert), List.of(cert), "", at);
    return r instanceof VerifyFailure vf ? vf.message() : "";
  }

  /** A Spark-style rename: the cert names the same namespace's other Service. */
  private static String renamedHint(CertFacts f, ClientConfig.ServiceRef ref) {
    String suffix = "." + ref.namespace() + ".svc";
    for (String n : f.dnsNames()) {
      if (n.endsWith(suffix) && !n.equals(ref.dnsName())) {
        return "; the certificate was made for Service "
            + n.substring(0, n.length() - suffix.length())
            + ": was the Service renamed and the certificate kept?";
      }
    }
    return "";
  }

  private static String reissue(
      ClientConfig.ServiceRef ref, ServingLink link, Analysis a, CallerLink l) {
    java.util.Optional<String> owner = CertNotManaged.managedBy(a.snapshot(), link, l);
    String issue =
        "certmedic issue --service "
            + ref.name()
            + " --namespace "
            + ref.namespace()
            + (a.options().clusterDomain().equals("cluster.local")
                ? ""
                : " --cluster-domain " + a.options().clusterDomain())
            + " --secret-name "
            + link.secretName()
            + " -o secret-yaml";
    if (owner.isPresent()) {
      return owner.get()
          + " keeps this Secret: delete it so a certificate for the current names is made (kubectl -n "
          + link.secretNamespace()
          + " delete secret "
          + link.secretName()
          + "), or pin the old Service name in its configuration; by hand: "
          + issue
          + " --ca-cert ca.crt --ca-key ca.key | kubectl apply -f -";
    }
    return "Reissue it for every name the Service needs with the CA the callers trust: "
        + issue
        + " --ca-cert ca.crt --ca-key ca.key | kubectl apply -f -"
        + "; without that CA's key, make a new CA and give it to every caller of the Service: "
        + issue
        + " --webhook "
        + l.caller().meta().name()
        + " (apply the Secret, then run the caBundle patch it prints for each caller)";
  }

  private static String restart(ServingLink link) {
    if (link.workloads().isEmpty()) {
      return "";
    }
    ObjectRef w = link.workloads().get(0);
    return "; then restart the server so it reads the new certificate: kubectl -n "
        + w.namespace()
        + " rollout restart "
        + w.kind().toLowerCase(java.util.Locale.ROOT)
        + " "
        + w.name();
  }

  private static String trustFix(Caller c, ServingLink link, ServingSecret sc) {
    String patch;
    if (c instanceof Caller.Webhook w) {
      patch =
          "kubectl patch "
              + w.meta().ref().kind().toLowerCase(java.util.Locale.ROOT)
              + " "
              + w.meta().name()
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/webhooks/<index of "
              + w.webhook()
              + ">/clientConfig/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    } else if (c instanceof Caller.Conversion) {
      patch =
          "kubectl patch crd "
              + c.meta().name()
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/conversion/webhook/clientConfig/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    } else {
      patch =
          "kubectl patch apiservice "
              + c.meta().name()
              + " --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/caBundle\",\"value\":\"'\"$CA\"'\"}]'";
    }
    String ca =
        sc.caKey() == null
            ? "CA=$(base64 -w0 < the-ca-that-signed-it.pem)"
            : "CA=$(kubectl -n "
                + link.secretNamespace()
                + " get secret "
                + link.secretName()
                + " -o jsonpath='{.data."
                + sc.caKey().replace(".", "\\.")
                + "}')";
    return "Give the caller the CA that signed the serving certificate, or let one injector own both (annotate the Service with a serving-cert annotation and the caller with the matching inject annotation): "
        + ca
        + " && "
        + patch;
  }
}
