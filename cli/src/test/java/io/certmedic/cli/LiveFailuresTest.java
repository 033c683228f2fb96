package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.kube.live.ApiKind;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live doctor when the API server refuses a kind, the credentials, or stops answering:
 * expectations.
 */
@EnableKubernetesMockClient
class LiveFailuresTest {

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  static final String LIMIT = "?limit=" + LiveReader.PAGE_SIZE;

  private void serve(String kind, String items) {
    ApiKind k =
        LiveReader.KINDS.stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
    server
        .expect()
        .get()
        .withPath(k.path(null) + LIMIT)
        .andReturn(200, "{\"metadata\":{},\"items\":[" + items + "]}")
        .always();
  }

  /** A webhook calling a Service that is gone: an error the doctor can find without Secrets. */
  private void clusterWithForbiddenSecrets() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"message\":\"secrets is forbidden\",\"reason\":\"Forbidden\",\"code\":403}")
        .always();
    for (ApiKind k : LiveReader.KINDS) {
      if (k.kind().equals("ValidatingWebhookConfiguration")) {
        serve(
            k.kind(),
            """
            {"metadata":{"name":"gate","uid":"1"},"webhooks":[{"name":"gate.example.com","failurePolicy":"Fail",
             "clientConfig":{"service":{"name":"gate","namespace":"gk","port":443},"caBundle":""}}]}""");
      } else if (k.kind().equals("Service")) {
        serve(
            k.kind(),
            "{\"metadata\":{\"name\":\"other\",\"namespace\":\"gk\",\"uid\":\"2\"},\"spec\":{\"ports\":[{\"port\":443}]}}");
      } else if (!k.kind().equals("Secret")) {
        serve(k.kind(), "");
      }
    }
  }

  @Test
  void forbiddenSecretsAreAnInfoFindingAndTheRestIsAnalysed() throws Exception {
    // Given a caller that may not list Secrets, and a webhook whose Service is gone
    clusterWithForbiddenSecrets();
    String kc =
        LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl()).toString();

    // When the live doctor runs
    CliRun r = CliRun.of("doctor", "--kubeconfig", kc, "-o", "json");

    // Then the gap is reported at info, and the Service finding still fails the run
    assertThat(IncidentsTest.lines(r.out()))
        .contains(
            "info INPUT_FORBIDDEN Secret *",
            "critical SERVICE_NOT_FOUND ValidatingWebhookConfiguration gate");
    assertThat(r.out())
        .contains(
            "could not list Secrets in all namespaces (403 forbidden): certificate and key checks on Secrets were skipped; grant list on secrets or run with -n");
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(CliRun.of("doctor", "--kubeconfig", kc, "--fail-on", "never").exit())
        .as("exit code follows --fail-on")
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void aForbiddenKindAloneDoesNotFailTheRunEvenAtWarning() throws Exception {
    // Given a cluster where only the Secrets cannot be listed
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .always();
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.kind().equals("Secret")) {
        serve(k.kind(), "");
      }
    }
    String kc =
        LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl()).toString();
    // When the doctor runs with --fail-on warning, Then the info finding is shown and the run
    // passes
    CliRun r = CliRun.of("doctor", "--kubeconfig", kc, "--fail-on", "warning", "-o", "json");
    assertThat(IncidentsTest.lines(r.out())).containsExactly("info INPUT_FORBIDDEN Secret *");
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
  }

  @Test
  void anApiServerThatStopsAnsweringEndsTheRunWithOneLineWithinTheTimeout() throws Exception {
    // Given Secrets whose second page never arrives in time
    for (ApiKind k : LiveReader.KINDS) {
      if (!k.kind().equals("Secret")) {
        serve(k.kind(), "");
      }
    }
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(200, "{\"metadata\":{\"continue\":\"next\"},\"items\":[]}")
        .once();
    server
        .expect()
        .get()
        .delay(30, TimeUnit.SECONDS)
        .withPath("/api/v1/secrets" + LIMIT + "&continue=next")
        .andReturn(200, "{\"metadata\":{},\"items\":[]}")
        .once();
    String kc =
        LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl()).toString();

    // When the doctor runs with a 1s request timeout
    long start = System.nanoTime();
    CliRun r = CliRun.of("doctor", "--kubeconfig", kc, "--request-timeout", "1s");

    // Then exit 2, one line, soon after the timeout
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .hasLineCount(1)
        .contains(
            "cannot list Secrets from the API server at ",
            ": timed out after 1s; check 'kubectl cluster-info'");
  }

  @Test
  void badCredentialsNameTheContext() throws Exception {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets" + LIMIT)
        .andReturn(401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"code\":401}")
        .always();
    String kc =
        LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl()).toString();
    CliRun r = CliRun.of("doctor", "--kubeconfig", kc);
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .hasLineCount(1)
        .startsWith(
            "certmedic: unauthorized: check the credentials of context mock (the API server at ");
  }
}
