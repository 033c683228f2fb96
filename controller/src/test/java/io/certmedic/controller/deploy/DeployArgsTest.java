package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.controller.ControllerOptions;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.issue.ServingCertRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The Deployment's args are flags {@code certmedic controller} takes, and their values are
 * ControllerOptions' defaults: deploying changes nothing the code decided.
 */
class DeployArgsTest {

  /** Each flag the Deployment writes out, with the constant its value must equal. */
  private static final Map<String, Object> DEFAULTS = defaults();

  /** How each flag's text is read back to compare with its constant. */
  private static final Map<String, Function<String, Object>> READ =
      Map.ofEntries(
          Map.entry("ca-secret", s -> s),
          Map.entry("cluster-domain", s -> s),
          Map.entry("key-type", ControllerArgs::keyType),
          Map.entry("cert-lifetime", ControllerArgs::duration),
          Map.entry("renewal-fraction", Double::parseDouble),
          Map.entry("ca-lifetime", ControllerArgs::duration),
          Map.entry("ca-rotation-fraction", Double::parseDouble),
          Map.entry("propagation-delay", ControllerArgs::duration),
          Map.entry("lease-name", s -> s),
          Map.entry("lease-duration", ControllerArgs::duration),
          Map.entry("renew-deadline", ControllerArgs::duration),
          Map.entry("retry-period", ControllerArgs::duration),
          Map.entry("workers", Integer::parseInt),
          Map.entry("doctor-interval", ControllerArgs::duration),
          Map.entry("expiry-warning", ControllerArgs::duration),
          Map.entry("metrics-port", Integer::parseInt),
          Map.entry("health-port", Integer::parseInt),
          Map.entry("metrics-bind-address", s -> s),
          Map.entry("health-bind-address", s -> s),
          Map.entry(
              "log-format",
              s -> ControllerOptions.LogFormat.valueOf(s.toUpperCase(java.util.Locale.ROOT))));

  private static Map<String, Object> defaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ca-secret", ControllerOptions.DEFAULT_CA_SECRET);
    m.put("cluster-domain", ServiceNames.DEFAULT_CLUSTER_DOMAIN);
    m.put("key-type", KeyType.DEFAULT);
    m.put("cert-lifetime", ServingCertRequest.DEFAULT_LIFETIME);
    m.put("renewal-fraction", ControllerOptions.DEFAULT_RENEWAL_FRACTION);
    m.put("ca-lifetime", Issuer.CA_LIFETIME);
    m.put("ca-rotation-fraction", ControllerOptions.DEFAULT_CA_ROTATION_FRACTION);
    m.put("propagation-delay", ControllerOptions.DEFAULT_PROPAGATION_DELAY);
    m.put("lease-name", ControllerOptions.DEFAULT_LEASE_NAME);
    m.put("lease-duration", ControllerOptions.DEFAULT_LEASE_DURATION);
    m.put("renew-deadline", ControllerOptions.DEFAULT_RENEW_DEADLINE);
    m.put("retry-period", ControllerOptions.DEFAULT_RETRY_PERIOD);
    m.put("workers", ControllerOptions.DEFAULT_WORKERS);
    m.put("doctor-interval", ControllerOptions.DEFAULT_DOCTOR_INTERVAL);
    m.put("expiry-warning", DoctorOptions.DEFAULT_EXPIRY_WARNING);
    m.put("metrics-port", ControllerOptions.DEFAULT_METRICS_PORT);
    m.put("health-port", ControllerOptions.DEFAULT_HEALTH_PORT);
    m.put("metrics-bind-address", ControllerOptions.DEFAULT_BIND_ADDRESS);
    m.put("health-bind-address", ControllerOptions.DEFAULT_BIND_ADDRESS);
    m.put("log-format", ControllerOptions.LogFormat.TEXT);
    return m;
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> sources() {
    return Deploy.sources();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void everyArgIsAFlagOfTheControllerCommand(String source, List<JsonNode> objects) {
    List<String> args = Deploy.args(objects);
    assertThat(args.get(0)).isEqualTo("controller");
    List<ControllerArgs.Flag> flags = ControllerArgs.flags(args); // throws on an unknown flag
    assertThat(flags)
        .extracting(ControllerArgs.Flag::name)
        .allMatch(ControllerArgs.FLAGS::contains);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void everyDefaultedValueIsItsControllerOptionsConstant(String source, List<JsonNode> objects) {
    List<ControllerArgs.Flag> flags = ControllerArgs.flags(Deploy.args(objects));
    for (ControllerArgs.Flag f : flags) {
      if (f.value() != null) {
        assertThat(DEFAULTS).as("--" + f.name() + " has a default constant").containsKey(f.name());
        assertThat(READ.get(f.name()).apply(f.value()))
            .as("--" + f.name() + "=" + f.value())
            .isEqualTo(DEFAULTS.get(f.name()));
      }
    }
    // every defaulted flag is written out, so the manifest shows what the controller runs with
    Set<String> given = flags.stream().map(ControllerArgs.Flag::name).collect(Collectors.toSet());
    assertThat(given).containsAll(DEFAULTS.keySet()).contains("leader-elect");
    assertThat(given).doesNotContain("namespace", "identity", "watch-namespace");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theArgsRunTheControllerWithItsDefaults(String source, List<JsonNode> objects) {
    ControllerOptions parsed =
        ControllerArgs.options(Deploy.args(objects), "from-pod-namespace", "from-pod-name");
    assertThat(parsed).isEqualTo(ControllerOptions.defaults("from-pod-namespace", "from-pod-name"));
    assertThat(parsed.leaderElect()).isTrue();
    assertThat(parsed.leaseDuration()).isEqualTo(ControllerOptions.DEFAULT_LEASE_DURATION);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void namespaceAndIdentityComeFromTheDownwardApi(String source, List<JsonNode> objects) {
    JsonNode env = Deploy.container(objects).path("env");
    assertThat(fieldRef(env, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(fieldRef(env, "POD_NAME")).isEqualTo("metadata.name");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void portsAreTheDefaultPortsNamedMetricsAndHealth(String source, List<JsonNode> objects) {
    Map<String, Integer> ports =
        Deploy.container(objects).path("ports").values().stream()
            .collect(
                Collectors.toMap(
                    p -> p.path("name").asString(), p -> p.path("containerPort").asInt()));
    assertThat(ports)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "metrics", ControllerOptions.DEFAULT_METRICS_PORT,
                "health", ControllerOptions.DEFAULT_HEALTH_PORT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void imageIsTheReleasedOne(String source, List<JsonNode> objects) {
    assertThat(Deploy.container(objects).path("image").asString())
        .isEqualTo("ghcr.io/certmedic/certmedic:0.1.0");
  }

  static String fieldRef(JsonNode env, String name) {
    for (JsonNode e : env.values()) {
      if (e.path("name").asString().equals(name)) {
        return e.path("valueFrom").path("fieldRef").path("fieldPath").asString(null);
      }
    }
    throw new AssertionError("no env " + name);
  }

  // ---- the reader itself

  @Test
  void readerRejectsWhatTheControllerDoesNotTake() {
    assertThatThrownBy(
            () -> ControllerArgs.flags(List.of("controller", "--leader-elect-timeout=5s")))
        .hasMessageContaining("no flag --leader-elect-timeout");
    assertThatThrownBy(() -> ControllerArgs.flags(List.of("controller", "--workers")))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ControllerArgs.flags(List.of("controller", "--leader-elect=true")))
        .hasMessageContaining("takes no value");
    assertThatThrownBy(
            () -> ControllerArgs.flags(List.of("controller", "--workers=2", "--workers=3")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> ControllerArgs.flags(List.of("doctor")))
        .hasMessageContaining("controller");
    assertThat(
            ControllerArgs.flags(
                List.of(
                    "controller",
                    "--watch-namespace=a",
                    "--watch-namespace=b",
                    "--no-leader-elect")))
        .containsExactly(
            new ControllerArgs.Flag("watch-namespace", "a", true),
            new ControllerArgs.Flag("watch-namespace", "b", true),
            new ControllerArgs.Flag("leader-elect", null, false));
  }

  @Test
  void durationsReadAsTheCliWritesThem() {
    assertThat(ControllerArgs.duration("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(ControllerArgs.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ControllerArgs.duration("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(ControllerArgs.duration("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThatThrownBy(() -> ControllerArgs.duration("15"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ControllerArgs.duration("15 s"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
