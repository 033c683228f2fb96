package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CHAIN_INCOMPLETE;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.finding.FindingCode.TLS_SECRET_MISSING;
import static io.certmedic.core.finding.Severity.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayListenerTlsTest {

  static final String GW = "Gateway infra/edge";
  static final TestPki.Cert ROOT = IngressTlsTest.ROOT;
  static final TestPki.Cert R11 = IngressTlsTest.R11;

  static Fixture secrets() {
    return Fixture.manifest()
        .secret("infra", "unrelated", "Opaque", Map.of("k", "v"))
        .live()
        .secret("certs", "unrelated", "Opaque", Map.of("k", "v"))
        .live();
  }

  /** A ResolvedRefs=False listener status, as the Gateway's controller writes it. */
  static Map<String, Object> unresolved(String reason, String message) {
    return Map.of(
        "listeners",
        List.of(
            Map.of(
                "name",
                "https",
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "ResolvedRefs",
                        "status",
                        "False",
                        "reason",
                        reason,
                        "message",
                        message)))));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of a v1 listener serving a wildcard certificate with its full chain",
            () ->
                secrets()
                    .tlsSecret("infra", "edge-tls", IngressTlsTest.wildcard().build(), ROOT, R11)
                    .gateway("v1", "infra", "edge", "https", "*.example.com", null, "edge-tls")
                    .live()),
        row(
            "says nothing of a cross-namespace ref that a ReferenceGrant permits (v1beta1)",
            () ->
                secrets()
                    .tlsSecret("certs", "edge-tls", IngressTlsTest.wildcard().build(), ROOT, R11)
                    .referenceGrant("certs", "gateways-may-read", "infra", "edge-tls")
                    .gateway(
                        "v1beta1",
                        "infra",
                        "edge",
                        "https",
                        "shop.example.com",
                        "certs",
                        "edge-tls")
                    .live()),
        row(
            "is TLS_SECRET_MISSING for a cross-namespace ref that no ReferenceGrant permits",
            () ->
                secrets()
                    .tlsSecret("certs", "edge-tls", IngressTlsTest.wildcard().build(), ROOT, R11)
                    .referenceGrant("certs", "other-grant", "infra", "other-tls")
                    .gateway(
                        "v1", "infra", "edge", "https", "shop.example.com", "certs", "edge-tls")
                    .live(),
            want(
                TLS_SECRET_MISSING,
                ERROR,
                GW,
                "Gateway infra/edge listener https refers to Secret certs/edge-tls in another"
                    + " namespace, and no ReferenceGrant in certs lets Gateways of infra use it")),
        row(
            "is TLS_SECRET_MISSING for a listener whose Secret does not exist, quoting the Gateway's ResolvedRefs as evidence",
            () ->
                secrets()
                    .gateway("v1", "infra", "edge", "https", "shop.example.com", null, "edge-tls")
                    .status(unresolved("InvalidCertificateRef", "secret infra/edge-tls not found"))
                    .live(),
            want(
                TLS_SECRET_MISSING,
                ERROR,
                GW,
                "Gateway infra/edge listener https names Secret infra/edge-tls, which does not"
                    + " exist: the listener has no certificate to serve for shop.example.com")),
        row(
            "surfaces the Gateway's own ResolvedRefs=False with its message when the input cannot say why",
            () ->
                Fixture.manifest()
                    .gateway("v1", "infra", "edge", "https", "shop.example.com", null, "edge-tls")
                    .status(
                        unresolved(
                            "InvalidCertificateRef",
                            "certificate in secret infra/edge-tls is not a valid PEM"))
                    .live(),
            want(
                TLS_SECRET_MISSING,
                ERROR,
                GW,
                "Gateway infra/edge listener https reports ResolvedRefs=False"
                    + " (InvalidCertificateRef): \"certificate in secret infra/edge-tls is not a"
                    + " valid PEM\"")),
        row(
            "is SAN_MISMATCH on the Gateway when the listener hostname is not in the SANs",
            () ->
                secrets()
                    .tlsSecret("infra", "edge-tls", IngressTlsTest.wildcard().build(), ROOT, R11)
                    .gateway("v1", "infra", "edge", "https", "shop.example.org", null, "edge-tls")
                    .live(),
            want(
                SAN_MISMATCH,
                ERROR,
                GW,
                "Gateway infra/edge listener https serves shop.example.org with Secret"
                    + " infra/edge-tls tls.crt, which does not carry that name: clients say \"x509:"
                    + " certificate is valid for *.example.com, example.com, not shop.example.org\"")),
        row(
            "is CERT_EXPIRED and CHAIN_INCOMPLETE on the Gateway for an expired leaf served alone",
            () ->
                secrets()
                    .tlsSecret(
                        "infra",
                        "edge-tls",
                        IngressTlsTest.wildcard().expiredDaysAgo(1).build(),
                        null)
                    .gateway("v1", "infra", "edge", "https", "shop.example.com", null, "edge-tls")
                    .live(),
            want(CERT_EXPIRED, ERROR, GW, "listener https serves Secret infra/edge-tls tls.crt"),
            want(CHAIN_INCOMPLETE, ERROR, GW, "its issuer CN=R11 is an intermediate")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new GatewayListenerTls(), c);
  }

  @Test
  void aHealthyGatewayRaisesNothingAtWarningOrAboveFromTheWholeDoctor() {
    // Given a v1 Gateway whose cross-namespace wildcard certificate is granted and complete
    var s =
        secrets()
            .tlsSecret("certs", "edge-tls", IngressTlsTest.wildcard().build(), ROOT, R11)
            .referenceGrant("certs", "gateways-may-read", "infra", "edge-tls")
            .live()
            .gateway("v1", "infra", "edge", "https", "*.example.com", "certs", "edge-tls")
            .live()
            .snapshot();
    // When the whole doctor runs
    List<Finding> got = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    // Then nothing at warning or above
    assertThat(got).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
  }
}
