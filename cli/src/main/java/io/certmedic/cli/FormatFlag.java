package io.certmedic.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output} for the commands that print findings (doctor, preflight): one of {@link
 * Renderers.Format}. Commands printing other things (inspect, probe, explain, snapshot, fix, issue)
 * keep their own {@code -o}: their formats differ.
 */
final class FormatFlag {

  /** Findings print as a table unless asked otherwise. */
  static final Renderers.Format DEFAULT = Renderers.Format.TABLE;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: " + Renderers.Format.NAMES + " (default: ${DEFAULT-VALUE}).")
  String output = DEFAULT.name().toLowerCase(Locale.ROOT);

  /** The format given; an unknown one is one line naming the flag and the formats. */
  Renderers.Format format() {
    return Renderers.Format.parse(output);
  }
}
