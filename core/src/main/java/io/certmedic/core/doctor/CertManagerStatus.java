package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.CertificateReady;
import io.certmedic.core.rule.IssuerReady;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.CertificateRequestRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.IssuerRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Shell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cert-manager as {@code cmctl status certificate} shows it: Issuers and ClusterIssuers that are
 * not Ready (with the Certificates that depend on them), Certificates that are not Ready, past
 * their renewalTime or whose Secret lacks their names, and CertificateRequests denied or failed.
 * Evidence runs Certificate -> Issuer -> Secret -> request.
 */
final class CertManagerStatus implements Check {

  /**
   * A Certificate issuing for the first time, or renewing, with no failure yet, is reported at info
   * for this long: cert-manager is still working on it.
   */
  static final Duration ISSUING_GRACE = Duration.ofMinutes(10);

  @Override
  public List<Finding> run(Analysis a) {
    Snapshot s = a.snapshot();
    Instant at = a.options().at();
    List<Finding> out = new ArrayList<>();
    for (IssuerRecord i : s.issuers()) {
      if (IssuerReady.status(i, at) instanceof Verdict.Fail f) {
        out.add(issuer(i, f, dependents(s, i)));
      }
    }
    for (CertificateRecord c : s.certificates()) {
      Verdict v = CertificateReady.status(c, at);
      if (v.passed()) {
        v = leaf(s, c).map(l -> CertificateReady.names(c, l.facts())).orElse(v);
      }
      if (v instanceof Verdict.Fail f) {
        out.add(certificate(s, c, f, at));
      }
    }
    Map<ObjectRef, Finding> requests = new LinkedHashMap<>();
    for (CertificateRequestRecord r : latestFirst(s.certificateRequests())) {
      Optional<CertificateRecord> owner =
          r.certificateName().isEmpty()
              ? Optional.empty()
              : s.certificate(r.meta().namespace(), r.certificateName());
      if (owner.isPresent() && owner.get().ready().map(Condition::isTrue).orElse(false)) {
        continue; // an old revision: the Certificate was issued since
      }
      if (CertificateReady.request(r) instanceof Verdict.Fail f) {
        ObjectRef key = owner.map(c -> c.meta().ref()).orElse(r.meta().ref());
        requests.putIfAbsent(key, request(r, owner, f));
      }
    }
    out.addAll(requests.values());
    return out;
  }

  private static Finding issuer(IssuerRecord i, Verdict.Fail f, List<CertificateRecord> deps) {
    String kind = i.cluster() ? "clusterissuer" : "issuer";
    List<String> command = new ArrayList<>(List.of("kubectl", "describe", kind, i.meta().name()));
    if (!i.cluster()) {
      command.addAll(List.of("-n", i.meta().namespace()));
    }
    List<String> names =
        deps.stream().map(c -> c.meta().namespace() + "/" + c.meta().name()).toList();
    return new Finding(
        FindingCode.ISSUER_NOT_READY,
        deps.isEmpty() ? Severity.WARNING : Severity.ERROR,
        i.meta().ref(),
        deps.stream().map(c -> c.meta().ref()).toList(),
        i.meta().ref().describe()
            + (i.type().isEmpty() ? "" : " (" + i.type() + ")")
            + " "
            + f.words()
            + (deps.isEmpty()
                ? "; no Certificate in the input uses it"
                : ": the "
                    + deps.size()
                    + (deps.size() == 1 ? " Certificate" : " Certificates")
                    + " it issues cannot be issued or renewed: "
                    + names),
        names.stream().map(n -> "Certificate " + n + " -> " + i.meta().ref().describe()).toList(),
        "Read the condition and fix its cause (the CA Secret, the ACME account, the Vault auth): "
            + Shell.command(command));
  }

  private static Finding certificate(Snapshot s, CertificateRecord c, Verdict.Fail f, Instant at) {
    Optional<IssuerRecord> issuer = issuerOf(s, c);
    Optional<String> issuerDown =
        issuer
            .filter(i -> i.ready().map(r -> !r.isTrue()).orElse(false))
            .map(i -> "; its " + i.meta().ref().describe() + " is not Ready");
    boolean stillIssuing =
        c.status().failedIssuanceAttempts() == 0
            && issuerDown.isEmpty()
            && Condition.find(c.status().conditions(), "Issuing")
                .map(Condition::isTrue)
                .orElse(false)
            && c.ready()
                .map(Condition::lastTransitionTime)
                .map(t -> Duration.between(t, at).compareTo(ISSUING_GRACE) < 0)
                .orElse(false);
    List<String> ns = List.of("-n", c.meta().namespace());
    List<String> status =
        new ArrayList<>(List.of("cmctl", "status", "certificate", c.meta().name()));
    status.addAll(ns);
    List<String> renew = new ArrayList<>(List.of("cmctl", "renew", c.meta().name()));
    renew.addAll(ns);
    List<ObjectRef> related = new ArrayList<>();
    issuer.ifPresent(i -> related.add(i.meta().ref()));
    related.add(secretRef(c));
    return new Finding(
        FindingCode.CERTIFICATE_NOT_READY,
        stillIssuing
            ? Severity.INFO
            : c.ready().map(Condition::isTrue).orElse(false) ? Severity.WARNING : Severity.ERROR,
        c.meta().ref(),
        related,
        c.meta().ref().describe()
            + " "
            + f.words()
            + issuerDown.orElse("")
            + (stillIssuing ? " (cert-manager is still issuing it)" : ""),
        evidence(s, c, issuer),
        "Read why: "
            + Shell.command(status)
            + "; once the cause is fixed, 'certmedic fix --apply' triggers a renewal as "
            + Shell.command(renew)
            + " does");
  }

  private static Finding request(
      CertificateRequestRecord r, Optional<CertificateRecord> owner, Verdict.Fail f) {
    List<String> describe =
        List.of(
            "kubectl",
            "describe",
            "certificaterequest",
            r.meta().name(),
            "-n",
            r.meta().namespace());
    return new Finding(
        FindingCode.CERTIFICATE_NOT_READY,
        Severity.ERROR,
        r.meta().ref(),
        owner.map(c -> List.of(c.meta().ref())).orElse(List.of()),
        r.meta().ref().describe()
            + " "
            + f.words()
            + (owner.isPresent()
                ? ": " + owner.get().meta().ref().describe() + " gets no certificate from it"
                : ""),
        List.of(
            r.meta().ref().describe()
                + " -> "
                + r.issuerKind()
                + " "
                + (r.issuerKind().equals("ClusterIssuer") ? "" : r.meta().namespace() + "/")
                + r.issuerName()),
        "Read the condition: "
            + Shell.command(describe)
            + "; a denied request is not retried: fix the approver's policy, then renew the Certificate");
  }

  /** Certificate -> Issuer -> Secret, each with what its status says. */
  private static List<String> evidence(
      Snapshot s, CertificateRecord c, Optional<IssuerRecord> issuer) {
    List<String> out = new ArrayList<>();
    CertificateRecord.Status st = c.status();
    out.add(
        c.meta().ref().describe()
            + ": dnsNames "
            + c.dnsNames()
            + conditions(st.conditions())
            + (st.renewalTime() == null ? "" : ", renewalTime " + st.renewalTime())
            + (st.notAfter() == null ? "" : ", notAfter " + st.notAfter())
            + (st.failedIssuanceAttempts() == 0
                ? ""
                : ", failedIssuanceAttempts " + st.failedIssuanceAttempts()));
    String issuerName =
        c.issuerKind()
            + " "
            + (c.issuerKind().equals("ClusterIssuer") ? "" : c.meta().namespace() + "/")
            + c.issuerName();
    out.add(
        "-> "
            + issuer
                .map(i -> i.meta().ref().describe() + conditions(i.conditions()))
                .orElse(
                    issuerName
                        + (c.issuerGroup().equals(CertificateRecord.CERT_MANAGER_GROUP)
                            ? " (not in the input)"
                            : " (" + c.issuerGroup() + ", an external issuer)")));
    Optional<SecretRecord> secret = s.secret(c.meta().namespace(), c.secretName());
    out.add(
        "-> "
            + secretRef(c).describe()
            + secret
                .map(
                    x ->
                        leaf(s, c)
                            .map(
                                l ->
                                    ": valid for "
                                        + l.facts().allNames()
                                        + ", notAfter "
                                        + l.certificate().getNotAfter().toInstant())
                            .orElse(": holds no certificate in tls.crt"))
                .orElse(
                    s.holds("Secret", c.meta().namespace())
                        ? ": does not exist"
                        : ": not in the input"));
    return out;
  }

  private static String conditions(List<Condition> cs) {
    StringBuilder b = new StringBuilder();
    for (Condition x : cs) {
      b.append(", ").append(x.type()).append('=').append(x.status());
      if (!x.reason().isEmpty()) {
        b.append(" (").append(x.reason()).append(')');
      }
    }
    return b.toString();
  }

  private static ObjectRef secretRef(CertificateRecord c) {
    return ObjectRef.of("Secret", c.meta().namespace(), c.secretName());
  }

  static Optional<IssuerRecord> issuerOf(Snapshot s, CertificateRecord c) {
    if (!c.issuerGroup().equals(CertificateRecord.CERT_MANAGER_GROUP)) {
      return Optional.empty();
    }
    String kind = c.issuerKind() == null || c.issuerKind().isEmpty() ? "Issuer" : c.issuerKind();
    return s.issuer(kind, kind.equals("ClusterIssuer") ? "" : c.meta().namespace(), c.issuerName());
  }

  private static List<CertificateRecord> dependents(Snapshot s, IssuerRecord i) {
    return s.certificates().stream()
        .filter(c -> issuerOf(s, c).map(x -> x.meta().ref().equals(i.meta().ref())).orElse(false))
        .toList();
  }

  private static Optional<CertInfo> leaf(Snapshot s, CertificateRecord c) {
    return s.secret(c.meta().namespace(), c.secretName())
        .map(x -> x.field("tls.crt"))
        .filter(DataField.Certs.class::isInstance)
        .map(DataField.Certs.class::cast)
        .flatMap(x -> x.certificates().stream().findFirst());
  }

  /** Requests whose failing condition changed last come first, so one per Certificate is kept. */
  private static List<CertificateRequestRecord> latestFirst(List<CertificateRequestRecord> rs) {
    Comparator<CertificateRequestRecord> byTime =
        Comparator.comparing(
            r ->
                r.conditions().stream()
                    .map(Condition::lastTransitionTime)
                    .filter(t -> t != null)
                    .max(Comparator.naturalOrder())
                    .orElse(Instant.MIN));
    return rs.stream().sorted(byTime.reversed()).toList();
  }
}
