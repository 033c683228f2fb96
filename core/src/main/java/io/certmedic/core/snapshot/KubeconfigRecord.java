package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A kubeconfig file (kind Config): its clusters and the CAs each trusts, its users and the client
 * certificates they present, and the contexts that pair a user with a cluster. Client keys are kept
 * only as {@link DataField.Key} (description and public-key id), never their bytes.
 */
public record KubeconfigRecord(
    String source,
    List<Cluster> clusters,
    List<User> users,
    List<Context> contexts,
    String currentContext) {

  public KubeconfigRecord {
    requireNonNull(source, "source == null");
    clusters = List.copyOf(clusters);
    users = List.copyOf(users);
    contexts = List.copyOf(contexts);
    currentContext = currentContext == null ? "" : currentContext;
  }

  /** A kubeconfig known only by its clusters (no users, no contexts). */
  public KubeconfigRecord(String source, List<Cluster> clusters) {
    this(source, clusters, List.of(), List.of(), "");
  }

  /** The same kubeconfig, named by {@code newSource} (the path a user gave). */
  public KubeconfigRecord withSource(String newSource) {
    return new KubeconfigRecord(newSource, clusters, users, contexts, currentContext);
  }

  public Optional<Cluster> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<User> user(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /** The contexts in which {@code user} is used, in file order. */
  public List<Context> contextsOf(User user) {
    return contexts.stream().filter(c -> c.user().equals(user.name())).toList();
  }

  /** A cluster entry: server URL and its certificate-authority-data (or a file path). */
  public record Cluster(
      String name,
      String server,
      DataField certificateAuthority,
      String certificateAuthorityFile,
      boolean insecureSkipTlsVerify) {}

  /**
   * A user entry and the client certificate it presents. {@code clientCertificate} holds what
   * {@code client-certificate-data}, or else the file {@code client-certificate} names, held
   * ({@link DataField#EMPTY} when neither is given; {@link DataField.Unparsable} when the file
   * could not be read, saying why). {@code clientKey} likewise for {@code client-key(-data)}, as a
   * {@link DataField.Key}. The file fields keep the path as written ("" when absent); a relative
   * path is resolved against the kubeconfig's directory when it was read from a file.
   */
  public record User(
      String name,
      DataField clientCertificate,
      String clientCertificateFile,
      DataField clientKey,
      String clientKeyFile) {

    public User {
      requireNonNull(name, "name == null");
      requireNonNull(clientCertificate, "clientCertificate == null");
      requireNonNull(clientKey, "clientKey == null");
      clientCertificateFile = clientCertificateFile == null ? "" : clientCertificateFile;
      clientKeyFile = clientKeyFile == null ? "" : clientKeyFile;
    }

    /** True when the user presents a client certificate (inline or from a file). */
    public boolean hasClientCertificate() {
      return !(clientCertificate instanceof DataField.Empty);
    }
  }

  /** A context: which user talks to which cluster (and the default namespace, "" when none). */
  public record Context(String name, String cluster, String user, String namespace) {
    public Context {
      requireNonNull(name, "name == null");
      cluster = cluster == null ? "" : cluster;
      user = user == null ? "" : user;
      namespace = namespace == null ? "" : namespace;
    }
  }
}
