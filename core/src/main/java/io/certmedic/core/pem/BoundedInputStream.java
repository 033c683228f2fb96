package io.certmedic.core.pem;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most {@code limit} bytes of a file, pipe or device, then fails with {@link
 * TooLargeException} naming the input: {@code /dev/zero} or a runaway pipe ends in one clear line,
 * never in an out-of-memory error or a read without end.
 */
public final class BoundedInputStream extends FilterInputStream {

  /** Thrown when the input holds more than the limit; the message names the input and the flag. */
  public static final class TooLargeException extends IOException {
    TooLargeException(String name, long limit) {
      super(
          name
              + ": more than "
              + limit
              + " bytes is too large (raise the limit with --max-input-size)");
    }
  }

  private final String name;
  private final long limit;
  private long read;

  public BoundedInputStream(InputStream in, String name, long limit) {
    super(requireNonNull(in, "in == null"));
    this.name = requireNonNull(name, "name == null");
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    count(0);
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    count(0);
    if (len == 0) {
      return 0;
    }
    int n = super.read(buf, off, (int) Math.min(len, limit - read + 1));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    count(0);
    long s = super.skip(Math.min(n, limit - read + 1));
    count(s);
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws TooLargeException {
    read += n;
    if (read > limit) {
      throw new TooLargeException(name, limit);
    }
  }
}
