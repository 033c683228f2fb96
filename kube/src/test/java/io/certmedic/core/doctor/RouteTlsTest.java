package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CERT_KEY_MISMATCH;
import static io.certmedic.core.finding.FindingCode.CHAIN_INCOMPLETE;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.finding.Severity.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTlsTest {

  static final String ROUTE = "Route shop/web";
  static final TestPki.Cert ROOT = IngressTlsTest.ROOT;
  static final TestPki.Cert R11 = IngressTlsTest.R11;
  static final String HOST = "web-shop.apps.example.com";

  /** A Route as the Fixture writes it, with {@code tls} fields replaced. */
  static Fixture route(Map<String, Object> tls) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("termination", "edge");
    t.putAll(tls);
    return Fixture.manifest()
        .raw(
            Map.of(
                "apiVersion",
                "route.openshift.io/v1",
                "kind",
                "Route",
                "metadata",
                Map.of("name", "web", "namespace", "shop"),
                "spec",
                Map.of("host", HOST, "to", Map.of("kind", "Service", "name", "web"), "tls", t)));
  }

  static TestPki.Cert appsLeaf() {
    return TestPki.leaf("*.apps.example.com").signedBy(R11).caIssuers(IngressTlsTest.AIA).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of an edge Route whose wildcard certificate is served with its intermediate",
            () -> {
              TestPki.Cert leaf = appsLeaf();
              return route(
                  Map.of(
                      "certificate", Fixture.pem(leaf),
                      "key", PemWriter.privateKey(leaf.key()),
                      "caCertificate", Fixture.pem(R11)));
            }),
        row(
            "says nothing of an edge Route without a certificate (the router's default serves it)",
            () -> route(Map.of())),
        row(
            "is CHAIN_INCOMPLETE when the Route serves the leaf without caCertificate",
            () -> {
              TestPki.Cert leaf = appsLeaf();
              return route(
                  Map.of(
                      "certificate", Fixture.pem(leaf), "key", PemWriter.privateKey(leaf.key())));
            },
            want(CHAIN_INCOMPLETE, ERROR, ROUTE, "Route shop/web spec.tls.certificate serves")),
        row(
            "is SAN_MISMATCH on the Route when its host is not in the SANs",
            () -> {
              TestPki.Cert leaf = TestPki.leaf("web.apps.example.org").signedBy(ROOT).build();
              return route(
                  Map.of(
                      "certificate", Fixture.pem(leaf), "key", PemWriter.privateKey(leaf.key())));
            },
            want(
                SAN_MISMATCH,
                ERROR,
                ROUTE,
                "Route shop/web serves web-shop.apps.example.com with Route shop/web"
                    + " spec.tls.certificate, which does not carry that name: clients say \"x509:"
                    + " certificate is valid for web.apps.example.org, not"
                    + " web-shop.apps.example.com\"")),
        row(
            "is CERT_KEY_MISMATCH when the Route's key belongs to another certificate",
            () -> {
              TestPki.Cert leaf = appsLeaf();
              return route(
                  Map.of(
                      "certificate", Fixture.pem(leaf),
                      "key", PemWriter.privateKey(appsLeaf().key()),
                      "caCertificate", Fixture.pem(R11)));
            },
            want(
                CERT_KEY_MISMATCH,
                ERROR,
                ROUTE,
                "the key of Route shop/web spec.tls does not belong to its certificate")),
        row(
            "is CERT_EXPIRED for an expired certificate and for an expired destinationCACertificate of a reencrypt Route",
            () -> {
              TestPki.Cert leaf = TestPki.leaf(HOST).signedBy(ROOT).expiredDaysAgo(5).build();
              TestPki.Cert oldCa =
                  TestPki.ca("service-ca")
                      .validity(
                          TestPki.NOW.minus(Duration.ofDays(800)),
                          TestPki.NOW.minus(Duration.ofDays(1)))
                      .build();
              return route(
                  Map.of(
                      "termination", "reencrypt",
                      "certificate", Fixture.pem(leaf),
                      "key", PemWriter.privateKey(leaf.key()),
                      "destinationCACertificate", Fixture.pem(oldCa)));
            },
            want(
                CERT_EXPIRED,
                ERROR,
                ROUTE,
                "Route shop/web serves Route shop/web spec.tls.certificate"),
            want(
                CERT_EXPIRED,
                ERROR,
                ROUTE,
                "spec.tls.destinationCACertificate (CN=service-ca) expired 24 hours ago",
                "the router can no longer verify the Service's certificate")),
        row(
            "says nothing of a passthrough Route",
            () -> {
              TestPki.Cert leaf = TestPki.leaf("other").expiredDaysAgo(5).build();
              return route(Map.of("termination", "passthrough", "certificate", Fixture.pem(leaf)));
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new RouteTls(), c);
  }

  @Test
  void aHealthyRouteRaisesNothingAtWarningOrAboveAndItsKeyNeverReachesAFinding() {
    // Given the Fixture's edge Route: leaf signed by the root it names in caCertificate
    TestPki.Cert leaf = TestPki.leaf(HOST).signedBy(ROOT).build();
    var s = Fixture.manifest().route("shop", "web", HOST, leaf, ROOT).live().snapshot();
    // When the whole doctor runs
    List<Finding> got = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    // Then nothing at warning or above
    assertThat(got).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
  }
}
