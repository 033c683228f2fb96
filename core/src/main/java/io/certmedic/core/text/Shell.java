package io.certmedic.core.text;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Words for the POSIX shell commands certmedic prints for a person to paste: every name taken from
 * the input passes through {@link #quote}, so a name such as {@code x"; touch /tmp/p; echo "} stays
 * one inert argument.
 */
public final class Shell {

  private Shell() {}

  /**
   * {@code word} as one shell word: unchanged when it holds only characters no shell treats
   * specially (letters, digits and {@code -_.,/:=@%+}), otherwise in single quotes, with each
   * single quote written {@code '\''}. The empty word is {@code ''}.
   */
  public static String quote(String word) {
    requireNonNull(word, "word == null");
    if (!word.isEmpty() && word.chars().allMatch(Shell::plain)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * {@code text} for a place between single quotes that certmedic's own command already opened (a
   * JSON patch or a jsonpath): each single quote written {@code '\''}, which closes the quote,
   * writes the quote and reopens it; nothing else is special there, so a name without a single
   * quote is unchanged.
   */
  public static String insideSingleQuotes(String text) {
    requireNonNull(text, "text == null");
    return text.replace("'", "'\\''");
  }

  /** Each word quoted, joined by single spaces. */
  public static String command(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  private static boolean plain(int c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "-_.,/:=@%+".indexOf(c) >= 0;
  }
}
