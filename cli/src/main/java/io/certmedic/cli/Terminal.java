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

  static Ansi ansi() {
    return colour() ? Ansi.ON : Ansi.OFF;
  }
}
