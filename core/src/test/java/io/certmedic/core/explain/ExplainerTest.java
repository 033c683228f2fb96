package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExplainerTest {

  private static final String APISERVER =
      "W0225 04:24:18.123456      17 dispatcher.go:217] Failed calling webhook, failing closed webhook.example.com: "
          + "failed calling webhook \"webhook.example.com\": failed to call webhook: Post \"https://svc.ns.svc:443/validate?timeout=10s\": tls: failed to verify certificate: ";

  /** Go-style lines, as the API server writes them, for every family. */
  static Stream<Arguments> goLinesForEveryFamily() {
    return Stream.of(
        Arguments.of(
            "x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" while trying to verify candidate authority certificate \"kubernetes\")",
            Family.UNKNOWN_AUTHORITY),
        Arguments.of(
            "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z",
            Family.EXPIRED),
        Arguments.of(
            "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is before 2024-02-26T00:00:00Z",
            Family.NOT_YET_VALID),
        Arguments.of(
            "x509: certificate is valid for other.ns.svc, not svc.ns.svc",
            Family.HOSTNAME_MISMATCH),
        Arguments.of(
            "x509: certificate relies on legacy Common Name field, use SANs instead",
            Family.LEGACY_CN),
        Arguments.of("x509: certificate specifies an incompatible key usage", Family.KEY_USAGE),
        Arguments.of(
            "x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate \"ca\")",
            Family.WEAK_SIGNATURE),
        Arguments.of("x509: too many intermediates for path length constraint", Family.UNKNOWN));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("goLinesForEveryFamily")
  void apiServerLinesOfEveryFamilyKeepTheirWebhookAndService(String tail, Family family) {
    ErrorFacts f = Explainer.classify(APISERVER + tail).orElseThrow();
    assertThat(f.family()).isEqualTo(family);
    assertThat(f.webhook()).isEqualTo("webhook.example.com");
    assertThat(f.service()).isEqualTo(new ServiceRef("ns", "svc"));
    assertThat(f.port()).isEqualTo(443);
    assertThat(f.path()).isEqualTo("/validate");
    assertThat(f.timestamp()).isEqualTo("0225 04:24:18.123456");
    assertThat(Explainer.explain(APISERVER + tail).orElseThrow().commands())
        .anyMatch(c -> c.contains("webhook.example.com"));
  }

  @Test
  void remoteBadCertificateIsRejectedByThePeerWithItsAddressWithoutPort() {
    ErrorFacts f =
        Explainer.classify(
                "2020/11/25 12:17:16 http: TLS handshake error from 10.221.136.81:51822: remote error: tls: bad certificate")
            .orElseThrow();
    assertThat(f.family()).isEqualTo(Family.REMOTE_REJECTED);
    assertThat(f.peer()).isEqualTo("10.221.136.81");
    assertThat(f.target()).isEqualTo("peer 10.221.136.81");
  }

  @Test
  void escapedJsonQuotesAndNewlinesAreUndone() {
    ErrorFacts f =
        Explainer.classify(
                "{\"level\":\"error\",\"ts\":\"2024-01-02T03:04:05.678Z\",\"msg\":\"failed calling webhook \\\"a.b\\\": Post \\\"https://x.y.svc:8443/m\\\": "
                    + "x509: certificate is valid for x.z.svc, not x.y.svc\\nretrying\"}")
            .orElseThrow();
    assertThat(f.webhook()).isEqualTo("a.b");
    assertThat(f.wanted()).isEqualTo("x.y.svc");
    assertThat(f.port()).isEqualTo(8443);
    assertThat(f.timestamp()).isEqualTo("2024-01-02T03:04:05.678Z");
  }

  @Test
  void klogTimesBecomeRfc3339WhenAYearIsGiven() {
    assertThat(
            Explainer.classify(APISERVER + "x509: certificate signed by unknown authority", 2024)
                .orElseThrow()
                .timestamp())
        .isEqualTo("2024-02-25T04:24:18.123456Z");
  }

  @Test
  void strayTyposAndTruncationsStillPlaceTheLine() {
    assertThat(
            Explainer.classify("\"509: certificate signed by unknown authority\"")
                .orElseThrow()
                .family())
        .isEqualTo(Family.UNKNOWN_AUTHORITY);
    assertThat(
            Explainer.classify("x509: certificate signed by unkown authority")
                .orElseThrow()
                .family())
        .isEqualTo(Family.UNKNOWN_AUTHORITY);
    assertThat(
            Explainer.classify(
                    "tls: failed to verify certificate: x509: certificate signed by unknown authorit")
                .orElseThrow()
                .family())
        .isEqualTo(Family.UNKNOWN_AUTHORITY);
  }

  @Test
  void linesThatAreNotTlsFailuresAreIgnored() {
    assertThat(
            Explainer.classify(
                "I0101 00:00:00.000000 1 tls.go:1] serving securely on [::]:443 with certificate /tmp/tls.crt"))
        .isEmpty();
    assertThat(Explainer.classify("  tls: true")).isEmpty();
    assertThat(Explainer.classify("")).isEmpty();
    assertThat(Explainer.classify(null)).isEmpty();
  }

  @Test
  void hostnameMismatchInAnotherNamespaceRanksNamespaceFirst() {
    Explanation e =
        Explainer.explain("x509: certificate is valid for hook.old-ns.svc, not hook.new-ns.svc")
            .orElseThrow();
    assertThat(e.rootCauses().get(0)).startsWith("The certificate was made for another namespace");
    assertThat(e.rootCauses()).noneMatch(r -> r.startsWith("The Service was renamed"));
  }

  @Test
  void unknownAuthorityNamesTheCandidateAuthorityInTheCause() {
    Explanation e =
        Explainer.explain(
                APISERVER
                    + "x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" while trying to verify candidate authority certificate \"my-ca\")")
            .orElseThrow();
    assertThat(e.cause()).contains("\"my-ca\"").contains("crypto/rsa: verification error");
    assertThat(e.codes().get(0)).isEqualTo(FindingCode.CABUNDLE_UNTRUSTED);
  }

  @Test
  void imagePullFailuresPointAtTheNodesRuntimeTrustNotTheApiServer() {
    Explanation e =
        Explainer.explain(
                "E0301 10:00:00.000000 1234 kuberuntime_manager.go:1] Failed to pull image \"registry.corp.example/app:1\": "
                    + "rpc error: code = Unknown desc = failed to do request: Head \"https://registry.corp.example/v2/app/manifests/1\": x509: certificate signed by unknown authority")
            .orElseThrow();
    assertThat(e.facts().caller()).isEqualTo("image-pull");
    assertThat(e.facts().host()).isEqualTo("registry.corp.example");
    assertThat(e.rootCauses().get(0)).contains("certs.d");
    assertThat(e.rootCauses()).noneMatch(r -> r.contains("kubelet's kubeconfig"));
  }

  @Test
  void staleAggregatedApiIsNamedAndItsLeftoverStoryRanked() {
    Explanation e =
        Explainer.explain(
                "E0225 04:24:18.123456      17 available_controller.go:460] v1beta1.external-secrets.io failed with: "
                    + "failing or missing response from https://10.128.2.15:443/apis/external-secrets.io/v1beta1: Get \"https://10.128.2.15:443/apis/external-secrets.io/v1beta1\": "
                    + "x509: certificate signed by unknown authority")
            .orElseThrow();
    assertThat(e.facts().apiService()).isEqualTo("v1beta1.external-secrets.io");
    assertThat(e.facts().target()).isEqualTo("apiservice v1beta1.external-secrets.io");
    assertThat(e.codes()).contains(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.APISERVICE_ORPHANED);
    assertThat(e.commands())
        .anyMatch(c -> c.startsWith("kubectl get apiservice v1beta1.external-secrets.io"));
    assertThat(e.fix()).contains("kubectl delete apiservice v1beta1.external-secrets.io");
  }

  @Test
  void everyFamilyHasAStableJsonValue() {
    for (Family f : Family.values()) {
      assertThat(Family.fromJson(f.json())).isEqualTo(f);
      assertThat(f.json()).matches("[a-z_]+");
    }
  }

  @Test
  void humanDurationsReadAsAPersonWouldSayThem() {
    assertThat(Advisor.ago("2024-02-14T06:08:48Z", "2024-02-25T04:24:18Z", true))
        .isEqualTo("10 days");
    assertThat(Advisor.ago("2024-02-25T03:00:00Z", "2024-02-25T04:24:18Z", true))
        .isEqualTo("1 hour");
    assertThat(Advisor.ago("2024-02-25T05:00:00Z", "2024-02-25T04:24:18Z", false))
        .isEqualTo("35 minutes");
    assertThat(Advisor.ago("not a time", "2024-02-25T04:24:18Z", true)).isNull();
  }

  @Test
  void everyMatcherReadsSixtyFourKibibytesOfHostileTextInLinearTime() {
    // Given lines that repeat what a matcher's phrase captures up to the 64 KiB line cap (one of
    // them cost a backtracking engine 13 s of CPU)
    long start = System.nanoTime();
    for (String line : HostileLines.all(ExplainOptions.DEFAULT_MAX_LINE_BYTES)) {
      // When every matcher and the field extraction read the whole line, not only the match window
      for (LineMatcher m : LineMatcher.ALL) {
        ErrorFacts.Builder b = ErrorFacts.builder(Family.UNKNOWN);
        m.match(new Text(line), b);
        Fields.extract(line, b);
      }
      assertThat(Explainer.classify(line)).isPresent();
    }
    // Then all of them together take well under the time one quadratic line took
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(5));
  }

  @Test
  void aLineLongerThanTheMatchWindowIsExplainedFromItsStart() {
    String line =
        APISERVER
            + "x509: certificate signed by unknown authority "
            + "x".repeat(Explainer.MAX_MATCH_CHARS * 2)
            + " x509: certificate is valid for a.ns.svc, not b.ns.svc";
    ErrorFacts f = Explainer.classify(line).orElseThrow();
    assertThat(f.family()).isEqualTo(Family.UNKNOWN_AUTHORITY);
    assertThat(f.webhook()).isEqualTo("webhook.example.com");
  }

  @Test
  void nodeAltnameListsAreSplitFromTheHostAndEndAtAQuote() {
    ErrorFacts f =
        Explainer.classify(
                "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: b.ns.svc. is not in the cert's altnames: DNS:a.ns.svc, DNS:a.ns\" rest")
            .orElseThrow();
    assertThat(f.wanted()).isEqualTo("b.ns.svc");
    assertThat(f.validFor()).containsExactly("a.ns.svc", "a.ns");
    ErrorFacts ip =
        Explainer.classify(
                "Error [ERR_TLS_CERT_ALTNAME_INVALID]: IP: 10.0.0.1 is not in the cert's list: 10.0.0.2")
            .orElseThrow();
    assertThat(ip.wanted()).isEqualTo("10.0.0.1");
    assertThat(ip.validFor()).containsExactly("10.0.0.2");
  }
}
