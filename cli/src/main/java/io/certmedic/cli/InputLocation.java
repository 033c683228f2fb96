package io.certmedic.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file and line an object was read from, parsed from where the reader says it was: {@code
 * dump.yaml: document 3 (line 40)}, {@code dump.json: items[17] (line 400)} (a pretty-printed JSON
 * List's item), {@code dump.json: items[0]}, {@code dump.json} or {@code dump.yaml: document 2
 * (line 9) (Secret ns/x)}. Objects read from stdin have no file.
 */
record InputLocation(String file, int line) {

  private static final Pattern WHERE =
      Pattern.compile(
          "^(.+?)(?:: (?:document \\d+ \\(line (\\d+)\\)|value \\d+|items\\[\\d+\\]).*| \\(.*\\))?$");

  /** A JSON List item's own start line, e.g. {@code dump.json: items[2] (line 40)}. */
  private static final Pattern ITEM_LINE = Pattern.compile("items\\[\\d+\\] \\(line (\\d+)\\)");

  /** What stdin's {@code where} says, with {@code stdin} as the file: the line in the stream. */
  static Optional<InputLocation> stdin(String where) {
    Optional<InputLocation> any = any(where);
    return any.filter(l -> l.file().equals("stdin"));
  }

  static Optional<InputLocation> parse(String where) {
    return any(where).filter(l -> !l.file().equals("stdin"));
  }

  private static Optional<InputLocation> any(String where) {
    if (where == null || where.isBlank()) {
      return Optional.empty();
    }
    Matcher m = WHERE.matcher(where);
    if (!m.matches()) {
      return Optional.empty();
    }
    String file = m.group(1);
    Matcher item = ITEM_LINE.matcher(where);
    int line = 1;
    if (item.find(file.length())) {
      line = Integer.parseInt(item.group(1));
    } else if (m.group(2) != null) {
      line = Integer.parseInt(m.group(2));
    }
    return Optional.of(new InputLocation(file, line));
  }
}
