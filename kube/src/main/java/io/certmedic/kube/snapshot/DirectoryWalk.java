package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.SkippedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, for a directory {@code doctor -f} names, which files are read, which belong to a node's
 * PKI (kubeadm's {@code /etc/kubernetes}, a kubelet's {@code pki}: keys are read there, beside
 * their certificates) and which are skipped, each skipped file with its reason, so that nothing is
 * ignored silently.
 *
 * <p>Read: {@code *.yaml}, {@code *.yml}, {@code *.json}, {@code *.pem}, {@code *.crt}, {@code
 * *.cer}, {@code *.kubeconfig}, files named {@code kubeconfig} or {@code config}, and {@code
 * *.conf} or extension-less files that are kubeconfigs ({@code kind: Config}).
 */
final class DirectoryWalk {

  /** How far into a {@code .conf} or extension-less file to look for {@code kind: Config}. */
  static final int SNIFF_BYTES = 64 * 1024;

  static final String NOT_AN_INPUT = "not YAML, JSON, PEM or a kubeconfig (by its name)";
  static final String NOT_A_KUBECONFIG = "not a kubeconfig (no kind: Config)";
  static final String HIDDEN = "hidden";
  static final String KEY_ALONE =
      "a key file: keys are read only beside their certificate in a node's PKI directory";
  static final String ROTATED_OUT =
      "an earlier kubelet certificate, rotated out (the *-current.pem link names the one in use)";

  static final String LINK_TARGET = "read through its *-current.pem link";

  private static final Pattern KUBECONFIG_KIND =
      Pattern.compile("(?m)^\\s*\"?kind\"?\\s*:\\s*[\"']?Config[\"']?\\s*,?\\s*$");

  /** What the walk decided: files to read in order, node PKI directories, skipped files. */
  record Plan(List<Path> read, List<PkiDir> pki, List<SkippedFile> skipped) {}

  /**
   * A directory holding a node's certificates: {@code dir} is where the certificates are ({@code
   * pki/}, or the kubelet's pki), {@code root} where kubeadm's .conf kubeconfigs sit beside it.
   */
  record PkiDir(NodePkiRecord.Layout layout, Path root, Path dir) {}

  private DirectoryWalk() {}

  static Plan plan(Path top) throws IOException {
    List<Path> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            if (!d.equals(top) && hidden(d)) {
              skipped.add(new SkippedFile(d.toString(), HIDDEN + " directory, not read"));
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            if (Files.isRegularFile(f)) { // follows a symlink (kubelet-client-current.pem)
              files.add(f);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            skipped.add(new SkippedFile(f.toString(), PkiFiles.problem(f, e)));
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    Set<Path> all = new HashSet<>(files);
    List<PkiDir> pki = pkiDirs(top, files, all);
    Set<Path> claimed = new HashSet<>();
    java.util.Map<Path, String> kubeletSkips = new java.util.HashMap<>();
    for (PkiDir p : pki) {
      for (Path f : files) {
        if (!f.startsWith(p.dir())) {
          continue;
        }
        String n = f.getFileName().toString();
        if (n.endsWith(".key") || n.endsWith(".pub")) {
          claimed.add(f);
        }
        if (p.layout() == NodePkiRecord.Layout.KUBELET) {
          kubeletSkip(f, p.dir()).ifPresent(reason -> kubeletSkips.put(f, reason));
        }
      }
    }
    List<Path> read = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
      if (hidden(f)) {
        skipped.add(new SkippedFile(f.toString(), HIDDEN + " file"));
      } else if (kubeletSkips.containsKey(f)) {
        skipped.add(new SkippedFile(f.toString(), kubeletSkips.get(f)));
      } else if (claimed.contains(f)) {
        continue; // read by the node PKI reader, beside its certificate
      } else if (byName(n)) {
        read.add(f);
      } else if (n.endsWith(".conf") || !n.contains(".")) {
        if (isKubeconfig(f)) {
          read.add(f);
        } else {
          skipped.add(new SkippedFile(f.toString(), NOT_A_KUBECONFIG));
        }
      } else if (n.endsWith(".key")) {
        skipped.add(new SkippedFile(f.toString(), KEY_ALONE));
      } else {
        skipped.add(new SkippedFile(f.toString(), NOT_AN_INPUT));
      }
    }
    skipped.sort(java.util.Comparator.comparing(SkippedFile::path));
    return new Plan(read, pki, skipped);
  }

  private static boolean hidden(Path p) {
    return p.getFileName() != null && p.getFileName().toString().startsWith(".");
  }

  static boolean byName(String n) {
    return n.endsWith(".yaml")
        || n.endsWith(".yml")
        || n.endsWith(".json")
        || n.endsWith(".pem")
        || n.endsWith(".crt")
        || n.endsWith(".cer")
        || n.endsWith(".kubeconfig")
        || n.equals("kubeconfig")
        || n.equals("config");
  }

  private static boolean isKubeconfig(Path f) {
    try (var in = Files.newInputStream(f)) {
      String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
      return KUBECONFIG_KIND.matcher(head).find()
          || head.replace(" ", "").contains("\"kind\":\"Config\"");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * kubeadm's pki directory ({@code ca.crt} beside {@code apiserver.crt}, {@code
   * front-proxy-ca.crt}, {@code sa.key}, {@code sa.pub} or {@code etcd/ca.crt}) and the kubelet's
   * ({@code kubelet-client-current.pem}, or {@code kubelet.crt} with {@code kubelet.key}).
   */
  private static List<PkiDir> pkiDirs(Path top, List<Path> files, Set<Path> all) {
    List<PkiDir> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path f : files) {
      Path d = f.getParent();
      if (d == null || seen.contains(d)) {
        continue;
      }
      String n = f.getFileName().toString();
      if (n.equals("ca.crt")
          && (all.contains(d.resolve("apiserver.crt"))
              || all.contains(d.resolve("front-proxy-ca.crt"))
              || all.contains(d.resolve("sa.key"))
              || all.contains(d.resolve("sa.pub"))
              || all.contains(d.resolve("etcd").resolve("ca.crt")))) {
        seen.add(d);
        Path root =
            d.getFileName() != null && d.getFileName().toString().equals("pki") && !d.equals(top)
                ? d.getParent()
                : d;
        out.add(new PkiDir(NodePkiRecord.Layout.KUBEADM, root, d));
      } else if (n.equals("kubelet-client-current.pem")
          || (n.equals("kubelet.crt") && all.contains(d.resolve("kubelet.key")))) {
        seen.add(d);
        out.add(new PkiDir(NodePkiRecord.Layout.KUBELET, d, d));
      }
    }
    return out;
  }

  /**
   * Why a dated {@code kubelet-client-*.pem} or {@code kubelet-server-*.pem} is not read on its
   * own: it is the one the {@code *-current.pem} link points at (read through the link), or an
   * earlier one the kubelet kept after rotating.
   */
  private static java.util.Optional<String> kubeletSkip(Path f, Path dir) {
    String n = f.getFileName().toString();
    for (String kind : List.of("kubelet-client-", "kubelet-server-")) {
      if (n.startsWith(kind) && n.endsWith(".pem") && !n.equals(kind + "current.pem")) {
        Path current = dir.resolve(kind + "current.pem");
        try {
          if (!Files.exists(current)) {
            return java.util.Optional.empty();
          }
          return java.util.Optional.of(Files.isSameFile(current, f) ? LINK_TARGET : ROTATED_OUT);
        } catch (IOException e) {
          return java.util.Optional.empty();
        }
      }
    }
    return java.util.Optional.empty();
  }
}
