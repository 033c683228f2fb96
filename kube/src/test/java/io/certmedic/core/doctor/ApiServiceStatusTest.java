package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.APISERVICE_UNAVAILABLE;
import static io.certmedic.core.finding.FindingCode.INSECURE_SKIP_TLS_VERIFY;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.WARNING;

import io.certmedic.kube.snapshot.Fixture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiServiceStatusTest {

  static final String API = "APIService v1beta1.metrics.k8s.io";
  static final String FAILED =
      "failing or missing response from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1: bad status from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1: 503";

  static Fixture metrics(boolean insecure) {
    return Fixture.manifest()
        .service("kube-system", "metrics-server", APP, 443, "https")
        .apiService(
            "v1beta1.metrics.k8s.io",
            "kube-system",
            "metrics-server",
            insecure ? null : ca(),
            insecure);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of an APIService that verifies and reports no status (an install manifest)",
            () -> metrics(false)),
        row(
            "says nothing of a live APIService that is Available",
            () -> metrics(false).available(true, "Passed", "all checks passed").allLive()),
        row(
            "warns INSECURE_SKIP_TLS_VERIFY for metrics-server's insecureSkipTLSVerify",
            () -> metrics(true),
            want(
                INSECURE_SKIP_TLS_VERIFY,
                WARNING,
                API,
                "APIService v1beta1.metrics.k8s.io sets insecureSkipTLSVerify: the aggregator does not authenticate metrics-server.kube-system.svc,"
                    + " so anything answering there is believed")),
        row(
            "is error APISERVICE_UNAVAILABLE when the status says Available=False, with its reason and message",
            () -> metrics(false).available(false, "FailedDiscoveryCheck", FAILED).allLive(),
            want(
                APISERVICE_UNAVAILABLE,
                ERROR,
                API,
                "APIService v1beta1.metrics.k8s.io is not available: FailedDiscoveryCheck ("
                    + FAILED
                    + "); every client's discovery of v1beta1.metrics.k8s.io fails")),
        row(
            "reports both for an insecure APIService that is unavailable",
            () ->
                metrics(true)
                    .available(
                        false,
                        "MissingEndpoints",
                        "endpoints for service/metrics-server in \"kube-system\" have no addresses")
                    .allLive(),
            want(INSECURE_SKIP_TLS_VERIFY, WARNING, API, "sets insecureSkipTLSVerify"),
            want(
                APISERVICE_UNAVAILABLE,
                ERROR,
                API,
                "is not available: MissingEndpoints (endpoints for service/metrics-server")),
        row(
            "leaves an unavailable APIService whose Service is gone to APISERVICE_ORPHANED",
            () ->
                Fixture.manifest()
                    .service("kube-system", "other", APP, 443, null)
                    .apiService(
                        "v1beta1.metrics.k8s.io", "kube-system", "metrics-server", ca(), false)
                    .available(
                        false,
                        "ServiceNotFound",
                        "service/metrics-server in \"kube-system\" is not present")
                    .allLive()),
        row("says nothing of webhooks", () -> healthyWebhook(ca())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new ApiServiceStatus(), c);
  }
}
