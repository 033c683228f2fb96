package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Plain string search first, RE2/J second: a pattern that starts with (or ends with) a fixed phrase
 * runs only on a small window at each place the phrase occurs, so a line costs one {@code indexOf}
 * pass plus a few hundred characters per occurrence instead of a regular-expression scan of the
 * whole match window.
 */
final class Near {

  /** Characters after (or before) a phrase a pattern may read: names and ports are far shorter. */
  static final int WINDOW = 320;

  /**
   * Occurrences of a phrase a pattern is tried at: a real line holds a phrase once or twice, so a
   * line that repeats it hundreds of times costs no more than this many windows.
   */
  static final int MAX_TRIES = 8;

  private Near() {}

  /**
   * A pattern for {@link #after}: {@code regex} anchored with {@code ^}. RE2/J's {@code lookingAt}
   * reads the whole window when the pattern has no {@code ^} even after every thread has died; with
   * it, a window that does not start with a match costs a few characters, not {@link #WINDOW}.
   */
  static Pattern tail(String regex) {
    return Pattern.compile("^(?:" + regex + ")");
  }

  /**
   * As {@link #after(String, String, Pattern)}; no scan when {@code line} cannot hold the phrase.
   */
  static Matcher after(Text line, String phrase, Pattern tail) {
    return line.mayContain(phrase) ? after(line.toString(), phrase, tail) : null;
  }

  /**
   * As {@link #before(String, String, Pattern)}; no scan when {@code line} cannot hold the phrase.
   */
  static Matcher before(Text line, String phrase, Pattern head) {
    return line.mayContain(phrase) ? before(line.toString(), phrase, head) : null;
  }

  /**
   * The first match of {@code tail} starting right after an occurrence of {@code phrase}, read
   * within {@link #WINDOW} characters; null if none.
   */
  static Matcher after(String line, String phrase, Pattern tail) {
    int tries = 0;
    for (int i = line.indexOf(phrase);
        i >= 0 && tries++ < MAX_TRIES;
        i = line.indexOf(phrase, i + 1)) {
      int from = i + phrase.length();
      Matcher m = tail.matcher(line.substring(from, Math.min(line.length(), from + WINDOW)));
      if (m.lookingAt()) {
        return m;
      }
    }
    return null;
  }

  /**
   * The first match of {@code head} (a pattern ending in {@code $}) ending right before an
   * occurrence of {@code phrase}, read within {@link #WINDOW} characters; null if none.
   */
  static Matcher before(String line, String phrase, Pattern head) {
    int tries = 0;
    for (int i = line.indexOf(phrase);
        i >= 0 && tries++ < MAX_TRIES;
        i = line.indexOf(phrase, i + 1)) {
      Matcher m = head.matcher(line.substring(Math.max(0, i - WINDOW), i));
      if (m.find()) {
        return m;
      }
    }
    return null;
  }
}
