package io.certmedic.kube.manifest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Presents a multi-document YAML stream one document at a time, split on {@code ---} lines as
 * kubectl and Helm split them, so a broken document is skipped without losing the ones after it,
 * and a huge document is parsed as a stream rather than buffered.
 */
final class YamlDocumentReader extends Reader {

  private final BufferedReader in;
  private String line = "";
  private int pos;
  private boolean atSeparator;
  private boolean eof;
  private int lineNumber;
  private int documentStartLine = 1;

  YamlDocumentReader(Reader in) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
  }

  /** Moves past the separator that ended the current document; false at end of input. */
  boolean nextDocument() throws IOException {
    while (!atSeparator && !eof) {
      skip(Long.MAX_VALUE); // drain what the parser did not read
    }
    if (eof) {
      return false;
    }
    atSeparator = false;
    documentStartLine = lineNumber + 1;
    return true;
  }

  /** The 1-based line where the current document starts. */
  int documentStartLine() {
    return documentStartLine;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (pos >= line.length()) {
        if (atSeparator || eof || !advance()) {
          break;
        }
        continue;
      }
      int k = Math.min(len - n, line.length() - pos);
      line.getChars(pos, pos + k, buf, off + n);
      pos += k;
      n += k;
    }
    return n == 0 ? -1 : n;
  }

  /** Loads the next line; returns false when it is a separator or the input ended. */
  private boolean advance() throws IOException {
    String next = in.readLine();
    if (next == null) {
      eof = true;
      return false;
    }
    lineNumber++;
    if (isSeparator(next)) {
      atSeparator = true;
      line = "";
      pos = 0;
      return false;
    }
    line = next + "\n";
    pos = 0;
    return true;
  }

  static boolean isSeparator(String l) {
    if (!l.startsWith("---")) {
      return false;
    }
    String rest = l.substring(3);
    return rest.isBlank()
        || rest.startsWith(" #")
        || rest.startsWith("\t#")
        || rest.trim().startsWith("#");
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
