package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
  private static final Pattern TYPO;

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
    List<String> alternatives = new ArrayList<>(REPAIR.keySet());
    // Longest first, so that "certificatesigned" wins over a shorter overlap.
    alternatives.sort((a, b) -> b.length() - a.length());
    TYPO = Pattern.compile("(?i)\\b(" + String.join("|", alternatives) + ")\\b");
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
    String spaced = collapseWhitespace(line);
    Matcher m = TYPO.matcher(spaced);
    if (!m.find()) {
      return spaced;
    }
    StringBuilder out = new StringBuilder(spaced.length() + 16);
    int last = 0;
    do {
      String found = m.group(1);
      String fixed = REPAIR.get(found.toLowerCase(Locale.ROOT));
      if (Character.isUpperCase(found.charAt(0))) {
        fixed = Character.toUpperCase(fixed.charAt(0)) + fixed.substring(1);
      }
      out.append(spaced, last, m.start(1)).append(fixed);
      last = m.end(1);
    } while (m.find());
    return out.append(spaced, last, spaced.length()).toString();
  }

  /** Runs of whitespace (including no-break spaces) as one space; the ends are kept as they are. */
  static String collapseWhitespace(String line) {
    StringBuilder out = null;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      boolean ws = Character.isWhitespace(c) || c == '\u00a0';
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

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00a0';
  }
}
