package io.certmedic.core.fix;

import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ServiceRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The new serving certificate for a Secret: every name its callers' Services need plus the names
 * the old certificate carried, the old IP addresses, signed by the chosen CA, written under the
 * Secret's own key names.
 */
final class LeafIssue {

  private LeafIssue() {}

  static Step.IssueServingCert step(
      ServingGroups.ServingGroup group,
      Signers.Signer signer,
      List<String> reasons,
      FixOptions options,
      Instant at,
      SecureRandom random) {
    ServingLink link = group.link();
    ServingSecret sc = group.servingCert();
    CertInfo old = sc.leafCert();
    List<String> names = neededNames(group.callers(), old.facts().dnsNames(), options);
    ServiceRecord svc = group.service();
    String cn = ServiceNames.apiServerName(svc.meta().name(), svc.meta().namespace());
    IssuedCertificate issued =
        Issuer.leaf(
            signer.ca(),
            cn,
            names,
            old.facts().ipAddresses(),
            options.keyType(),
            options.leafLifetime(),
            at,
            random);
    String keyKey = sc.keyKey() != null ? sc.keyKey() : defaultKeyKey(sc.certKey());
    String caKey = sc.caKey() != null ? sc.caKey() : "ca.crt";
    List<String> notes = new ArrayList<>();
    if (link.confidence() == ServingLink.Confidence.ARGUMENT) {
      notes.add(
          "the server reads this Secret through the API (its arguments name it) and keeps what it finds, so a correct certificate there stays");
    }
    notes.add(
        "nothing renews it: it lasts until "
            + issued.certificate().getNotAfter().toInstant()
            + "; run certmedic fix again before then, or let a controller own it");
    return new Step.IssueServingCert(
        link.secretRef(),
        sc.certKey(),
        keyKey,
        caKey,
        CertInfo.of(issued.certificate()),
        issued.privateKey(),
        CertInfo.of(signer.cert()),
        signer.description(),
        reasons,
        notes);
  }

  /** The key name that goes with a certificate key name a server reads. */
  static String defaultKeyKey(String certKey) {
    return switch (certKey) {
      case "cert" -> "key";
      case "cert.pem" -> "key.pem";
      case "server.crt" -> "server.key";
      case "server-cert.pem" -> "server-key.pem";
      default -> "tls.key";
    };
  }

  /**
   * Every name of every caller's Service, then the names the old certificate carried (a client may
   * dial them).
   */
  static List<String> neededNames(
      List<CallerLink> callers, List<String> oldNames, FixOptions options) {
    Set<String> names = new LinkedHashSet<>();
    for (CallerLink l : callers) {
      ServiceRecord s = l.service();
      names.addAll(
          ServiceNames.of(
              s.meta().name(), s.meta().namespace(), options.clusterDomain(), s.headless()));
    }
    names.addAll(oldNames);
    return new ArrayList<>(names);
  }
}
