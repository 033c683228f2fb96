package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.PemFileRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every certificate and key in the input, whether or not a caller is linked to it: expired or
 * expiring, unparsable, weak, a key that does not belong to its certificate. Serving Secrets linked
 * to a caller are judged by {@link ServingCertificate} instead, once, on the caller.
 */
final class CertificateHygiene implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (SecretRecord s : a.snapshot().secrets()) {
      boolean linked = !a.servedTo(s.meta().ref()).isEmpty();
      boolean tls = "kubernetes.io/tls".equals(s.type());
      String served =
          linked
              ? ServingSecret.of(s).map(ServingSecret::certKey).orElse("")
              : ""; // only its leaf is judged on the caller
      for (Map.Entry<String, DataField> e : s.fields().entrySet()) {
        field(
            a,
            s.meta().ref(),
            "data[" + e.getKey() + "]",
            e.getValue(),
            e.getKey().equals(served),
            tls ? Severity.ERROR : Severity.WARNING,
            out);
      }
      if (!linked) {
        ServingSecret.of(s)
            .ifPresent(
                sc -> {
                  if (sc.key() instanceof DataField.Key k
                      && k.publicKeyId() != null
                      && !k.publicKeyId().equals(sc.leafCert().publicKeyId())) {
                    out.add(
                        new Finding(
                            FindingCode.CERT_KEY_MISMATCH,
                            Severity.ERROR,
                            s.meta().ref(),
                            List.of(),
                            s.meta().ref().describe()
                                + ": "
                                + sc.keyKey()
                                + " does not belong to "
                                + sc.certKey()
                                + ": a server using this pair cannot complete a TLS handshake",
                            List.of(
                                sc.certKey()
                                    + ": "
                                    + sc.leafCert().facts().subject()
                                    + ", key id "
                                    + sc.leafCert().publicKeyId(),
                                sc.keyKey()
                                    + ": "
                                    + k.description()
                                    + ", key id "
                                    + k.publicKeyId()),
                            "Put the matching key back, or reissue both together (certmedic issue ... -o secret-yaml)."));
                  }
                });
      }
    }
    for (ConfigMapRecord c : a.snapshot().configMaps()) {
      for (Map.Entry<String, DataField> e : c.fields().entrySet()) {
        field(
            a,
            c.meta().ref(),
            "data[" + e.getKey() + "]",
            e.getValue(),
            false,
            Severity.WARNING,
            out);
      }
    }
    for (KubeconfigRecord k : a.snapshot().kubeconfigs()) {
      for (KubeconfigRecord.Cluster cl : k.clusters()) {
        field(
            a,
            ObjectRef.cluster("Kubeconfig", k.source()),
            "clusters[" + cl.name() + "].certificate-authority-data",
            cl.certificateAuthority(),
            false,
            Severity.ERROR,
            out);
      }
    }
    for (PemFileRecord f : a.snapshot().files()) {
      field(a, ObjectRef.cluster("File", f.source()), "", f.content(), false, Severity.ERROR, out);
    }
    return out;
  }

  private static void field(
      Analysis a,
      ObjectRef owner,
      String key,
      DataField field,
      boolean servedLeaf,
      Severity expiredSeverity,
      List<Finding> out) {
    String where = owner.describe() + (key.isEmpty() ? "" : " " + key);
    if (field instanceof DataField.Unparsable u) {
      out.add(
          new Finding(
              FindingCode.CERT_UNPARSABLE,
              Severity.ERROR,
              owner,
              List.of(),
              where + " does not parse: " + u.problem(),
              List.of(u.problem()),
              "Replace it with valid PEM; 'certmedic inspect' shows what it holds."));
      return;
    }
    Instant at = a.options().at();
    List<CertInfo> certs = field.certs();
    for (int i = 0; i < certs.size(); i++) {
      if (servedLeaf && i == 0) {
        continue; // the served leaf is judged on its caller
      }
      CertFacts f = certs.get(i).facts();
      String which =
          where + (certs.size() > 1 ? " certificate " + (i + 1) : "") + " (" + f.subject() + ")";
      List<String> ev =
          List.of(
              which
                  + ": valid "
                  + f.notBefore()
                  + " .. "
                  + f.notAfter()
                  + ", sha256 "
                  + f.sha256());
      if (at.isAfter(f.notAfter())) {
        out.add(
            new Finding(
                FindingCode.CERT_EXPIRED,
                expiredSeverity,
                owner,
                List.of(),
                which
                    + " expired "
                    + HumanTime.duration(Duration.between(f.notAfter(), at))
                    + " ago ("
                    + f.notAfter()
                    + ")",
                ev,
                f.ca()
                    ? "Replace the CA everywhere it is trusted (new CA in every bundle first, then reissue what it signed)."
                    : "Reissue it (certmedic issue ...) and restart what serves it."));
      } else if (at.isBefore(f.notBefore())) {
        out.add(
            new Finding(
                FindingCode.CERT_NOT_YET_VALID,
                Severity.WARNING,
                owner,
                List.of(),
                which
                    + " is not valid for another "
                    + HumanTime.duration(Duration.between(at, f.notBefore())),
                ev,
                "Check the issuer's clock."));
      } else if (!at.plus(a.options().expiryWarning()).isBefore(f.notAfter())) {
        out.add(
            new Finding(
                FindingCode.CERT_EXPIRING_SOON,
                Severity.WARNING,
                owner,
                List.of(),
                which
                    + " expires in "
                    + HumanTime.duration(Duration.between(at, f.notAfter()))
                    + " ("
                    + f.notAfter()
                    + ")",
                ev,
                "Renew it before " + f.notAfter() + "."));
      }
      if (f.weak()) {
        out.add(
            new Finding(
                FindingCode.CERT_WEAK,
                Severity.WARNING,
                owner,
                List.of(),
                which + " is weak: " + f.keyAlgorithm() + ", signed with " + f.signatureAlgorithm(),
                ev,
                "Reissue it with ECDSA P-256 or RSA 2048+ and SHA-256."));
      }
    }
  }
}
