package io.certmedic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a user-named input ({@code -} is stdin) with a size cap and one-line errors. */
final class InputFiles {

  private InputFiles() {}

  static byte[] readAll(String name, long maxBytes) {
    try {
      if ("-".equals(name)) {
        return readCapped(System.in, "stdin", maxBytes);
      }
      Path p = Path.of(name);
      String problem = io.certmedic.kube.snapshot.InputPaths.problem(p);
      if (problem != null) {
        throw new UserException(name + ": " + problem);
      }
      if (Files.isDirectory(p)) {
        throw new UserException(name + ": is a directory; name a file");
      }
      long size = Files.size(p);
      if (size > maxBytes) {
        throw new UserException(
            name + ": " + size + " bytes is too large (the limit is " + maxBytes + ")");
      }
      try (InputStream in = Files.newInputStream(p)) {
        return readCapped(in, name, maxBytes); // a device or pipe reports size 0: count anyway
      }
    } catch (NoSuchFileException e) {
      throw new UserException(name + ": no such file");
    } catch (IOException e) {
      throw new UserException(name + ": cannot read: " + e.getMessage());
    }
  }

  private static byte[] readCapped(InputStream in, String name, long maxBytes) throws IOException {
    byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (data.length > maxBytes) {
      throw new UserException(name + ": more than " + maxBytes + " bytes is too large");
    }
    return data;
  }
}
