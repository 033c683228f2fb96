package io.certmedic.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Secret holds every key a server and its callers need, none empty: else a server cannot start,
 * or a caller cannot verify. A Secret that does not exist is {@link SecretPresent}'s to report.
 */
public final class SecretFields {

  private SecretFields() {}

  /** {@code data} is the Secret's data (null when absent); {@code required} in the words' order. */
  public static Verdict issued(Map<String, byte[]> data, List<String> required) {
    if (data == null) {
      return Verdict.pass(Rule.SECRET_FIELDS);
    }
    List<String> missing = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String key : required) {
      byte[] value = data.get(key);
      if (value == null) {
        missing.add(key);
      } else if (value.length == 0) {
        empty.add(key);
      }
    }
    if (missing.isEmpty() && empty.isEmpty()) {
      return Verdict.pass(Rule.SECRET_FIELDS);
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("is missing " + and(missing));
    }
    if (!empty.isEmpty()) {
      parts.add("has an empty " + and(empty));
    }
    return Verdict.fail(Rule.SECRET_FIELDS, "the Secret " + String.join(" and ", parts));
  }

  /** "a", "a and b", "a, b and c". */
  static String and(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
