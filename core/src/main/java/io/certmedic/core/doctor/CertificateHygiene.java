package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.KeyStrength;
import io.certmedic.core.rule.Parsing;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.PemFileRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every certificate and key in the input, whether or not a caller is linked to it: expired or
 * expiring, unparsable, weak, a key that does not belong to its certificate. Serving Secrets linked
 * to a caller are judged by {@link ServingCertificate} instead, once, on the caller; those an
 * Ingress or Gateway serves, by {@link IngressTls} and {@link GatewayListenerTls}.
 */
final class CertificateHygiene implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (SecretRecord s : a.snapshot().secrets()) {
      boolean linked = !a.servedTo(s.meta().ref()).isEmpty() || a.servesEdge(s.meta().ref());
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
        ServingSecret.of(s).ifPresent(sc -> keyPair(s, sc, out));
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
      if (a.snapshot().nodePki().stream().anyMatch(p -> p.covers(f.source()))) {
        continue; // a node's PKI file: judged, with its key and CA, by NodePkiCertificates
      }
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
    Verdict parsed = Parsing.stored(field, where);
    if (parsed instanceof Verdict.Fail fail) {
      String problem = ((DataField.Unparsable) field).problem();
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              owner,
              List.of(),
              fail.words(),
              List.of(problem),
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
      Verdict window = ValidityWindow.stored(f, at, a.options().expiryWarning(), which);
      if (window instanceof Verdict.Fail fail) {
        FindingCode code = fail.findingCode();
        out.add(
            new Finding(
                code,
                code == FindingCode.CERT_EXPIRED ? expiredSeverity : Severity.WARNING,
                owner,
                List.of(),
                fail.words(),
                ev,
                windowFix(code, f)));
      }
      if (KeyStrength.stored(f, which) instanceof Verdict.Fail fail) {
        out.add(
            new Finding(
                fail.findingCode(),
                Severity.WARNING,
                owner,
                List.of(),
                fail.words(),
                ev,
                "Reissue it with ECDSA P-256 or RSA 2048+ and SHA-256."));
      }
    }
  }

  private static String windowFix(FindingCode code, CertFacts f) {
    return switch (code) {
      case CERT_EXPIRED ->
          f.ca()
              ? "Replace the CA everywhere it is trusted (new CA in every bundle first, then reissue what it signed)."
              : "Reissue it (certmedic issue ...) and restart what serves it.";
      case CERT_NOT_YET_VALID -> "Check the issuer's clock.";
      default -> "Renew it before " + f.notAfter() + ".";
    };
  }

  /** A pair in a Secret no caller is linked to: a server using it cannot complete a handshake. */
  private static void keyPair(SecretRecord s, ServingSecret sc, List<Finding> out) {
    if (KeyPairMatch.stored(sc) instanceof Verdict.Fail fail
        && sc.key() instanceof DataField.Key k) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              s.meta().ref(),
              List.of(),
              s.meta().ref().describe() + ": " + fail.words(),
              List.of(
                  sc.certKey()
                      + ": "
                      + sc.leafCert().facts().subject()
                      + ", key id "
                      + sc.leafCert().publicKeyId(),
                  sc.keyKey() + ": " + k.description() + ", key id " + k.publicKeyId()),
              "Put the matching key back, or reissue both together (certmedic issue ... -o secret-yaml)."));
    }
  }
}
