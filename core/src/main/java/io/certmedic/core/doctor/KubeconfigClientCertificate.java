package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.Parsing;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.KubeconfigRecord.User;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.CertFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The client certificate each kubeconfig user presents ({@code client-certificate(-data)} with
 * {@code client-key(-data)}): in its validity window and matching its key. Each finding names the
 * kubeconfig and the user, with the command that renews it (kubeadm's, for the kubeconfigs kubeadm
 * writes) or shows its date. A certificate file the input could not read (a kubelet.conf copied
 * without {@code /var/lib/kubelet/pki}) is not judged (the reader keeps why).
 */
final class KubeconfigClientCertificate implements Check {

  /** The kubeconfigs {@code kubeadm certs renew} renews, by file name. */
  static final Set<String> KUBEADM_RENEWS =
      Set.of("admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (KubeconfigRecord k : a.snapshot().kubeconfigs()) {
      for (User u : k.users()) {
        if (u.hasClientCertificate()) {
          user(a, k, u, out);
        }
      }
    }
    return out;
  }

  private static void user(Analysis a, KubeconfigRecord k, User u, List<Finding> out) {
    ObjectRef ref = ObjectRef.cluster("Kubeconfig", k.source());
    String where =
        "kubeconfig "
            + k.source()
            + " user "
            + u.name()
            + " client certificate"
            + (u.clientCertificateFile().isEmpty() ? "" : " " + u.clientCertificateFile());
    if (u.clientCertificate() instanceof DataField.Unparsable
        && !u.clientCertificateFile().isEmpty()) {
      return; // a file not in the input (kubelet.conf off its node): the reader keeps why, and the
      // node's expiry table shows it; not a finding, so a dump's findings stay as they were
    }
    if (Parsing.stored(u.clientCertificate(), where) instanceof Verdict.Fail fail
        && u.clientCertificate() instanceof DataField.Unparsable bad) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              ref,
              List.of(),
              fail.words(),
              List.of(bad.problem()),
              "Replace client-certificate-data with the base64 of a valid PEM certificate."));
      return;
    }
    List<CertInfo> certs = u.clientCertificate().certs();
    if (certs.isEmpty()) {
      return;
    }
    CertInfo leaf = certs.get(0);
    CertFacts f = leaf.facts();
    String which = where + " (" + f.subject() + ")";
    List<String> ev =
        List.of(
            which
                + ": issued by "
                + f.issuer()
                + ", valid "
                + f.notBefore()
                + " .. "
                + f.notAfter()
                + ", sha256 "
                + f.sha256(),
            "used by context(s): "
                + (k.contextsOf(u).isEmpty()
                    ? "none"
                    : String.join(
                        ", ",
                        k.contextsOf(u).stream().map(KubeconfigRecord.Context::name).toList())));
    Verdict window = ValidityWindow.stored(f, a.options().at(), a.options().expiryWarning(), which);
    if (window instanceof Verdict.Fail fail) {
      boolean expired = fail.findingCode() == FindingCode.CERT_EXPIRED;
      out.add(
          new Finding(
              fail.findingCode(),
              expired ? Severity.ERROR : Severity.WARNING,
              ref,
              List.of(),
              fail.words()
                  + (expired
                      ? "; the API server refuses it and answers 401 Unauthorized to everything"
                          + " this user does"
                      : ""),
              ev,
              renew(k, u) + " " + confirm(k, u)));
    }
    if (KeyPairMatch.files(leaf, u.clientKey(), where, keyName(k, u)) instanceof Verdict.Fail fail
        && u.clientKey() instanceof DataField.Key key) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              ref,
              List.of(),
              fail.words(),
              List.of(
                  ev.get(0),
                  keyName(k, u) + ": " + key.description() + ", key id " + key.publicKeyId()),
              "Put back the key that belongs to the certificate. " + renew(k, u)));
    }
  }

  private static String keyName(KubeconfigRecord k, User u) {
    return u.clientKeyFile().isEmpty()
        ? "kubeconfig " + k.source() + " user " + u.name() + " client-key-data"
        : u.clientKeyFile();
  }

  private static String renew(KubeconfigRecord k, User u) {
    String file = fileName(k.source());
    if (KUBEADM_RENEWS.contains(file)) {
      return "Renew it: " + Shell.command(List.of("kubeadm", "certs", "renew", file)) + ".";
    }
    if (file.equals("kubelet.conf")) {
      return "The kubelet renews its own client certificate (rotateCertificates: true); if it has"
          + " expired, follow kubeadm's \"kubelet client certificate rotation failed\" steps"
          + " (https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/troubleshooting-kubeadm/).";
    }
    return "Issue a new client certificate for user "
        + u.name()
        + " from the cluster's client CA and write it to the kubeconfig.";
  }

  private static String confirm(KubeconfigRecord k, User u) {
    if (!u.clientCertificateFile().isEmpty()) {
      return "Confirm with: "
          + Shell.command(
              List.of("openssl", "x509", "-noout", "-enddate", "-in", u.clientCertificateFile()));
    }
    return "Confirm with: "
        + Shell.command(
            List.of(
                "kubectl",
                "config",
                "view",
                "--raw",
                "--kubeconfig",
                path(k.source()),
                "-o",
                "jsonpath={.users[?(@.name==\"" + u.name() + "\")].user.client-certificate-data}"))
        + " | base64 -d | openssl x509 -noout -enddate";
  }

  /** "admin.conf" from "/etc/kubernetes/admin.conf: document 1 (line 1)". */
  private static String fileName(String source) {
    String path = path(source);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The file a kubeconfig was read from, without the reader's ": document N (line L)". */
  private static String path(String source) {
    int colon = source.indexOf(": ");
    return colon < 0 ? source : source.substring(0, colon);
  }
}
