package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.NodePkiRecord.Entry;
import io.certmedic.core.snapshot.NodePkiRecord.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a node's certificate directory, found by {@link DirectoryWalk}, into a {@link
 * NodePkiRecord}: each certificate with the key beside it (as its public-key id only) and the CA it
 * should chain to by kubeadm's layout, the CAs, {@code sa.key}/{@code sa.pub}, and the client
 * certificates of kubeadm's kubeconfigs (taken from the {@link KubeconfigRecord}s read with them).
 */
final class NodePkiReader {

  /** kubeadm's CA files, relative to pki/, and the names {@code kubeadm certs} gives them. */
  static final Map<String, String> AUTHORITIES =
      Map.of("ca.crt", "ca", "front-proxy-ca.crt", "front-proxy-ca", "etcd/ca.crt", "etcd-ca");

  /** kubeadm's certificates that are not signed by {@code ca}, by their file under pki/. */
  static final Map<String, String> SIGNED_BY =
      Map.of(
          "apiserver-etcd-client.crt", "etcd-ca",
          "front-proxy-client.crt", "front-proxy-ca");

  /** The kubeconfigs kubeadm writes beside pki/, each holding a client certificate signed by ca. */
  static final List<String> KUBECONFIGS =
      List.of(
          "admin.conf",
          "super-admin.conf",
          "controller-manager.conf",
          "scheduler.conf",
          "kubelet.conf");

  private final PkiFiles files;

  NodePkiReader(FieldParser fields) {
    this.files = new PkiFiles(fields);
  }

  NodePkiRecord read(DirectoryWalk.PkiDir dir, List<KubeconfigRecord> kubeconfigs)
      throws IOException {
    return dir.layout() == NodePkiRecord.Layout.KUBEADM ? kubeadm(dir, kubeconfigs) : kubelet(dir);
  }

  private NodePkiRecord kubeadm(DirectoryWalk.PkiDir dir, List<KubeconfigRecord> kubeconfigs)
      throws IOException {
    Path pki = dir.dir();
    List<Entry> entries = new ArrayList<>();
    List<Path> crts;
    try (Stream<Path> walk = Files.walk(pki)) {
      crts =
          walk.filter(p -> p.getFileName().toString().endsWith(".crt"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    for (Path crt : crts) {
      String rel = pki.relativize(crt).toString().replace('\\', '/');
      String authority = AUTHORITIES.get(rel);
      if (authority != null) {
        entries.add(entry(authority, Role.AUTHORITY, crt, keyBeside(crt), ""));
      }
    }
    for (Path crt : crts) {
      String rel = pki.relativize(crt).toString().replace('\\', '/');
      if (AUTHORITIES.containsKey(rel)) {
        continue;
      }
      String name = rel.substring(0, rel.length() - ".crt".length()).replace('/', '-');
      entries.add(entry(name, Role.CERTIFICATE, crt, keyBeside(crt), caOf(rel)));
    }
    if (!dir.root().equals(pki)) {
      for (String conf : KUBECONFIGS) {
        Path file = dir.root().resolve(conf);
        kubeconfig(file, kubeconfigs).ifPresent(entries::add);
      }
    }
    List<NodePkiRecord.ServiceAccountKey> sa = new ArrayList<>();
    Path saKey = pki.resolve("sa.key");
    Path saPub = pki.resolve("sa.pub");
    if (Files.exists(saKey) || Files.exists(saPub)) {
      sa.add(
          new NodePkiRecord.ServiceAccountKey(
              Files.exists(saKey) ? saKey.toString() : "",
              Files.exists(saKey) ? files.key(saKey) : DataField.EMPTY,
              Files.exists(saPub) ? saPub.toString() : "",
              Files.exists(saPub) ? files.publicKey(saPub) : DataField.EMPTY));
    }
    return new NodePkiRecord(dir.root().toString(), NodePkiRecord.Layout.KUBEADM, entries, sa);
  }

  /** The CA a certificate under pki/ should chain to by kubeadm's layout. */
  static String caOf(String rel) {
    String known = SIGNED_BY.get(rel);
    if (known != null) {
      return known;
    }
    if (rel.startsWith("etcd/")) {
      return "etcd-ca";
    }
    return rel.startsWith("front-proxy") ? "front-proxy-ca" : "ca";
  }

  private NodePkiRecord kubelet(DirectoryWalk.PkiDir dir) {
    List<Entry> entries = new ArrayList<>();
    for (String kind : List.of("kubelet-client-current.pem", "kubelet-server-current.pem")) {
      Path pem = dir.dir().resolve(kind);
      if (Files.isRegularFile(pem)) { // certificate and key in one file, as the kubelet writes it
        entries.add(
            new Entry(
                kind,
                Role.CERTIFICATE,
                pem.toString(),
                files.certificate(pem),
                pem.toString(),
                files.key(pem),
                "ca"));
      }
    }
    Path crt = dir.dir().resolve("kubelet.crt");
    if (Files.isRegularFile(crt)) { // self-signed serving certificate: chains to nothing else
      entries.add(entry("kubelet.crt", Role.CERTIFICATE, crt, keyBeside(crt), ""));
    }
    return new NodePkiRecord(
        dir.root().toString(), NodePkiRecord.Layout.KUBELET, entries, List.of());
  }

  private Entry entry(String name, Role role, Path crt, Path key, String caName) {
    boolean hasKey = Files.isRegularFile(key);
    return new Entry(
        name,
        role,
        crt.toString(),
        files.certificate(crt),
        hasKey ? key.toString() : "",
        hasKey ? files.key(key) : DataField.EMPTY,
        caName);
  }

  private static Path keyBeside(Path crt) {
    String n = crt.getFileName().toString();
    return crt.resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".key");
  }

  /**
   * The client certificate of kubeadm's kubeconfig {@code file}: the current context's user, else
   * the first user with a client certificate; empty when the file was not read as a kubeconfig.
   */
  private static Optional<Entry> kubeconfig(Path file, List<KubeconfigRecord> kubeconfigs) {
    String p = file.toString();
    Optional<KubeconfigRecord> k =
        kubeconfigs.stream()
            .filter(r -> r.source().equals(p) || r.source().startsWith(p + ": "))
            .findFirst();
    if (k.isEmpty()) {
      return Optional.empty();
    }
    KubeconfigRecord r = k.get();
    Optional<KubeconfigRecord.User> user =
        r.contexts().stream()
            .filter(c -> c.name().equals(r.currentContext()))
            .findFirst()
            .flatMap(c -> r.user(c.user()))
            .filter(KubeconfigRecord.User::hasClientCertificate)
            .or(
                () ->
                    r.users().stream()
                        .filter(KubeconfigRecord.User::hasClientCertificate)
                        .findFirst());
    return user.map(
        u ->
            new Entry(
                file.getFileName().toString(),
                Role.KUBECONFIG,
                p,
                u.clientCertificate(),
                u.clientKeyFile(),
                u.clientKey(),
                "ca"));
  }
}
