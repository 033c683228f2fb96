package io.certmedic.controller.engine;

import io.certmedic.controller.ControllerOptions;
import java.time.Duration;
import java.util.List;

/**
 * Controller options for engine tests: short leases (2 s / 1.5 s / 0.2 s) so failover takes
 * seconds.
 */
final class TestOptions {

  static final String NAMESPACE = "certmedic";
  static final Duration LEASE = Duration.ofSeconds(2);
  static final Duration RENEW = Duration.ofMillis(1500);
  static final Duration RETRY = Duration.ofMillis(200);

  private TestOptions() {}

  static ControllerOptions options(
      String identity, boolean leaderElect, int workers, List<String> watchNamespaces) {
    ControllerOptions d = ControllerOptions.defaults(NAMESPACE, identity);
    return new ControllerOptions(
        d.namespace(),
        d.caSecretName(),
        d.clusterDomain(),
        d.keyType(),
        d.certLifetime(),
        d.renewalFraction(),
        d.caLifetime(),
        d.caRotationFraction(),
        d.propagationDelay(),
        watchNamespaces,
        leaderElect,
        d.leaseName(),
        identity,
        LEASE,
        RENEW,
        RETRY,
        workers,
        d.doctorInterval(),
        d.expiryWarning(),
        0,
        0,
        d.logFormat(),
        "127.0.0.1",
        "127.0.0.1",
        d.clusterWideReads());
  }

  static ControllerOptions single(String identity) {
    return options(identity, false, 2, List.of());
  }
}
