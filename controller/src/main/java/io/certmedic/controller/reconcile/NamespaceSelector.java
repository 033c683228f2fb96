package io.certmedic.controller.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A label selector in kubectl's equality form, {@code env=prod,team!=legacy,tier,!frozen}: every
 * term must hold. Empty selects everything.
 */
record NamespaceSelector(List<Term> terms) {

  private static final Pattern KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  enum Op {
    EQUALS,
    NOT_EQUALS,
    EXISTS,
    NOT_EXISTS
  }

  record Term(String key, Op op, String value) {
    boolean matches(Map<String, String> labels) {
      String v = labels == null ? null : labels.get(key);
      return switch (op) {
        case EQUALS -> value.equals(v);
        case NOT_EQUALS -> !value.equals(v);
        case EXISTS -> v != null;
        case NOT_EXISTS -> v == null;
      };
    }
  }

  /**
   * @throws IllegalArgumentException naming the term that does not parse
   */
  static NamespaceSelector parse(String s) {
    List<Term> terms = new ArrayList<>();
    if (s == null || s.isBlank()) {
      return new NamespaceSelector(terms);
    }
    for (String raw : s.split(",", -1)) {
      String t = raw.trim();
      Term term;
      if (t.contains("!=")) {
        term = term(t, "!=", Op.NOT_EQUALS);
      } else if (t.contains("==")) {
        term = term(t, "==", Op.EQUALS);
      } else if (t.contains("=")) {
        term = term(t, "=", Op.EQUALS);
      } else if (t.startsWith("!")) {
        term = new Term(key(t.substring(1).trim(), t), Op.NOT_EXISTS, "");
      } else {
        term = new Term(key(t, t), Op.EXISTS, "");
      }
      terms.add(term);
    }
    return new NamespaceSelector(List.copyOf(terms));
  }

  private static Term term(String t, String sep, Op op) {
    int i = t.indexOf(sep);
    String k = key(t.substring(0, i).trim(), t);
    String v = t.substring(i + sep.length()).trim();
    if (!VALUE.matcher(v).matches() || v.length() > 63) {
      throw new IllegalArgumentException("\"" + t + "\": \"" + v + "\" is not a label value");
    }
    return new Term(k, op, v);
  }

  private static String key(String k, String term) {
    if (k.isEmpty() || !KEY.matcher(k).matches()) {
      throw new IllegalArgumentException(
          "\"" + term + "\" is not a selector term (key=value, key!=value, key or !key)");
    }
    return k;
  }

  boolean matches(Map<String, String> labels) {
    for (Term t : terms) {
      if (!t.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
