package io.certmedic.core.explain;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Undoes what copying and logging do to a message's words, so the matchers can read it: runs of
 * whitespace (a line break, a tab, a wrapped terminal line) become one space, and a key word with
 * one letter missing ({@code certficate}, {@code authorty}) or glued to the next ({@code signedby})
 * is spelled out again. One pass of plain character work and one RE2/J scan, so linear in the
 * line's length; a correctly spelled word is never touched.
 */
final class Wording {

  /**
   * Words whose one-letter-short forms are repaired; short words are left alone (too many clashes).
   */
  private static final String[] KEY_WORDS = {
    "certificate",
    "authority",
    "unknown",
    "expired",
    "verification",
    "verify",
    "hostname",
    "handshake",
    "mismatch",
    "subject",
    "alternative",
    "issuer",
    "signed"
  };

  /** Words that logs glue together; the glued form maps to the spaced one. */
  private static final String[][] GLUED = {
    {"signedby", "signed by"},
    {"unknownauthority", "unknown authority"},
    {"hasexpired", "has expired"},
    {"isvalid", "is valid"},
    {"notvalid", "not valid"},
    {"certificateis", "certificate is"},
    {"certificatehas", "certificate has"},
    {"certificatesigned", "certificate signed"},
    {"verifyfailed", "verify failed"}
  };

  private static final Map<String, String> REPAIR = new HashMap<>();

  /**
   * The low bits of the repair table's keys' hashes ({@link String#hashCode}), for a quick test.
   */
  private static final int HASH_MASK = (1 << 16) - 1;

  private static final BitSet REPAIR_HASHES = new BitSet(HASH_MASK + 1);

  private static final String[] REPAIR_KEYS;

  /** Longest word the repair table holds; longer words are skipped without a lookup. */
  private static final int LONGEST = 20;

  static {
    for (String w : KEY_WORDS) {
      // Every form with one letter left out, except the last (a word cut at its end is often a
      // real other word: "expire", "unknow" ... and "signe" is too short to be sure of).
      for (int i = 0; i < w.length() - 1; i++) {
        String v = w.substring(0, i) + w.substring(i + 1);
        if (!isKeyWord(v)) {
          REPAIR.putIfAbsent(v, w);
        }
      }
    }
    REPAIR.remove("sined"); // a real word in its own right is never "repaired"
    for (String[] g : GLUED) {
      REPAIR.put(g[0], g[1]);
    }
    for (String key : REPAIR.keySet()) {
      REPAIR_HASHES.set(key.hashCode() & HASH_MASK);
    }
    REPAIR_KEYS = REPAIR.keySet().toArray(new String[0]);
  }

  private Wording() {}

  private static boolean isKeyWord(String v) {
    for (String w : KEY_WORDS) {
      if (w.equals(v)) {
        return true;
      }
    }
    return false;
  }

  /** {@code line} with whitespace runs as one space and broken key words repaired. */
  static String normalise(String line) {
    return repairWords(collapseWhitespace(line));
  }

  /**
   * As {@link #normalise(String)}; the words are read only if the line may hold a word the table
   * repairs (tested on {@code text}'s character pairs: collapsing whitespace never joins letters).
   */
  static String normalise(Text text) {
    String spaced = collapseWhitespace(text.toString());
    for (String key : REPAIR_KEYS) {
      if (text.mayContain(key)) {
        return repairWords(spaced);
      }
    }
    return spaced;
  }

  private static String repairWords(String spaced) {
    StringBuilder out = null;
    int n = spaced.length();
    int i = 0;
    while (i < n) {
      if (!isLetter(spaced.charAt(i))) {
        if (out != null) {
          out.append(spaced.charAt(i));
        }
        i++;
        continue;
      }
      int end = i;
      while (end < n && isLetter(spaced.charAt(end))) {
        end++;
      }
      String fixed = null;
      boolean wholeWord = (end == n || !Character.isDigit(spaced.charAt(end)));
      if (wholeWord && end - i >= 5 && end - i <= LONGEST && mayRepair(spaced, i, end)) {
        fixed = REPAIR.get(spaced.substring(i, end).toLowerCase(Locale.ROOT));
      }
      if (fixed != null) {
        if (out == null) {
          out = new StringBuilder(n + 16).append(spaced, 0, i);
        }
        if (Character.isUpperCase(spaced.charAt(i))) {
          fixed = Character.toUpperCase(fixed.charAt(0)) + fixed.substring(1);
        }
        out.append(fixed);
      } else if (out != null) {
        out.append(spaced, i, end);
      }
      i = end;
    }
    return out == null ? spaced : out.toString();
  }

  /**
   * Whether the word {@code s[from, to)} may be in the repair table: its lower-case hash is one a
   * key has. Most words are ruled out without a substring or a map lookup.
   */
  private static boolean mayRepair(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + (s.charAt(i) | 0x20);
    }
    return REPAIR_HASHES.get(h & HASH_MASK);
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Runs of whitespace (including no-break spaces) as one space; the ends are kept as they are. */
  static String collapseWhitespace(String line) {
    if (!hasWhitespaceToCollapse(line)) {
      return line;
    }
    StringBuilder out = null;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      boolean ws = isSpace(c);
      if (ws && (c != ' ' || (i + 1 < n && isSpace(line.charAt(i + 1))))) {
        if (out == null) {
          out = new StringBuilder(n).append(line, 0, i);
        }
        out.append(' ');
        while (i + 1 < n && isSpace(line.charAt(i + 1))) {
          i++;
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? line : out.toString();
  }

  /** Whether a whitespace run or a whitespace other than a lone space is in {@code line}. */
  private static boolean hasWhitespaceToCollapse(String line) {
    if (line.contains("  ")) {
      return true;
    }
    for (int i = 0, n = line.length(); i < n; i++) {
      char c = line.charAt(i);
      if ((c < ' ' || c >= 0x7f) && isSpace(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(char c) {
    if (c > ' ' && c < 0x7f) {
      return false; // printable ASCII: the common case, without the Unicode table
    }
    return Character.isWhitespace(c) || c == '\u00a0';
  }
}
