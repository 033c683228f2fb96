package io.certmedic.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownOperatorsTest {

  private static WorkloadRecord workload(List<String> args, List<WorkloadRecord.Env> env) {
    return new WorkloadRecord(
        new Meta(ObjectRef.of("Deployment", "ns", "op"), Map.of(), Map.of(), List.of(), true, ""),
        Map.of(),
        List.of(new WorkloadRecord.Container("c", false, args, env, List.of(), List.of())),
        List.of());
  }

  @Test
  void sparkOperatorTwoFillsTheConfigurationsItsArgumentsName() {
    WorkloadRecord w =
        workload(List.of("webhook", "start", "--mutating-webhook-name=spark-hook"), List.of());
    assertThat(
            KnownOperators.forConfiguration(
                List.of(w), "spark-hook", KnownOperators.Role.FILLS_AT_START))
        .extracting(KnownOperators.Match::describe)
        .containsExactly(
            "Spark Operator 2.x (Deployment ns/op: --mutating-webhook-name=spark-hook)");
    assertThat(
            KnownOperators.forConfiguration(
                List.of(w), "other-hook", KnownOperators.Role.FILLS_AT_START))
        .isEmpty();
  }

  @Test
  void vaultInjectorIsRecognisedByTheVariableNamingItsConfiguration() {
    WorkloadRecord w =
        workload(
            List.of("agent-inject"),
            List.of(
                new WorkloadRecord.Env("AGENT_INJECT_TLS_AUTO", "vault-agent-injector-cfg", null)));
    assertThat(
            KnownOperators.forConfiguration(
                List.of(w), "vault-agent-injector-cfg", KnownOperators.Role.FILLS_AT_START))
        .extracting(m -> m.row().operator())
        .containsExactly("Vault agent injector");
  }

  @Test
  void kyvernoIsRecognisedByItsFixedNamesOnlyWhenItsMarkerRuns() {
    WorkloadRecord kyverno = workload(List.of("--autoUpdateWebhooks=true"), List.of());
    WorkloadRecord other = workload(List.of("--something"), List.of());
    String name = "kyverno-resource-mutating-webhook-cfg";
    assertThat(
            KnownOperators.forConfiguration(
                List.of(kyverno), name, KnownOperators.Role.FILLS_AT_START))
        .hasSize(1);
    assertThat(
            KnownOperators.forConfiguration(
                List.of(other), name, KnownOperators.Role.FILLS_AT_START))
        .isEmpty();
  }

  @Test
  void sparkOperatorOneRegistersItsConfigurationAtRunTime() {
    WorkloadRecord w = workload(List.of("-webhook-config-name=spark-webhook-config"), List.of());
    assertThat(
            KnownOperators.forConfiguration(
                List.of(w), "spark-webhook-config", KnownOperators.Role.REGISTERS_AT_RUN_TIME))
        .hasSize(1);
    assertThat(
            KnownOperators.forConfiguration(
                List.of(w), "spark-webhook-config", KnownOperators.Role.FILLS_AT_START))
        .isEmpty();
  }

  @Test
  void sparkOperatorTwoKeepsASecretAsIsOnlyWhenItHoldsAllFourKeys() {
    WorkloadRecord w =
        workload(
            List.of("--webhook-secret-name=certs", "--validating-webhook-name=hook"), List.of());
    assertThat(
            KnownOperators.keepsSecretAsIs(
                w, "certs", Set.copyOf(KnownOperators.SPARK_SECRET_KEYS)))
        .isPresent();
    assertThat(KnownOperators.keepsSecretAsIs(w, "certs", Set.of("ca-cert.pem", "server-cert.pem")))
        .isEmpty();
    assertThat(
            KnownOperators.keepsSecretAsIs(
                w, "other", Set.copyOf(KnownOperators.SPARK_SECRET_KEYS)))
        .isEmpty();
  }
}
