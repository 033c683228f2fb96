package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Streams a log through an {@link ExplainAggregator} in constant memory. The log is read as bytes
 * in {@value #CHUNK_BYTES}-byte chunks; each chunk is searched for a few literal markers that every
 * recognised failure contains ({@code x509}, {@code tls:}, {@code SSL}, {@code CERT}, {@code
 * ertificat} ...), with the JDK's vectorised {@code String.indexOf} over a Latin-1 view. Only lines
 * holding a marker are decoded (UTF-8) and given to the matchers; the rest are only counted. Lines
 * longer than {@link ExplainOptions#maxLineBytes()} are cut to that length.
 */
public final class LogScanner {

  /** Read size: large enough to amortise the per-chunk work, small enough to stay in L2/L3. */
  static final int CHUNK_BYTES = 1 << 20;

  /**
   * Chunks are searched in blocks of about this many bytes, cut at line ends. Many small calls let
   * the JIT compile the search (with String.indexOf's vector intrinsic) within the first few MB,
   * which a handful of 1 MiB calls would not: that made the first gigabyte three times slower.
   */
  static final int BLOCK_BYTES = 32 * 1024;

  /** Every line a matcher can place holds at least one of these (case as written). */
  static final String[] MARKERS = {
    "x509",
    "tls:",
    "SSL",
    "ssl",
    "PKIX",
    "CERT",
    "ertificat",
    "TLS ",
    "SEC_E_",
    "WebPKI",
    "communicate securely",
    "common algorithm",
    "rtficat"
  };

  private LogScanner() {}

  /** What a scan read: bytes, lines, lines that reached the matchers, and lines cut to the cap. */
  public record Stats(long bytes, long lines, long candidates, long truncated) {}

  /**
   * Reads {@code in} to its end; {@code progress} (nullable) receives the bytes read so far after
   * each chunk.
   */
  public static Stats scan(
      InputStream in, ExplainAggregator aggregator, ExplainOptions options, LongConsumer progress)
      throws IOException {
    requireNonNull(in, "in == null");
    requireNonNull(aggregator, "aggregator == null");
    requireNonNull(options, "options == null");
    Scan s = new Scan(aggregator, options.maxLineBytes());
    byte[] buf = new byte[Math.max(CHUNK_BYTES, options.maxLineBytes() * 2)];
    int len = 0;
    boolean skipping = false;
    long total = 0;
    while (true) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      total += n;
      len += n;
      int lastNl = lastNewline(buf, len);
      if (lastNl < 0) {
        if (len == buf.length) {
          // One line longer than the whole buffer: read what the cap allows, drop the rest.
          if (!skipping) {
            s.line(buf, 0, len);
            s.lines++;
          }
          skipping = true;
          len = 0;
        }
        continue;
      }
      int start = 0;
      if (skipping) {
        start = firstNewline(buf, 0, len) + 1;
        skipping = false;
      }
      s.blocks(buf, start, lastNl + 1);
      int rest = len - lastNl - 1;
      System.arraycopy(buf, lastNl + 1, buf, 0, rest);
      len = rest;
      if (progress != null) {
        progress.accept(total);
      }
    }
    if (len > 0 && !skipping) {
      s.blocks(buf, 0, len);
    }
    s.flushSkipped();
    return new Stats(total, s.lines, s.candidates, s.truncated);
  }

  private static int lastNewline(byte[] buf, int len) {
    for (int i = len - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int firstNewline(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return to - 1;
  }

  /** Per-scan state. */
  private static final class Scan {
    final ExplainAggregator agg;
    final int maxLine;
    long lines;
    long candidates;
    long truncated;
    long pendingSkipped;
    int[] starts = new int[64];
    int[] ends = new int[64]; // ends[k]: offset of the newline ending the line at starts[k]
    long[] packed = new long[64];

    Scan(ExplainAggregator agg, int maxLine) {
      this.agg = agg;
      this.maxLine = maxLine;
    }

    /**
     * Splits buf[from, to) into blocks of about BLOCK_BYTES that end at a newline (or at {@code
     * to}).
     */
    void blocks(byte[] buf, int from, int to) {
      int a = from;
      while (a < to) {
        int b = Math.min(to, a + BLOCK_BYTES);
        if (b < to) {
          int nl = b - 1;
          while (nl >= a && buf[nl] != '\n') {
            nl--;
          }
          if (nl < a) { // a line longer than a block: extend the block to its end
            nl = b;
            while (nl < to && buf[nl] != '\n') {
              nl++;
            }
            nl = Math.min(nl, to - 1);
          }
          b = nl + 1;
        }
        chunk(buf, a, b);
        a = b;
      }
    }

    /**
     * Processes complete lines in buf[from, to); the last byte is a newline unless at end of input.
     */
    void chunk(byte[] buf, int from, int to) {
      String view = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
      int hits = 0;
      for (String marker : MARKERS) {
        int found = hits; // lines found by earlier markers, sorted: starts/ends[0, found)
        int i = 0;
        while ((i = view.indexOf(marker, i)) >= 0) {
          int known = lineHolding(found, i);
          if (known >= 0) { // already found by an earlier marker: skip the rest of that line
            i = ends[known] + 1;
            continue;
          }
          int ls = view.lastIndexOf('\n', i) + 1;
          int le = view.indexOf('\n', i);
          if (hits == starts.length) {
            starts = Arrays.copyOf(starts, hits * 2);
            ends = Arrays.copyOf(ends, hits * 2);
          }
          starts[hits] = ls;
          ends[hits++] = le < 0 ? view.length() : le;
          if (le < 0) {
            break;
          }
          i = le + 1;
        }
        if (hits > found) {
          sortByStart(hits);
        }
      }
      int pos = 0; // offset in view up to which lines were counted
      int prev = -1;
      for (int h = 0; h < hits; h++) {
        int ls = starts[h];
        if (ls == prev) {
          continue;
        }
        prev = ls;
        pendingSkipped += countNewlines(view, pos, ls);
        int le = view.indexOf('\n', ls);
        int end = le < 0 ? view.length() : le;
        flushSkipped();
        line(buf, from + ls, from + end);
        lines++;
        pos = le < 0 ? view.length() : le + 1;
      }
      long tail = countNewlines(view, pos, view.length());
      if (to > from && buf[to - 1] != '\n' && pos < view.length()) {
        tail++; // a last line without a newline
      }
      pendingSkipped += tail;
    }

    /** Index k < found of the found line holding offset i, or -1 (binary search on starts). */
    private int lineHolding(int found, int i) {
      int lo = 0;
      int hi = found - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (starts[mid] > i) {
          hi = mid - 1;
        } else if (ends[mid] < i) {
          lo = mid + 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    /**
     * Sorts starts/ends[0, n) by start: packed as start << 32 | end into one long each, so one
     * {@code Arrays.sort} keeps the pairs together.
     */
    private void sortByStart(int n) {
      if (packed.length < n) {
        packed = new long[starts.length];
      }
      for (int k = 0; k < n; k++) {
        packed[k] = ((long) starts[k] << 32) | ends[k];
      }
      Arrays.sort(packed, 0, n);
      for (int k = 0; k < n; k++) {
        starts[k] = (int) (packed[k] >>> 32);
        ends[k] = (int) packed[k];
      }
    }

    void flushSkipped() {
      if (pendingSkipped > 0) {
        agg.skipped(pendingSkipped);
        lines += pendingSkipped;
        pendingSkipped = 0;
      }
    }

    void line(byte[] buf, int from, int to) {
      int end = to;
      if (end > from && buf[end - 1] == '\r') {
        end--;
      }
      if (end - from > maxLine) {
        end = from + maxLine;
        truncated++;
      }
      candidates++;
      agg.accept(new String(buf, from, end - from, StandardCharsets.UTF_8));
    }

    /** Newlines in view[from, to), found with the JDK's vectorised indexOf. */
    private static long countNewlines(String view, int from, int to) {
      long c = 0;
      int i = from;
      while ((i = view.indexOf('\n', i)) >= 0 && i < to) {
        c++;
        i++;
      }
      return c;
    }
  }
}
