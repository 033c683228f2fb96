package io.certmedic.cli;

import java.util.Locale;

/**
 * The {@code -o} values every command that prints a report shares: {@code table} for people ({@code
 * text}, its older name, still works), {@code json} and {@code yaml} (the same document) for
 * programs. The doctor and preflight add their own formats on top ({@link Renderers.Format}).
 */
enum OutputFormat {
  TABLE,
  JSON,
  YAML;

  /** The names {@link #parse} accepts, as help and errors list them. */
  static final String NAMES = "table, json, yaml";

  /** The older name of {@link #TABLE}. */
  static final String TEXT = "text";

  /** The value given; an unknown one is one line naming the flag and the formats. */
  static OutputFormat parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals(TEXT)) {
      return TABLE;
    }
    for (OutputFormat f : values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(v)) {
        return f;
      }
    }
    throw new UserException("--output: unknown format '" + value + "', expected one of " + NAMES);
  }
}
