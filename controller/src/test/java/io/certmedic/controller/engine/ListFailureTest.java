package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ListFailureTest {

  private static KubernetesClientException api(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void a403IsForbiddenA404NotFoundAndAnythingElseAnError() {
    assertThat(ListFailure.reasonOf(api(403, "no"))).isEqualTo(ListFailure.Reason.FORBIDDEN);
    assertThat(ListFailure.reasonOf(new CompletionException(api(404, "gone"))))
        .isEqualTo(ListFailure.Reason.NOT_FOUND);
    assertThat(ListFailure.reasonOf(api(500, "boom"))).isEqualTo(ListFailure.Reason.ERROR);
    assertThat(ListFailure.reasonOf(new ConnectException("refused")))
        .isEqualTo(ListFailure.Reason.ERROR);
    assertThat(ListFailure.Reason.NOT_FOUND.label()).isEqualTo("not_found");
  }

  @Test
  void theMessageIsTheApiServersReasonOrTheFirstLineOfTheError() {
    assertThat(ListFailure.messageOf(new CompletionException(api(403, "secrets is forbidden"))))
        .isEqualTo("HTTP 403: secrets is forbidden");
    assertThat(
            ListFailure.messageOf(new CompletionException(new ConnectException("refused\nmore"))))
        .isEqualTo("refused");
  }

  @Test
  void theEventMessageStaysTheSameAcrossRetriesWhileTheSentenceSaysWhichAttempt() {
    ListFailure first =
        new ListFailure(
            "Gateway",
            "Gateways",
            ListFailure.Reason.FORBIDDEN,
            "HTTP 403: no",
            1,
            Duration.ofSeconds(1));
    ListFailure third =
        new ListFailure(
            "Gateway",
            "Gateways",
            ListFailure.Reason.FORBIDDEN,
            "HTTP 403: no",
            3,
            Duration.ofSeconds(4));
    assertThat(third.eventMessage())
        .isEqualTo(first.eventMessage())
        .startsWith("cannot list Gateways: HTTP 403: no; the cache of Gateway reads as empty");
    assertThat(third.sentence()).isEqualTo("Gateways (HTTP 403: no; attempt 3, next in 4 seconds)");
  }
}
