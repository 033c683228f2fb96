package io.certmedic.cli;

/** certmedic's exit codes, the same for every command. */
public final class ExitCode {
  /** All is well: verified, nothing found at or above the threshold. */
  public static final int OK = 0;

  /** The command worked and found problems (a failed verification, findings). */
  public static final int PROBLEMS = 1;

  /** Usage error or unreadable input; a one-line message on stderr says which. */
  public static final int USAGE = 2;

  /** An unexpected internal error (a bug, or the JVM out of memory): one line, no stack trace. */
  public static final int INTERNAL = 3;

  private ExitCode() {}
}
