package io.certmedic.core.explain;

/**
 * A line as the matchers read it: the text and the set of character pairs it holds (letters folded
 * to lower case, so the set also serves case-insensitive tests). A phrase with a pair the line
 * lacks cannot occur in it, so {@link #contains(String)} rules most phrases out by a few bit tests
 * instead of a scan of the whole line; a hostile 4 Ki line that repeats a few words holds few
 * pairs, so the dozens of phrases the matchers try cost almost nothing. Built once per line in one
 * pass.
 */
final class Text {

  /** Pairs are hashed to this many slots (the low 6 bits of each character, bit 5 set). */
  private static final int PAIR_BITS = 64 * 64;

  private final String s;

  /** One byte per pair: plain stores while building, no read-modify-write chain on one word. */
  private final byte[] pairs = new byte[PAIR_BITS];

  Text(String s) {
    this.s = s;
    int n = s.length();
    int prev = n == 0 ? 0 : ((s.charAt(0) | 0x20) & 63) << 6;
    for (int i = 1; i < n; i++) {
      int cur = (s.charAt(i) | 0x20) & 63;
      pairs[prev | cur] = 1;
      prev = cur << 6;
    }
  }

  private static int pair(char a, char b) {
    return (((a | 0x20) & 63) << 6) | ((b | 0x20) & 63);
  }

  /** Whether the line may hold {@code phrase}, in any case: false only if it surely does not. */
  boolean mayContain(String phrase) {
    for (int i = 1; i < phrase.length(); i++) {
      if (pairs[pair(phrase.charAt(i - 1), phrase.charAt(i))] == 0) {
        return false;
      }
    }
    return true;
  }

  /** As {@link String#contains}, without a scan when a pair of {@code phrase} is missing. */
  boolean contains(String phrase) {
    return mayContain(phrase) && s.contains(phrase);
  }

  /** As {@link String#indexOf(String)}, without a scan when a pair of {@code phrase} is missing. */
  int indexOf(String phrase) {
    return mayContain(phrase) ? s.indexOf(phrase) : -1;
  }

  boolean startsWith(String prefix) {
    return s.startsWith(prefix);
  }

  boolean startsWith(String prefix, int offset) {
    return s.startsWith(prefix, offset);
  }

  int length() {
    return s.length();
  }

  @Override
  public String toString() {
    return s;
  }
}
