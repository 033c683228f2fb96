package io.certmedic.core.doctor;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.ChainComplete;
import io.certmedic.core.rule.ServingNames;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A certificate an Ingress, a Gateway listener or a Route serves to TLS clients, and the one place
 * its rules are applied: validity, each host against the SANs (as Go matches them), the key pair
 * and the chain. The three surface checks say what is served, by whom, and how to confirm or fix
 * it; this class turns failed verdicts into findings on the object a user reads first.
 *
 * @param object the object the findings are on (the Ingress, Gateway, Route, or ingress-nginx's
 *     workload)
 * @param related the objects followed (the Secret)
 * @param who the object in words, e.g. {@code Ingress team/web (spec.tls[0])}
 * @param where the certificate in words, e.g. {@code Secret team/web-tls tls.crt}
 * @param chain what is served, leaf first
 * @param known certificates kept beside it and not served (a Secret's {@code ca.crt})
 * @param key the key-pair verdict, decided by the caller from where the key is kept
 * @param hosts the host names clients dial (none: any host)
 * @param evidence the links followed, as lines
 * @param inspect the command that shows what is served (names quoted)
 * @param replace how to put a good certificate in place
 */
record EdgeCertificate(
    ObjectRef object,
    List<ObjectRef> related,
    String who,
    String where,
    List<CertInfo> chain,
    List<CertInfo> known,
    Verdict key,
    List<String> hosts,
    List<String> evidence,
    String inspect,
    String replace) {

  EdgeCertificate {
    requireNonNull(object, "object == null");
    related = List.copyOf(related);
    requireNonNull(who, "who == null");
    requireNonNull(where, "where == null");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain is empty");
    }
    known = List.copyOf(known);
    requireNonNull(key, "key == null");
    hosts = List.copyOf(new LinkedHashSet<>(hosts));
    evidence = List.copyOf(evidence);
    requireNonNull(inspect, "inspect == null");
    requireNonNull(replace, "replace == null");
  }

  /** Applies the rules at the analysis's instant, adding a finding per failed verdict. */
  void judge(Analysis a, List<Finding> out) {
    Instant at = a.options().at();
    CertInfo leaf = chain.get(0);
    CertFacts f = leaf.facts();
    String leafWhere = where + " (" + f.subject() + ")";
    List<String> ev = new ArrayList<>(evidence);
    ev.add(
        leafWhere
            + ": valid "
            + f.notBefore()
            + " .. "
            + f.notAfter()
            + ", names "
            + f.allNames()
            + ", sha256 "
            + f.sha256());
    if (ValidityWindow.stored(f, at, a.options().expiryWarning(), leafWhere)
        instanceof Verdict.Fail fail) {
      FindingCode code = fail.findingCode();
      boolean soon = code == FindingCode.CERT_EXPIRING_SOON;
      add(
          out,
          code,
          soon ? Severity.WARNING : Severity.ERROR,
          who
              + " serves "
              + fail.words()
              + (soon
                  ? ""
                  : ": TLS clients refuse it with \"x509: certificate has expired or is not yet valid\""),
          ev,
          code == FindingCode.CERT_NOT_YET_VALID
              ? "Check the issuer's clock; confirm with: " + inspect
              : replace + " Confirm with: " + inspect);
    }
    Instant inside = ValidityWindow.inside(f, at);
    for (String host : hosts) {
      if (ServingNames.host(leaf, host, inside, who, where) instanceof Verdict.Fail fail) {
        add(
            out,
            fail.findingCode(),
            Severity.ERROR,
            fail.words(),
            ev,
            "Reissue the certificate with " + host + " among its SANs. " + replace);
      }
    }
    if (key instanceof Verdict.Fail fail) {
      add(
          out,
          fail.findingCode(),
          Severity.ERROR,
          who + ": " + fail.words(),
          ev,
          "Put the matching key back, or reissue both together. " + replace);
    }
    if (ChainComplete.served(chain, known, where) instanceof Verdict.Fail fail) {
      add(
          out,
          fail.findingCode(),
          Severity.ERROR,
          who + ": " + fail.words(),
          ev,
          "Serve the leaf followed by its intermediates (the full chain, e.g. cert-manager's"
              + " tls.crt or your CA's fullchain.pem), not the leaf alone. "
              + replace
              + " Confirm with: "
              + inspect);
    }
  }

  private void add(
      List<Finding> out,
      FindingCode code,
      Severity severity,
      String message,
      List<String> ev,
      String fix) {
    out.add(new Finding(code, severity, object, related, message, ev, fix));
  }
}
