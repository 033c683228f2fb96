package io.certmedic.cli;

import picocli.CommandLine.Help.Ansi;

/** What the process is attached to: colour and progress only on a terminal, never with NO_COLOR. */
final class Terminal {

  private Terminal() {}

  static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return System.console() != null
        && (noColor == null || noColor.isEmpty())
        && !"dumb".equals(System.getenv("TERM"));
  }

  /** Columns assumed when a terminal does not say. */
  static final int DEFAULT_COLUMNS = 80;

  /**
   * The columns to fit the table to: {@link TableRenderer#NO_WRAP} when not on a terminal (nothing
   * wraps, as kubectl); else {@code COLUMNS} when set, else what the tty says ({@code stty size}),
   * else {@link #DEFAULT_COLUMNS}.
   */
  static int width() {
    if (System.console() == null) {
      return TableRenderer.NO_WRAP;
    }
    return columns(System.getenv("COLUMNS")).orElseGet(() -> tty().orElse(DEFAULT_COLUMNS));
  }

  /** A positive number of columns from {@code COLUMNS}; empty when unset or not a number. */
  static java.util.Optional<Integer> columns(String value) {
    if (value == null || !value.trim().matches("[0-9]{1,4}")) {
      return java.util.Optional.empty();
    }
    int n = Integer.parseInt(value.trim());
    return n > 0 ? java.util.Optional.of(n) : java.util.Optional.empty();
  }

  /** The terminal's columns as {@code stty size < /dev/tty} reports them ("rows columns"). */
  private static java.util.Optional<Integer> tty() {
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
              .trim();
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        return java.util.Optional.empty();
      }
      String[] parts = out.split("\\s+");
      return parts.length == 2 ? columns(parts[1]) : java.util.Optional.empty();
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  static Ansi ansi() {
    return colour() ? Ansi.ON : Ansi.OFF;
  }
}
