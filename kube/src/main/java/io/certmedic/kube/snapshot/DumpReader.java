package io.certmedic.kube.snapshot;

import io.certmedic.core.pem.BoundedInputStream;
import io.certmedic.core.pem.PemLimits;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.PemFileRecord;
import io.certmedic.core.snapshot.SkippedFile;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.manifest.ManifestReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Reads what {@code doctor -f} names: files, directories (recursively, as {@link DirectoryWalk}
 * decides: manifests, PEM, kubeconfigs, a node's PKI; every other file named as skipped), or {@code
 * -} for stdin, into a {@link Snapshot}. A path that cannot be read at all, or that holds no
 * Kubernetes object, kubeconfig or certificate ("nothing to judge"), is a {@link ManifestException}
 * naming it; a broken object inside a readable file becomes an unreadable entry and the rest is
 * read.
 */
public final class DumpReader {

  private static final Pattern MANIFEST_HINT =
      Pattern.compile("(?m)^\\s*\"?(kind|apiVersion)\"?\\s*:");
  private static final int SNIFF_BYTES = 64 * 1024;

  /** The UTF-8 byte order mark, as its bytes read in ISO-8859-1. */
  private static final String UTF8_BOM = "\u00ef\u00bb\u00bf";

  /**
   * Most bytes taken from one input (file, pipe, device): 1 GiB, seven times the 141 MiB dump of
   * 50,000 TLS Secrets in BENCHMARKS.md, so {@code /dev/zero} or a runaway pipe ends in one line.
   */
  public static final long DEFAULT_MAX_INPUT_BYTES = 1L << 30;

  /** Set by {@code --max-input-size}; read at the start of every read. */
  private static volatile long maxInputBytes = DEFAULT_MAX_INPUT_BYTES;

  /** Threads that parse certificate fields while the input is read (one per CPU, at most 8). */
  static final int PARSERS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private final SnapshotBuilder builder = Snapshot.builder();
  private final SnapshotReader snapshotReader;
  private final io.certmedic.kube.manifest.ManifestSink reader;
  private final FieldParser pemFiles = new FieldParser();
  private final List<DirectoryWalk.PkiDir> pkiDirs = new ArrayList<>();

  /** Documents, unreadable documents and PEM files read so far: a path adding none is an error. */
  private int contributed;

  private DumpReader(
      ExecutorService pool,
      java.util.function.UnaryOperator<io.certmedic.kube.manifest.ManifestSink> tap) {
    this.snapshotReader = new SnapshotReader(builder, pool);
    io.certmedic.kube.manifest.ManifestSink inner = tap.apply(snapshotReader);
    this.reader =
        new io.certmedic.kube.manifest.ManifestSink() {
          @Override
          public void document(io.certmedic.kube.manifest.Document d) {
            contributed++;
            inner.document(d);
          }

          @Override
          public void unreadable(String where, String problem) {
            contributed++;
            inner.unreadable(where, problem);
          }
        };
  }

  /**
   * Reads every path, then returns the snapshot. Secrets and ConfigMaps are parsed on every CPU
   * while the input is read; the snapshot is the same as a one-thread read gives.
   */
  public static Snapshot read(List<String> paths, InputStream stdin) throws ManifestException {
    return read(paths, stdin, java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #read(List, InputStream)}, with every document passing through {@code tap} (which
   * wraps the sink that maps documents to records) on its way: fix keeps them to patch, preflight
   * overlays an upgrade on them.
   */
  /** The most bytes one input may hold now ({@code --max-input-size}). */
  public static long maxInputBytes() {
    return maxInputBytes;
  }

  /** Sets the most bytes one input may hold ({@code --max-input-size}). */
  public static void maxInputBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("max input bytes < 1: " + bytes);
    }
    maxInputBytes = bytes;
  }

  public static Snapshot read(
      List<String> paths,
      InputStream stdin,
      java.util.function.UnaryOperator<io.certmedic.kube.manifest.ManifestSink> tap)
      throws ManifestException {
    ExecutorService pool =
        PARSERS > 1 ? Executors.newFixedThreadPool(PARSERS, DumpReader::parserThread) : null;
    try {
      DumpReader r = new DumpReader(pool, tap);
      boolean several = paths.size() > 1;
      for (String p : paths) {
        r.add(p, stdin, several);
      }
      r.snapshotReader.finish();
      return r.withNodePki(r.builder.build());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static Thread parserThread(Runnable r) {
    Thread t = new Thread(r, "certmedic-parse");
    t.setDaemon(true);
    return t;
  }

  /**
   * Reads kubeconfig files named on their own ({@code doctor --kubeconfig-file}): each must be a
   * readable kubeconfig (kind Config) or the whole run stops with a message naming it. The records
   * carry the path as their source.
   */
  public static List<KubeconfigRecord> readKubeconfigs(List<String> paths)
      throws ManifestException {
    List<KubeconfigRecord> out = new ArrayList<>();
    for (String path : paths) {
      if (Files.isDirectory(Path.of(path))) {
        throw new ManifestException(path + ": is a directory, not a kubeconfig file");
      }
      DumpReader r =
          new DumpReader(
              null,
              java.util.function.UnaryOperator
                  .identity()); // a kubeconfig is small: parse it on this thread
      try {
        r.readFile(Path.of(path));
        r.snapshotReader.finish();
      } catch (ManifestException e) {
        throw new ManifestException("--kubeconfig-file " + e.getMessage());
      }
      Snapshot s = r.builder.build();
      if (!s.unreadable().isEmpty()) {
        throw new ManifestException(
            "--kubeconfig-file " + path + ": cannot read it: " + s.unreadable().get(0).problem());
      }
      if (s.kubeconfigs().isEmpty()) {
        throw new ManifestException(
            "--kubeconfig-file " + path + ": is not a kubeconfig (no document of kind Config)");
      }
      for (KubeconfigRecord k : s.kubeconfigs()) {
        out.add(s.kubeconfigs().size() == 1 ? k.withSource(path) : k);
      }
    }
    return out;
  }

  /**
   * Reads one path. Among several inputs ({@code tolerant}) or in a directory, a file that cannot
   * be read becomes an unreadable entry (an INPUT_UNREADABLE finding) and the rest is read; a
   * single named file that cannot be read stops the run. A path that gives nothing to judge (no
   * object, kubeconfig, certificate or unreadable entry) stops the run too.
   */
  private void add(String path, InputStream stdin, boolean tolerant) throws ManifestException {
    int before = contributed;
    if ("-".equals(path)) {
      snapshotReader.baseDirectory(null);
      guarded(tolerant, "stdin", () -> readStream(stdin, "stdin"));
      nothingToJudge(before, "stdin", List.of());
      return;
    }
    Path p = Path.of(path);
    if (InputPaths.problem(p) == null && Files.isDirectory(p)) {
      DirectoryWalk.Plan plan;
      try {
        plan = DirectoryWalk.plan(p);
      } catch (IOException e) {
        throw new ManifestException(path + ": cannot list the directory: " + e.getMessage());
      }
      plan.skipped().forEach(builder::add);
      pkiDirs.addAll(plan.pki());
      for (Path f : plan.read()) {
        guarded(true, f.toString(), () -> readFile(f));
      }
      if (plan.pki().isEmpty()) {
        nothingToJudge(before, path, plan.skipped());
      }
      return;
    }
    guarded(tolerant, path, () -> readFile(p));
    nothingToJudge(before, path, List.of());
  }

  private interface Read {
    void run() throws ManifestException;
  }

  private void guarded(boolean tolerant, String source, Read read) throws ManifestException {
    if (!tolerant) {
      read.run();
      return;
    }
    try {
      read.run();
    } catch (ManifestException e) {
      String m = e.getMessage();
      String problem = m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m;
      snapshotReader.unreadable(source, problem);
      contributed++; // reported as a finding: not "nothing to judge"
    }
  }

  /** Most skipped files named in the "nothing to judge" message; the rest are counted. */
  static final int MAX_NAMED_SKIPS = 5;

  private void nothingToJudge(int before, String path, List<SkippedFile> skipped)
      throws ManifestException {
    if (contributed > before) {
      return;
    }
    StringBuilder m =
        new StringBuilder("nothing to judge in ")
            .append(path)
            .append(": it holds no Kubernetes object, kubeconfig or certificate");
    if (!skipped.isEmpty()) {
      m.append(" (skipped: ");
      for (int i = 0; i < Math.min(MAX_NAMED_SKIPS, skipped.size()); i++) {
        m.append(i == 0 ? "" : ", ")
            .append(skipped.get(i).path())
            .append(": ")
            .append(skipped.get(i).reason());
      }
      if (skipped.size() > MAX_NAMED_SKIPS) {
        m.append(" and ").append(skipped.size() - MAX_NAMED_SKIPS).append(" more");
      }
      m.append(')');
    }
    throw new ManifestException(m.toString());
  }

  /** {@code s} with the node PKI directories the walks found, read beside its kubeconfigs. */
  private Snapshot withNodePki(Snapshot s) throws ManifestException {
    if (pkiDirs.isEmpty()) {
      return s;
    }
    SnapshotBuilder b = s.toBuilder();
    NodePkiReader nodes = new NodePkiReader(pemFiles);
    for (DirectoryWalk.PkiDir d : pkiDirs) {
      try {
        b.add(nodes.read(d, s.kubeconfigs()));
      } catch (IOException e) {
        throw new ManifestException(d.dir() + ": cannot read: " + e.getMessage());
      }
    }
    return b.build();
  }

  private void readFile(Path f) throws ManifestException {
    String problem = InputPaths.problem(f);
    if (problem != null) {
      throw new ManifestException(f + ": " + problem);
    }
    Path dir = f.toAbsolutePath().getParent();
    snapshotReader.baseDirectory(dir);
    try (InputStream in = Files.newInputStream(f)) {
      readStream(in, f.toString());
    } catch (NoSuchFileException e) {
      throw new ManifestException(f + ": no such file or directory");
    } catch (IOException e) {
      throw new ManifestException(f + ": cannot read: " + e.getMessage());
    }
  }

  private void readStream(InputStream raw, String source) throws ManifestException {
    try {
      BufferedInputStream in =
          new BufferedInputStream(new BoundedInputStream(raw, source, maxInputBytes), 1 << 16);
      in.mark(SNIFF_BYTES);
      byte[] head = in.readNBytes(SNIFF_BYTES);
      in.reset();
      if (head.length == 0) {
        throw new ManifestException(source + ": is empty");
      }
      if (isPem(head)) {
        snapshotReader.finish(); // keep input order: what was read before this file goes in first
        byte[] all = in.readNBytes(PemLimits.MAX_INPUT_BYTES + 1);
        builder.add(new PemFileRecord(source, pemFiles.parse(all, source, true)));
        contributed++;
        return;
      }
      if (!isManifest(head)) {
        throw new ManifestException(source + ": " + notAManifest(head));
      }
      ManifestReader.read(in, source, reader);
    } catch (BoundedInputStream.TooLargeException e) {
      throw new ManifestException(e.getMessage());
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      throw new ManifestException(m.startsWith(source + ": ") ? m : source + ": cannot read: " + m);
    }
  }

  /** Why {@code head} is not read: binary, an unrendered template, or neither YAML/JSON nor PEM. */
  static String notAManifest(byte[] head) {
    for (byte b : head) {
      if (b == 0) {
        return "is a binary file, neither YAML/JSON Kubernetes objects nor PEM certificates";
      }
    }
    String s = new String(head, StandardCharsets.ISO_8859_1);
    if (s.contains("{{") || s.contains("${")) {
      return "is an unrendered template ({{ }} or ${} placeholders): render it first, e.g."
          + " helm template CHART | certmedic doctor -f -";
    }
    return "is neither YAML/JSON Kubernetes objects nor PEM certificates";
  }

  /**
   * PEM text that is not a manifest holding PEM (a ConfigMap's data is PEM text too): JSON, even on
   * one line as {@code kubectl get --raw} and {@code jq -c} write it, where no key starts a line,
   * is never PEM.
   */
  static boolean isPem(byte[] head) {
    String s = new String(head, StandardCharsets.ISO_8859_1);
    if ((head[0] & 0xff) == 0x30) {
      return true;
    }
    String text = leading(s);
    if (json(text)) {
      return false;
    }
    return text.startsWith("-----BEGIN")
        || (s.contains("-----BEGIN") && !MANIFEST_HINT.matcher(s).find());
  }

  static boolean isManifest(byte[] head) {
    String s = leading(new String(head, StandardCharsets.ISO_8859_1));
    return json(s) || MANIFEST_HINT.matcher(s).find();
  }

  /** True when {@code text} opens a JSON object or array. */
  private static boolean json(String text) {
    return text.startsWith("{") || text.startsWith("[");
  }

  /** {@code s} (bytes read as ISO-8859-1) without a leading UTF-8 byte order mark and blanks. */
  private static String leading(String s) {
    String t = s.stripLeading();
    return t.startsWith(UTF8_BOM) ? t.substring(UTF8_BOM.length()).stripLeading() : t;
  }
}
