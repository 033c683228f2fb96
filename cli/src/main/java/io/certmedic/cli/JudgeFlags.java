package io.certmedic.cli;

import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.text.Durations;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How findings are judged: when, how early an expiry warns, the cluster domain. Shared by doctor
 * and preflight.
 */
final class JudgeFlags {

  @Mixin AtFlag at = new AtFlag();

  @Option(
      names = "--expiry-warning",
      paramLabel = "DURATION",
      description =
          "Warn about certificates expiring within this long: 30d, 72h, 90m or P30D (default: ${DEFAULT-VALUE}).")
  String expiryWarning = Durations.format(DoctorOptions.DEFAULT_EXPIRY_WARNING);

  @Option(
      names = "--cluster-domain",
      paramLabel = "DOMAIN",
      defaultValue = ServiceNames.DEFAULT_CLUSTER_DOMAIN,
      description =
          "The cluster's DNS domain, for the names a Service is dialled by (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  /** The options, read once (now is taken here, in the CLI layer, never in core). */
  DoctorOptions options() {
    Instant when = at.orElse(Instant.now());
    return new DoctorOptions(
        when, Cli.parseDuration("--expiry-warning", expiryWarning), clusterDomain);
  }
}
