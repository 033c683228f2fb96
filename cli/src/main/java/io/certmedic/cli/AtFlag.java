package io.certmedic.cli;

import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * {@code --at}: the instant to judge as of, instead of now. Shared by every command that judges.
 */
final class AtFlag {

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Judge as of this RFC 3339 instant instead of now, e.g. 2026-12-24T00:00:00Z.")
  String at;

  /**
   * The instant given, or {@code now} when none was; a bad value is one line naming the flag. Now
   * is passed in by the CLI layer, never read in core.
   */
  Instant orElse(Instant now) {
    return at == null ? now : Cli.parseInstant("--at", at);
  }
}
