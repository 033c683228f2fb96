package io.certmedic.controller.deploy;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.ControllerOptions.LogFormat;
import io.certmedic.core.issue.KeyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Deployment's {@code certmedic controller} args back into {@link ControllerOptions}, as
 * the CLI will: kebab-case flags, {@code --flag=value}, durations written {@code 90d}, {@code 10m},
 * {@code 15s}. Anything the controller does not take is an error here.
 */
final class ControllerArgs {

  /** Every flag of {@code certmedic controller}, without the leading dashes. */
  static final List<String> FLAGS =
      List.of(
          "namespace",
          "identity",
          "ca-secret",
          "cluster-domain",
          "key-type",
          "cert-lifetime",
          "renewal-fraction",
          "ca-lifetime",
          "ca-rotation-fraction",
          "propagation-delay",
          "watch-namespace",
          "leader-elect",
          "lease-name",
          "lease-duration",
          "renew-deadline",
          "retry-period",
          "workers",
          "doctor-interval",
          "expiry-warning",
          "metrics-port",
          "health-port",
          "log-format",
          "metrics-bind-address",
          "health-bind-address",
          "cluster-wide-reads");

  /** The negatable flags: {@code --leader-elect} and {@code --no-leader-elect}, no value. */
  static final List<String> BOOLEAN_FLAGS = List.of("leader-elect", "cluster-wide-reads");

  /** The flags that may be given more than once. */
  static final List<String> REPEATABLE_FLAGS = List.of("watch-namespace");

  private ControllerArgs() {}

  /**
   * One parsed flag: its name, and its value (null for a boolean flag, whose value is {@code on}).
   */
  record Flag(String name, String value, boolean on) {}

  /**
   * The flags of {@code args}, which must start with the subcommand {@code controller}.
   *
   * @throws IllegalArgumentException for an unknown flag, a flag without its value, a value on a
   *     boolean flag, or a repeated flag that is not repeatable
   */
  static List<Flag> flags(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("controller")) {
      throw new IllegalArgumentException(
          "args must start with the subcommand 'controller': " + args);
    }
    List<Flag> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String a : args.subList(1, args.size())) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("not a --flag: " + a);
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      boolean on = true;
      if (value == null && name.startsWith("no-") && BOOLEAN_FLAGS.contains(name.substring(3))) {
        name = name.substring(3);
        on = false;
      }
      if (!FLAGS.contains(name)) {
        throw new IllegalArgumentException(
            "certmedic controller has no flag --" + name + " (" + a + ")");
      }
      if (BOOLEAN_FLAGS.contains(name) != (value == null)) {
        throw new IllegalArgumentException(
            BOOLEAN_FLAGS.contains(name)
                ? "--" + name + " takes no value: " + a
                : "--" + name + " needs a value (--" + name + "=...): " + a);
      }
      if (seen.merge(name, 1, Integer::sum) > 1 && !REPEATABLE_FLAGS.contains(name)) {
        throw new IllegalArgumentException("--" + name + " given twice");
      }
      out.add(new Flag(name, value, on));
    }
    return out;
  }

  /** The value of the one {@code --name}, if given. */
  static Optional<String> value(List<Flag> flags, String name) {
    return flags.stream().filter(f -> f.name().equals(name)).map(Flag::value).findFirst();
  }

  /**
   * The options the controller would run with: the flags over ControllerOptions' defaults, and
   * {@code namespace} / {@code identity} standing for POD_NAMESPACE / POD_NAME when the flags do
   * not give them.
   */
  static ControllerOptions options(List<String> args, String namespace, String identity) {
    List<Flag> flags = flags(args);
    ControllerOptions d = ControllerOptions.defaults(namespace, identity);
    List<String> watch =
        flags.stream().filter(f -> f.name().equals("watch-namespace")).map(Flag::value).toList();
    boolean leaderElect =
        flags.stream()
            .filter(f -> f.name().equals("leader-elect"))
            .map(Flag::on)
            .findFirst()
            .orElse(d.leaderElect());
    boolean clusterWideReads =
        flags.stream()
            .filter(f -> f.name().equals("cluster-wide-reads"))
            .map(Flag::on)
            .findFirst()
            .orElse(d.clusterWideReads());
    return new ControllerOptions(
        value(flags, "namespace").orElse(d.namespace()),
        value(flags, "ca-secret").orElse(d.caSecretName()),
        value(flags, "cluster-domain").orElse(d.clusterDomain()),
        value(flags, "key-type").map(ControllerArgs::keyType).orElse(d.keyType()),
        value(flags, "cert-lifetime").map(ControllerArgs::duration).orElse(d.certLifetime()),
        value(flags, "renewal-fraction").map(Double::parseDouble).orElse(d.renewalFraction()),
        value(flags, "ca-lifetime").map(ControllerArgs::duration).orElse(d.caLifetime()),
        value(flags, "ca-rotation-fraction")
            .map(Double::parseDouble)
            .orElse(d.caRotationFraction()),
        value(flags, "propagation-delay")
            .map(ControllerArgs::duration)
            .orElse(d.propagationDelay()),
        watch.isEmpty() ? d.watchNamespaces() : watch,
        leaderElect,
        value(flags, "lease-name").orElse(d.leaseName()),
        value(flags, "identity").orElse(d.identity()),
        value(flags, "lease-duration").map(ControllerArgs::duration).orElse(d.leaseDuration()),
        value(flags, "renew-deadline").map(ControllerArgs::duration).orElse(d.renewDeadline()),
        value(flags, "retry-period").map(ControllerArgs::duration).orElse(d.retryPeriod()),
        value(flags, "workers").map(Integer::parseInt).orElse(d.workers()),
        value(flags, "doctor-interval").map(ControllerArgs::duration).orElse(d.doctorInterval()),
        value(flags, "expiry-warning").map(ControllerArgs::duration).orElse(d.expiryWarning()),
        value(flags, "metrics-port").map(Integer::parseInt).orElse(d.metricsPort()),
        value(flags, "health-port").map(Integer::parseInt).orElse(d.healthPort()),
        value(flags, "log-format")
            .map(v -> LogFormat.valueOf(v.toUpperCase(Locale.ROOT)))
            .orElse(d.logFormat()),
        value(flags, "metrics-bind-address").orElse(d.metricsBindAddress()),
        value(flags, "health-bind-address").orElse(d.healthBindAddress()),
        clusterWideReads);
  }

  /** {@code 90d}, {@code 10m}, {@code 15s}, {@code 1d12h}: the duration syntax of the CLI. */
  static Duration duration(String v) {
    Duration d = io.certmedic.core.text.Durations.parse(v);
    if (d == null) {
      throw new IllegalArgumentException("not a duration like 90d, 10m or 15s: '" + v + "'");
    }
    return d;
  }

  static KeyType keyType(String cliName) {
    for (KeyType k : KeyType.values()) {
      if (k.cliName().equals(cliName)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no key type '" + cliName + "'");
  }
}
