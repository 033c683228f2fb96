package io.certmedic.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --fail-on}: the severity gate of the exit code. Shared by doctor and preflight. */
final class FailOnFlag {

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description =
          "Exit 1 when a finding at or above this severity exists: critical, error, warning or never (default: ${DEFAULT-VALUE}).")
  String failOn = DoctorResult.FailOn.DEFAULT.label();

  /** The level given; an unknown one is one line naming the flag and the levels. */
  DoctorResult.FailOn level() {
    try {
      return DoctorResult.FailOn.valueOf(failOn.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException(
          "--fail-on: unknown level '" + failOn + "', expected critical, error, warning or never");
    }
  }
}
