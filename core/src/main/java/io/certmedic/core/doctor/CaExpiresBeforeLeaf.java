package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.link.TrustSource;
import io.certmedic.core.rule.CaExpiresFirst;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A CA that expires, within a year, before a certificate it signed ({@link CaExpiresFirst}), on
 * every chain the input shows: a caller's caBundle over the leaf it is served, a Secret's {@code
 * tls.crt} chain and {@code ca.crt} over its leaf (an Ingress's, a webhook's), and a node's
 * control-plane CA over what it signed. One finding per CA and leaf, on what a user reads first:
 * the caller, else the Secret, else the node's certificate file.
 */
final class CaExpiresBeforeLeaf implements Check {

  /** How deep an issuer path is followed (leaf, intermediates, root), as a bound on bad input. */
  static final int MAX_PATH = 8;

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CallerLink l : a.links()) {
      Optional<ServingLink> primary = l.primary();
      Optional<TrustSource> trust = TrustSource.of(a.snapshot(), l.caller());
      if (primary.isEmpty() || trust.isEmpty()) {
        continue;
      }
      ServingSecret sc = ServingSecret.of(primary.get().secret()).orElseThrow();
      List<CertInfo> pool = new ArrayList<>(sc.chain());
      pool.addAll(trust.get().roots());
      judge(
          a,
          sc.leafCert(),
          pool,
          l.caller().meta().ref(),
          List.of(primary.get().secretRef()),
          l.caller().describe() + ", served Secret " + primary.get().secretRef().describe(),
          "the CA in " + trust.get().description(),
          secretConfirm(primary.get().secretRef(), sc),
          seen,
          out);
    }
    for (SecretRecord s : a.snapshot().secrets()) {
      Optional<ServingSecret> sc = ServingSecret.of(s);
      if (sc.isEmpty()) {
        continue;
      }
      List<CertInfo> pool = new ArrayList<>(sc.get().chain());
      pool.addAll(sc.get().ca());
      judge(
          a,
          sc.get().leafCert(),
          pool,
          s.meta().ref(),
          List.of(),
          s.meta().ref().describe() + " " + sc.get().certKey(),
          "the CA in " + s.meta().ref().describe(),
          secretConfirm(s.meta().ref(), sc.get()),
          seen,
          out);
    }
    for (NodePkiRecord pki : a.snapshot().nodePki()) {
      for (NodePkiRecord.Entry e : pki.certificates()) {
        Optional<NodePkiRecord.Entry> ca = pki.authority(e.caName());
        if (e.leaf().isEmpty() || ca.isEmpty() || ca.get().leaf().isEmpty()) {
          continue;
        }
        judge(
            a,
            e.leaf().get(),
            List.of(ca.get().leaf().get()),
            ObjectRef.cluster("File", e.path()),
            List.of(ObjectRef.cluster("File", ca.get().path())),
            e.path() + " (" + e.name() + ")",
            "CA " + ca.get().path(),
            Shell.command(List.of("kubeadm", "certs", "check-expiration"))
                + " or "
                + Shell.command(
                    List.of("openssl", "x509", "-noout", "-enddate", "-in", ca.get().path())),
            seen,
            out);
      }
    }
    return out;
  }

  private static void judge(
      Analysis a,
      CertInfo leaf,
      List<CertInfo> pool,
      ObjectRef object,
      List<ObjectRef> related,
      String where,
      String caWhere,
      String confirm,
      Set<String> seen,
      List<Finding> out) {
    Instant at = a.options().at();
    CertInfo current = leaf;
    for (int depth = 0; depth < MAX_PATH && !current.facts().selfIssued(); depth++) {
      Optional<CertInfo> issuer = issuerOf(current, pool);
      if (issuer.isEmpty()) {
        return;
      }
      CertInfo ca = issuer.get();
      if (seen.add(leaf.facts().sha256() + "/" + ca.facts().sha256())
          && CaExpiresFirst.signed(leaf.facts(), ca.facts(), at, where, caWhere)
              instanceof Verdict.Fail fail) {
        out.add(
            new Finding(
                fail.findingCode(),
                Severity.WARNING,
                object,
                related,
                fail.words(),
                List.of(line("leaf", leaf.facts()), line("CA", ca.facts())),
                "Renew the CA "
                    + ca.facts().subject()
                    + " before "
                    + ca.facts().notAfter()
                    + " (a new certificate for the same key keeps everything it signed valid),"
                    + " and put it in every bundle that trusts the old one; reissuing the leaf"
                    + " does not help. On a kubeadm node: https://kubernetes.io/docs/tasks/tls/"
                    + "manual-rotation-of-ca-certificates/. Confirm with: "
                    + confirm));
      }
      current = ca;
    }
  }

  /** Reads the Secret's certificates ({@code certmedic inspect} lists each with its dates). */
  private static String secretConfirm(ObjectRef secret, ServingSecret sc) {
    String key = sc.caKey() == null || sc.caKey().isEmpty() ? sc.certKey() : sc.caKey();
    return Shell.command(
            List.of(
                "kubectl",
                "-n",
                secret.namespace(),
                "get",
                "secret",
                secret.name(),
                "-o",
                "jsonpath={.data." + key.replace(".", "\\.") + "}"))
        + " | base64 -d | certmedic inspect -";
  }

  /**
   * The certificate in {@code pool} that issued {@code c}: by name, and by key id when both set.
   */
  private static Optional<CertInfo> issuerOf(CertInfo c, List<CertInfo> pool) {
    CertFacts f = c.facts();
    return pool.stream()
        .filter(p -> !p.equals(c))
        .filter(p -> p.facts().subject().equals(f.issuer()))
        .filter(
            p ->
                f.authorityKeyId().isEmpty()
                    || p.facts().subjectKeyId().isEmpty()
                    || f.authorityKeyId().equals(p.facts().subjectKeyId()))
        .findFirst();
  }

  private static String line(String what, CertFacts f) {
    return what
        + ": "
        + f.subject()
        + ", issued by "
        + f.issuer()
        + ", valid "
        + f.notBefore()
        + " .. "
        + f.notAfter()
        + ", sha256 "
        + f.sha256();
  }
}
