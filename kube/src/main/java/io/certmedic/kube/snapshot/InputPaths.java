package io.certmedic.kube.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a path a user named before certmedic opens it, so the odd ones end in one line: a symlink
 * loop, and a named pipe (FIFO), whose opening would wait forever for a writer. A pipe the shell
 * hands over ({@code -f <(kubectl get ...)}, {@code /dev/fd/63}) has its writer and is read as
 * usual; so is a device such as {@code /dev/zero}, which the readers' byte limits stop.
 */
public final class InputPaths {

  /** {@code S_IFMT} and {@code S_IFIFO} of a POSIX file mode. */
  private static final int FILE_TYPE_MASK = 0170000;

  private static final int FIFO = 0010000;

  private InputPaths() {}

  /**
   * Returns null if {@code path} may be opened, else the reason it may not, worded to follow "NAME:
   * ". A missing file is left to the caller's own message.
   */
  public static String problem(Path path) {
    try {
      path.toRealPath(); // fails on a symlink loop (ELOOP); also on /dev/fd/N -> "pipe:[...]"
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      String reason = e.getReason();
      if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("symbolic links")) {
        return "is a symbolic link loop (too many levels of symbolic links)";
      }
      return null;
    } catch (IOException e) {
      return null;
    }
    if (isFifo(path)) {
      return "is a named pipe (FIFO), which certmedic does not wait on for a writer;"
          + " pipe it into standard input ('-') instead";
    }
    return null;
  }

  private static boolean isFifo(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      return mode instanceof Integer m && (m & FILE_TYPE_MASK) == FIFO;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
