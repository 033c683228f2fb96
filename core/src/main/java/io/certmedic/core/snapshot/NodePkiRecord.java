package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A node's certificates as kubeadm or the kubelet lay them out on disk: a control plane's {@code
 * /etc/kubernetes} ({@code pki/**}{@code /*.crt} with their {@code .key}, the CAs, {@code sa.key}
 * and {@code sa.pub}, the {@code .conf} kubeconfigs) or a kubelet's {@code /var/lib/kubelet/pki}.
 * Each certificate is named as {@code kubeadm certs check-expiration} names it ({@code apiserver},
 * {@code etcd-server}, {@code admin.conf}) with the CA it should chain to by that layout. Keys are
 * never kept: only their public-key id ({@link DataField.Key}).
 *
 * <pre>{@code
 * NodePkiRecord pki = ...;
 * for (NodePkiRecord.Entry e : pki.certificates()) {
 *   Optional<NodePkiRecord.Entry> ca = pki.authority(e.caName()); // "ca", "etcd-ca" ...
 * }
 * }</pre>
 */
public record NodePkiRecord(
    String root, Layout layout, List<Entry> entries, List<ServiceAccountKey> serviceAccountKeys) {

  /** Which tool laid the files out. */
  public enum Layout {
    /**
     * kubeadm's {@code /etc/kubernetes}: {@code pki/} (or that directory itself) and .conf files.
     */
    KUBEADM,
    /** The kubelet's {@code /var/lib/kubelet/pki}: its client and serving certificates. */
    KUBELET
  }

  /** What an entry is. */
  public enum Role {
    /** A CA certificate others chain to ({@code ca}, {@code front-proxy-ca}, {@code etcd-ca}). */
    AUTHORITY,
    /** A certificate file ({@code apiserver.crt}, {@code kubelet-client-current.pem}). */
    CERTIFICATE,
    /**
     * The client certificate of a kubeconfig ({@code admin.conf}): the same certificate is also in
     * {@link Snapshot#kubeconfigs()}, named by file and user, where rules on kubeconfig users judge
     * it; it is listed here for the expiry table.
     */
    KUBECONFIG
  }

  public NodePkiRecord {
    requireNonNull(root, "root == null");
    requireNonNull(layout, "layout == null");
    entries = List.copyOf(entries);
    serviceAccountKeys = List.copyOf(serviceAccountKeys);
  }

  /**
   * One certificate: {@code name} as kubeadm names it, the file it was read from, what it held, the
   * key file beside it ("" when none) and that key ({@link DataField#EMPTY} when there is no key
   * file), and {@code caName}, the authority it should chain to by the layout ({@code ca}, {@code
   * front-proxy-ca}, {@code etcd-ca}; "" for an authority itself and for a self-signed kubelet
   * serving certificate).
   */
  public record Entry(
      String name,
      Role role,
      String path,
      DataField certificate,
      String keyPath,
      DataField key,
      String caName) {

    public Entry {
      requireNonNull(name, "name == null");
      requireNonNull(role, "role == null");
      requireNonNull(path, "path == null");
      requireNonNull(certificate, "certificate == null");
      requireNonNull(key, "key == null");
      keyPath = keyPath == null ? "" : keyPath;
      caName = caName == null ? "" : caName;
    }

    /** The first certificate the file holds (the leaf), if it parsed. */
    public Optional<CertInfo> leaf() {
      return certificate.certs().stream().findFirst();
    }

    /**
     * True for an authority whose key is not on the node (kubeadm's "external CA" mode, and its
     * EXTERNALLY MANAGED column): certificates it signed are renewed by someone else.
     */
    public boolean keyAbsent() {
      return key instanceof DataField.Empty;
    }
  }

  /**
   * The service-account signing key pair ({@code sa.key}, {@code sa.pub}): both public-key ids, so
   * a rule can tell whether they are halves of one pair.
   */
  public record ServiceAccountKey(
      String keyPath, DataField key, String publicKeyPath, DataField publicKey) {
    public ServiceAccountKey {
      requireNonNull(key, "key == null");
      requireNonNull(publicKey, "publicKey == null");
      keyPath = keyPath == null ? "" : keyPath;
      publicKeyPath = publicKeyPath == null ? "" : publicKeyPath;
    }
  }

  /** The authorities ({@link Role#AUTHORITY}), in layout order. */
  public List<Entry> authorities() {
    return entries.stream().filter(e -> e.role() == Role.AUTHORITY).toList();
  }

  /** Everything but the authorities: certificate files and kubeconfig client certificates. */
  public List<Entry> certificates() {
    return entries.stream().filter(e -> e.role() != Role.AUTHORITY).toList();
  }

  /** The authority named {@code caName} ({@code ca}, {@code etcd-ca} ...), if it is on the node. */
  public Optional<Entry> authority(String caName) {
    return entries.stream()
        .filter(e -> e.role() == Role.AUTHORITY && e.name().equals(caName))
        .findFirst();
  }

  /** True when {@code path} was read into this record (its certificate or key file). */
  public boolean covers(String path) {
    return entries.stream().anyMatch(e -> e.path().equals(path) || e.keyPath().equals(path))
        || serviceAccountKeys.stream()
            .anyMatch(k -> k.keyPath().equals(path) || k.publicKeyPath().equals(path));
  }
}
