package io.certmedic.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of files into one directory, all or nothing as far as checks go: every target is
 * checked before any is written, and each file appears whole (written beside it, then moved).
 * Secret files are created with mode 0600 from the start, never widened then narrowed. A name that
 * is not one plain path component is refused, and an existing symbolic link is never written
 * through: without {@code force} it is refused, with it the link itself is replaced.
 */
final class OutputDir {

  /** Mode of private key files: owner read/write only. */
  static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");

  /** Mode of certificate files: public, readable by all. */
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private record Entry(String content, boolean secret) {}

  private final Path dir;
  private final Map<String, Entry> files = new LinkedHashMap<>();

  OutputDir(Path dir) {
    this.dir = requireNonNull(dir, "dir == null");
  }

  OutputDir add(String name, String content, boolean secret) {
    files.put(name, new Entry(content, secret));
    return this;
  }

  /** Checks every target, then writes; returns the paths written, in order. */
  List<Path> write(boolean force) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException("--out " + dir + " is a file, not a directory; pass a directory");
    }
    List<Path> existing = new ArrayList<>();
    for (String name : files.keySet()) {
      if (!plainName(name)) {
        throw new UserException(
            "refusing to write '"
                + name
                + "' into --out "
                + dir
                + ": a file name from the input must not leave the directory");
      }
      Path target = dir.resolve(name);
      if (Files.isSymbolicLink(target) && !force) {
        throw new UserException(
            target
                + " is a symbolic link; certmedic does not write through links: remove it, pass"
                + " --force to replace the link itself, or choose another --out");
      }
      if (Files.isDirectory(target)) {
        throw new UserException(target + " is a directory; remove it or choose another --out");
      }
      if (Files.exists(target)) {
        existing.add(target);
      }
    }
    if (!existing.isEmpty() && !force) {
      throw new UserException(
          existing.get(0)
              + (existing.size() > 1 ? " and " + (existing.size() - 1) + " more" : "")
              + " already exist"
              + (existing.size() > 1 ? "" : "s")
              + "; pass --force to overwrite, or choose another --out");
    }
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, Entry> f : files.entrySet()) {
        Path target = dir.resolve(f.getKey());
        writeWhole(target, f.getValue());
        written.add(target);
      }
    } catch (IOException e) {
      throw new UserException(
          "cannot write into --out "
              + dir
              + ": "
              + e.getMessage()
              + (written.isEmpty() ? "" : " (already written: " + written + ")"));
    }
    return written;
  }

  /**
   * One path component, not {@code .} or {@code ..}, with no separator: a name built from an object
   * name in the input ({@code ../../.bashrc}) cannot leave the directory.
   */
  static boolean plainName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0;
  }

  private static void writeWhole(Path target, Entry entry) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(entry.secret ? SECRET : PUBLIC)
            }
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp", attrs);
    try {
      Files.writeString(tmp, entry.content, StandardCharsets.US_ASCII);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
