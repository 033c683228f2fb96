package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.kube.manifest.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Maps a kubeconfig (kind Config) into a {@link KubeconfigRecord}: clusters with their CA, users
 * with their client certificate and key ({@code client-certificate-data} or the file {@code
 * client-certificate} names; the key only as its public-key id), and contexts. A file path is
 * resolved against {@code baseDir}, the kubeconfig's directory, as kubectl resolves it; without one
 * (stdin) a relative path is not guessed at.
 */
final class KubeconfigMapper {

  private final FieldParser fields;
  private final PkiFiles files;

  KubeconfigMapper(FieldParser fields) {
    this.fields = fields;
    this.files = new PkiFiles(fields);
  }

  KubeconfigRecord map(Document d, Path baseDir) {
    JsonNode n = d.node();
    List<KubeconfigRecord.Cluster> clusters = new ArrayList<>();
    for (JsonNode c : n.path("clusters")) {
      JsonNode cl = c.path("cluster");
      String name = c.path("name").asString("");
      DataField ca =
          cl.hasNonNull("certificate-authority-data")
              ? fields.parse(
                  SnapshotReader.base64(cl.path("certificate-authority-data")),
                  d.where() + " clusters[" + name + "].certificate-authority-data",
                  true)
              : DataField.EMPTY;
      clusters.add(
          new KubeconfigRecord.Cluster(
              name,
              cl.path("server").asString(""),
              ca == null ? DataField.EMPTY : ca,
              cl.path("certificate-authority").asString(""),
              cl.path("insecure-skip-tls-verify").asBoolean(false)));
    }
    List<KubeconfigRecord.User> users = new ArrayList<>();
    for (JsonNode u : n.path("users")) {
      users.add(user(d, u, baseDir));
    }
    List<KubeconfigRecord.Context> contexts = new ArrayList<>();
    for (JsonNode c : n.path("contexts")) {
      JsonNode cx = c.path("context");
      contexts.add(
          new KubeconfigRecord.Context(
              c.path("name").asString(""),
              cx.path("cluster").asString(""),
              cx.path("user").asString(""),
              cx.path("namespace").asString("")));
    }
    return new KubeconfigRecord(
        d.where(), clusters, users, contexts, n.path("current-context").asString(""));
  }

  private KubeconfigRecord.User user(Document d, JsonNode u, Path baseDir) {
    String name = u.path("name").asString("");
    JsonNode user = u.path("user");
    String where = d.where() + " users[" + name + "]";
    String certFile = user.path("client-certificate").asString("");
    String keyFile = user.path("client-key").asString("");
    DataField cert = DataField.EMPTY;
    if (user.hasNonNull("client-certificate-data")) {
      DataField f =
          fields.parse(
              SnapshotReader.base64(user.path("client-certificate-data")),
              where + ".client-certificate-data",
              true);
      cert = f == null ? DataField.EMPTY : f;
    } else if (!certFile.isEmpty()) {
      cert = resolve(certFile, baseDir, where + ".client-certificate").map(files::certificate);
    }
    DataField key = DataField.EMPTY;
    if (user.hasNonNull("client-key-data")) {
      key =
          PkiFiles.key(
              SnapshotReader.base64(user.path("client-key-data")), where + ".client-key-data");
    } else if (!keyFile.isEmpty()) {
      key = resolve(keyFile, baseDir, where + ".client-key").map(files::key);
    }
    return new KubeconfigRecord.User(name, cert, certFile, key, keyFile);
  }

  /** A path to read, or why it cannot be read. */
  private sealed interface Target {
    DataField map(java.util.function.Function<Path, DataField> read);
  }

  private record Readable(Path path) implements Target {
    @Override
    public DataField map(java.util.function.Function<Path, DataField> read) {
      return read.apply(path);
    }
  }

  private record NotResolved(String problem) implements Target {
    @Override
    public DataField map(java.util.function.Function<Path, DataField> read) {
      return new DataField.Unparsable(problem);
    }
  }

  private static Target resolve(String file, Path baseDir, String where) {
    Path p;
    try {
      p = Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      return new NotResolved(where + ": " + file + " is not a valid path");
    }
    if (p.isAbsolute()) {
      return new Readable(p);
    }
    if (baseDir == null) {
      return new NotResolved(
          where
              + ": the relative path "
              + file
              + " is not read: the kubeconfig did not come from a file, so its directory is unknown");
    }
    return new Readable(baseDir.resolve(p).normalize());
  }
}
