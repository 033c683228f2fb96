package io.certmedic.core.testing;

import io.certmedic.core.pem.PemWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A control-plane node's {@code /etc/kubernetes} as kubeadm lays it out, written into a temporary
 * directory with certificates from {@link TestPki} and their keys as PEM (only ever into that
 * directory, never committed). Each certificate expires {@link #LEAF_DAYS} days after {@link
 * TestPki#NOW} unless {@link #expiring(String, Instant)} says otherwise; the CAs after {@link
 * #CA_DAYS}.
 *
 * <pre>{@code
 * NodeTree t = NodeTree.kubeadm().expiring("apiserver", TestPki.NOW.minus(Duration.ofDays(2)));
 * Path root = t.writeTo(tempDir.resolve("etc-kubernetes"));
 * }</pre>
 */
public final class NodeTree {

  public static final int LEAF_DAYS = 300;
  public static final int CA_DAYS = 3650;

  private final Map<String, Instant> expiries = new LinkedHashMap<>();
  private final Map<String, TestPki.Cert> written = new LinkedHashMap<>();
  private boolean withCaKey = true;
  private final java.util.Set<String> foreignKeys = new java.util.HashSet<>();
  private Path kubeletClient;

  private NodeTree() {}

  public static NodeTree kubeadm() {
    return new NodeTree();
  }

  /**
   * The certificate {@code name} (kubeadm's name: apiserver, etcd-server, admin.conf) expires at.
   */
  public NodeTree expiring(String name, Instant notAfter) {
    expiries.put(name, notAfter);
    return this;
  }

  /** Leaves out pki/ca.key: kubeadm's external CA mode. */
  public NodeTree externalCa() {
    withCaKey = false;
    return this;
  }

  /** Writes beside certificate {@code name} (kubeadm's name) the key of another certificate. */
  public NodeTree mismatchedKey(String name) {
    foreignKeys.add(name);
    return this;
  }

  /**
   * Writes kubelet.conf's client certificate and key (one PEM, as the kubelet keeps them, expiring
   * as {@code expiring("kubelet.conf", ...)} says) to {@code pem}, outside the tree, and points
   * kubelet.conf at it.
   */
  public NodeTree kubeletClientAt(Path pem) {
    kubeletClient = pem;
    return this;
  }

  /** The certificate written as {@code name} (after {@link #writeTo}). */
  public TestPki.Cert cert(String name) {
    return written.get(name);
  }

  public Path writeTo(Path root) {
    try {
      Path pki = Files.createDirectories(root.resolve("pki"));
      Files.createDirectories(pki.resolve("etcd"));
      TestPki.Cert ca = ca("ca", "kubernetes");
      TestPki.Cert fp = ca("front-proxy-ca", "front-proxy-ca");
      TestPki.Cert etcd = ca("etcd-ca", "etcd-ca");
      pair(pki, "ca", ca, withCaKey);
      pair(pki, "front-proxy-ca", fp, true);
      pair(pki.resolve("etcd"), "ca", etcd, true);
      pair(
          pki,
          "apiserver",
          leaf(
              "apiserver",
              "kube-apiserver",
              ca,
              "kube-apiserver",
              "node1",
              "kubernetes",
              "kubernetes.default",
              "kubernetes.default.svc",
              "kubernetes.default.svc.cluster.local"),
          true);
      pair(
          pki,
          "apiserver-kubelet-client",
          leaf("apiserver-kubelet-client", "kube-apiserver-kubelet-client", ca),
          true);
      pair(
          pki,
          "apiserver-etcd-client",
          leaf("apiserver-etcd-client", "kube-apiserver-etcd-client", etcd),
          true);
      pair(pki, "front-proxy-client", leaf("front-proxy-client", "front-proxy-client", fp), true);
      pair(pki.resolve("etcd"), "server", leaf("etcd-server", "node1", etcd), true);
      pair(pki.resolve("etcd"), "peer", leaf("etcd-peer", "node1", etcd), true);
      pair(
          pki.resolve("etcd"),
          "healthcheck-client",
          leaf("etcd-healthcheck-client", "kube-etcd-healthcheck-client", etcd),
          true);
      TestPki.Cert sa = TestPki.ca("sa").build();
      Files.writeString(pki.resolve("sa.key"), PemWriter.privateKey(sa.key()));
      Files.writeString(pki.resolve("sa.pub"), PemWriter.publicKey(sa.keys().getPublic()));
      for (String conf : new String[] {"admin", "super-admin", "controller-manager", "scheduler"}) {
        TestPki.Cert c = leaf(conf + ".conf", "system:" + conf, ca);
        Files.writeString(root.resolve(conf + ".conf"), kubeconfig(conf, ca, c));
      }
      String kubeletPem = "/var/lib/kubelet/pki/kubelet-client-current.pem";
      if (kubeletClient != null) {
        TestPki.Cert c = leaf("kubelet.conf", "system:node:node1", ca);
        Files.writeString(
            kubeletClient, PemWriter.certificate(c.cert()) + PemWriter.privateKey(c.key()));
        kubeletPem = kubeletClient.toString();
      }
      Files.writeString(root.resolve("kubelet.conf"), kubeconfigWithFiles(ca, kubeletPem));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TestPki.Cert ca(String name, String cn) {
    TestPki.Cert c =
        TestPki.ca(cn).validity(notBefore(expiry(name, CA_DAYS)), expiry(name, CA_DAYS)).build();
    written.put(name, c);
    return c;
  }

  private TestPki.Cert leaf(String name, String cn, TestPki.Cert issuer, String... sans) {
    TestPki.Builder b = TestPki.leaf(cn);
    if (sans.length > 0) {
      b.sans(sans);
    }
    if (cn.contains(":")) { // a client name (system:admin) is no DNS name
      b.noSans();
    }
    TestPki.Cert c =
        b.signedBy(issuer)
            .validity(notBefore(expiry(name, LEAF_DAYS)), expiry(name, LEAF_DAYS))
            .build();
    written.put(name, c);
    return c;
  }

  /** A day before now, or a year before an expiry already past. */
  private static Instant notBefore(Instant notAfter) {
    Instant dayAgo = TestPki.NOW.minus(Duration.ofDays(1));
    return notAfter.isAfter(dayAgo) ? dayAgo : notAfter.minus(Duration.ofDays(365));
  }

  private Instant expiry(String name, int days) {
    return expiries.getOrDefault(name, TestPki.NOW.plus(Duration.ofDays(days)));
  }

  private void pair(Path dir, String base, TestPki.Cert c, boolean key) throws IOException {
    Files.writeString(dir.resolve(base + ".crt"), PemWriter.certificate(c.cert()));
    String name =
        written.entrySet().stream().filter(w -> w.getValue() == c).findFirst().get().getKey();
    if (key) {
      java.security.PrivateKey k =
          foreignKeys.contains(name) ? TestPki.leaf("other").build().key() : c.key();
      Files.writeString(dir.resolve(base + ".key"), PemWriter.privateKey(k));
    }
  }

  /** A kubeconfig as kubeadm writes admin.conf: inline CA, client certificate and key. */
  public static String kubeconfig(String user, TestPki.Cert ca, TestPki.Cert client) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster:\n"
        + "    server: https://10.0.0.10:6443\n    certificate-authority-data: "
        + b64(PemWriter.certificate(ca.cert()))
        + "\ncontexts:\n- name: "
        + user
        + "@kubernetes\n  context: {cluster: kubernetes, user: "
        + user
        + "}\ncurrent-context: "
        + user
        + "@kubernetes\nusers:\n- name: "
        + user
        + "\n  user:\n    client-certificate-data: "
        + b64(PemWriter.certificate(client.cert()))
        + "\n    client-key-data: "
        + b64(PemWriter.privateKey(client.key()))
        + "\n";
  }

  /** A kubeconfig as kubeadm writes kubelet.conf: the client certificate and key in one file. */
  public static String kubeconfigWithFiles(TestPki.Cert ca, String pem) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: default-cluster\n  cluster:\n"
        + "    server: https://10.0.0.10:6443\n    certificate-authority-data: "
        + b64(PemWriter.certificate(ca.cert()))
        + "\ncontexts:\n- name: default-context\n  context: {cluster: default-cluster, user: default-auth}\n"
        + "current-context: default-context\nusers:\n- name: default-auth\n  user:\n"
        + "    client-certificate: "
        + pem
        + "\n    client-key: "
        + pem
        + "\n";
  }

  private static String b64(String s) {
    return Base64.getEncoder()
        .encodeToString(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
