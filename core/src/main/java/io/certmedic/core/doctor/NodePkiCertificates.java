package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.rule.ChainTrust;
import io.certmedic.core.rule.KeyPairMatch;
import io.certmedic.core.rule.Parsing;
import io.certmedic.core.rule.ServingNames;
import io.certmedic.core.rule.ValidityWindow;
import io.certmedic.core.rule.Verdict;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.NodePkiRecord.Entry;
import io.certmedic.core.snapshot.NodePkiRecord.Layout;
import io.certmedic.core.snapshot.NodePkiRecord.Role;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.CertFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's certificates as kubeadm or the kubelet lays them out ({@link NodePkiRecord}): every
 * certificate file and CA is in its validity window, matches the key beside it and chains to the CA
 * the layout says signs it; {@code apiserver.crt} carries the names pods dial; {@code sa.pub} is
 * {@code sa.key}'s public half. Each finding is on the file ({@code File PATH}) with {@code kubeadm
 * certs renew NAME} to fix it and {@code kubeadm certs check-expiration} or {@code openssl} to
 * confirm it. The kubeconfigs' client certificates are judged by {@link
 * KubeconfigClientCertificate} (expiry, key); here only their chain to {@code ca}.
 */
final class NodePkiCertificates implements Check {

  /** The kubeadm certificate judged for the API server's in-cluster names. */
  static final String API_SERVER = "apiserver";

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (NodePkiRecord pki : a.snapshot().nodePki()) {
      for (Entry e : pki.entries()) {
        entry(a, pki, e, out);
      }
      for (NodePkiRecord.ServiceAccountKey sa : pki.serviceAccountKeys()) {
        if (KeyPairMatch.serviceAccount(sa.key(), sa.publicKey(), sa.keyPath(), sa.publicKeyPath())
            instanceof Verdict.Fail fail) {
          out.add(
              new Finding(
                  fail.findingCode(),
                  Severity.ERROR,
                  ObjectRef.cluster("File", sa.publicKeyPath()),
                  List.of(ObjectRef.cluster("File", sa.keyPath())),
                  fail.words(),
                  List.of(
                      sa.keyPath() + ": key id " + ((DataField.Key) sa.key()).publicKeyId(),
                      sa.publicKeyPath()
                          + ": key id "
                          + ((DataField.Key) sa.publicKey()).publicKeyId()),
                  "Put back the sa.pub that belongs to sa.key (every control-plane node needs the"
                      + " same pair), or derive it: "
                      + Shell.command(
                          List.of("openssl", "pkey", "-in", sa.keyPath(), "-pubout", "-out"))
                      + " "
                      + Shell.quote(sa.publicKeyPath())));
        }
      }
    }
    return out;
  }

  private static void entry(Analysis a, NodePkiRecord pki, Entry e, List<Finding> out) {
    ObjectRef file = ObjectRef.cluster("File", e.path());
    if (e.role() == Role.KUBECONFIG) {
      e.leaf().ifPresent(leaf -> chain(a, pki, e, leaf, file, out));
      return; // its expiry and key are judged on the kubeconfig, by file and user
    }
    String where = describe(e);
    if (Parsing.stored(e.certificate(), where) instanceof Verdict.Fail fail
        && e.certificate() instanceof DataField.Unparsable u) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              file,
              List.of(),
              fail.words(),
              List.of(u.problem()),
              confirm(e)));
      return;
    }
    Optional<CertInfo> first = e.leaf();
    if (first.isEmpty()) {
      return;
    }
    CertInfo leaf = first.get();
    CertFacts f = leaf.facts();
    List<String> ev = evidence(e, leaf);
    Verdict window = ValidityWindow.stored(f, a.options().at(), a.options().expiryWarning(), where);
    if (window instanceof Verdict.Fail fail) {
      boolean expired = fail.findingCode() == FindingCode.CERT_EXPIRED;
      out.add(
          new Finding(
              fail.findingCode(),
              expired ? Severity.ERROR : Severity.WARNING,
              file,
              List.of(),
              fail.words() + consequence(e, expired),
              ev,
              renew(pki, e) + " " + confirm(e)));
    }
    if (!e.keyPath().isEmpty()
        && KeyPairMatch.files(leaf, e.key(), e.path(), e.keyPath()) instanceof Verdict.Fail fail) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              file,
              List.of(ObjectRef.cluster("File", e.keyPath())),
              fail.words(),
              List.of(
                  ev.get(0),
                  e.keyPath()
                      + ": "
                      + ((DataField.Key) e.key()).description()
                      + ", key id "
                      + ((DataField.Key) e.key()).publicKeyId()),
              "Put back the key that belongs to it. " + renew(pki, e)));
    }
    if (pki.layout() == Layout.KUBEADM
        && e.role() == Role.CERTIFICATE
        && e.name().equals(API_SERVER)
        && ServingNames.apiServer(
                leaf,
                a.options().clusterDomain(),
                ValidityWindow.inside(f, a.options().at()),
                where)
            instanceof Verdict.Fail fail) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              file,
              List.of(),
              fail.words(),
              ev,
              "Add the names to the ClusterConfiguration's apiServer.certSANs if they were removed,"
                  + " move the pair aside and run "
                  + Shell.command(List.of("kubeadm", "init", "phase", "certs", "apiserver"))
                  + ", then restart the kube-apiserver static pod. "
                  + confirm(e)));
    }
    chain(a, pki, e, leaf, file, out);
  }

  /** The certificate chains to the CA the layout says signs it, when that CA is on the node. */
  private static void chain(
      Analysis a, NodePkiRecord pki, Entry e, CertInfo leaf, ObjectRef file, List<Finding> out) {
    if (e.caName().isEmpty()) {
      return;
    }
    Optional<CertInfo> ca = pki.authority(e.caName()).flatMap(Entry::leaf);
    if (ca.isEmpty()) {
      return;
    }
    String caPath = pki.authority(e.caName()).get().path();
    if (ChainTrust.signedBy(leaf, ca.get(), a.options().at(), describe(e), "CA " + caPath)
        instanceof Verdict.Fail fail) {
      out.add(
          new Finding(
              fail.findingCode(),
              Severity.ERROR,
              file,
              List.of(ObjectRef.cluster("File", caPath)),
              fail.words(),
              List.of(
                  evidence(e, leaf).get(0),
                  caPath
                      + ": "
                      + ca.get().facts().subject()
                      + ", sha256 "
                      + ca.get().facts().sha256()),
              renew(pki, e)
                  + " Confirm with: "
                  + (e.role() == Role.KUBECONFIG
                      ? Shell.command(List.of("kubeadm", "certs", "check-expiration"))
                      : Shell.command(List.of("openssl", "verify", "-CAfile", caPath, e.path())))));
    }
  }

  /** "pki/apiserver.crt (kubeadm's apiserver, CN=kube-apiserver)". */
  static String describe(Entry e) {
    String subject = e.leaf().map(c -> ", " + c.facts().subject()).orElse("");
    return e.path()
        + " ("
        + (e.role() == Role.AUTHORITY ? "CA " : "certificate ")
        + e.name()
        + subject
        + ")";
  }

  private static List<String> evidence(Entry e, CertInfo leaf) {
    CertFacts f = leaf.facts();
    return List.of(
        e.path()
            + ": "
            + f.subject()
            + ", issued by "
            + f.issuer()
            + ", valid "
            + f.notBefore()
            + " .. "
            + f.notAfter()
            + ", sha256 "
            + f.sha256());
  }

  private static String consequence(Entry e, boolean expired) {
    if (!expired) {
      return "";
    }
    if (e.role() == Role.AUTHORITY) {
      return "; nothing it signed verifies any more";
    }
    return switch (e.name()) {
      case API_SERVER ->
          "; every client of the API server fails with \"x509: certificate has"
              + " expired or is not yet valid\"";
      case "apiserver-kubelet-client" -> "; kubectl logs, exec and port-forward fail";
      case "apiserver-etcd-client" -> "; the API server cannot reach etcd";
      case "front-proxy-client" -> "; aggregated APIs (metrics-server) refuse the API server";
      default -> "";
    };
  }

  /** How to renew it: kubeadm's command for its own certificates, else what renews it. */
  private static String renew(NodePkiRecord pki, Entry e) {
    if (e.role() == Role.AUTHORITY) {
      return "kubeadm does not renew CAs: renew this CA before anything it signed (same key, new"
          + " date, or a new CA added to every trust first), see"
          + " https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/.";
    }
    if (pki.layout() == Layout.KUBELET) {
      return "The kubelet renews its own client certificate (rotateCertificates); if it expired,"
          + " move it aside and restart the kubelet to bootstrap again:"
          + " "
          + Shell.command(List.of("systemctl", "restart", "kubelet"))
          + ".";
    }
    return "Renew it: " + Shell.command(List.of("kubeadm", "certs", "renew", e.name())) + ".";
  }

  private static String confirm(Entry e) {
    return "Confirm with: "
        + Shell.command(List.of("kubeadm", "certs", "check-expiration"))
        + " or "
        + Shell.command(List.of("openssl", "x509", "-noout", "-enddate", "-in", e.path()));
  }
}
