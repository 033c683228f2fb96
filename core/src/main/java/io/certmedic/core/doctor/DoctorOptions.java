package io.certmedic.core.doctor;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.issue.ServiceNames;
import java.time.Duration;
import java.time.Instant;

/**
 * What the doctor judges against: the instant, how early an expiry is worth a warning, and the
 * cluster domain. Shared by the CLI and the controller; defaults are the constants below.
 */
public record DoctorOptions(Instant at, Duration expiryWarning, String clusterDomain) {

  /** Warn this long before a certificate expires: a month leaves time for a change window. */
  public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);

  /** A certificate nothing renews is a warning when it has less than this left, else info. */
  public static final Duration UNMANAGED_WARNING = Duration.ofDays(90);

  public DoctorOptions {
    requireNonNull(at, "at == null");
    requireNonNull(expiryWarning, "expiryWarning == null");
    clusterDomain =
        clusterDomain == null || clusterDomain.isBlank()
            ? ServiceNames.DEFAULT_CLUSTER_DOMAIN
            : clusterDomain;
  }

  public static DoctorOptions at(Instant at) {
    return new DoctorOptions(at, DEFAULT_EXPIRY_WARNING, ServiceNames.DEFAULT_CLUSTER_DOMAIN);
  }
}
