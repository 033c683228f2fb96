package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRING_SOON;
import static io.certmedic.core.finding.FindingCode.CERT_KEY_MISMATCH;
import static io.certmedic.core.finding.FindingCode.CHAIN_INCOMPLETE;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.finding.FindingCode.TLS_SECRET_MISSING;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.INFO;
import static io.certmedic.core.finding.Severity.WARNING;
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

class IngressTlsTest {

  static final String NS = "web";
  static final String ING = "Ingress web/shop";
  static final TestPki.Cert ROOT = CheckTable.ca();
  static final TestPki.Cert R11 =
      TestPki.ca("R11")
          .signedBy(ROOT)
          .validity(TestPki.NOW.minus(Duration.ofDays(365)), TestPki.NOW.plus(Duration.ofDays(900)))
          .build();
  static final String AIA = "http://r11.i.lencr.org/";

  /** A public-CA-style wildcard leaf signed by the intermediate R11, with its AIA entry. */
  static TestPki.Builder wildcard() {
    return TestPki.leaf("*.example.com", "example.com").signedBy(R11).caIssuers(AIA);
  }

  /** An unrelated Secret: the input holds the namespace's Secrets, so absence means something. */
  static Fixture withNamespaceSecrets() {
    return Fixture.manifest().secret(NS, "unrelated", "Opaque", Map.of("user", "app")).live();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of a wildcard certificate served with its full chain for the hosts it covers",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(NS, "shop-tls", wildcard().build(), ROOT, R11)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com", "example.com")
                    .live()),
        row(
            "says at info only that cert-manager will make the Secret its ingress annotations ask for",
            () ->
                withNamespaceSecrets()
                    .ingress(NS, "shop", "shop-tls", "shop.example.com")
                    .annotate("cert-manager.io/cluster-issuer", "letsencrypt")
                    .live(),
            want(
                TLS_SECRET_MISSING,
                INFO,
                ING,
                "Ingress web/shop (spec.tls[0]) names Secret web/shop-tls, which does not exist:"
                    + " cert-manager's ingress annotations say it will make it")),
        row(
            "is error when a live Ingress names a Secret that does not exist",
            () -> withNamespaceSecrets().ingress(NS, "shop", "shop-tls", "shop.example.com").live(),
            want(
                TLS_SECRET_MISSING,
                ERROR,
                ING,
                "Ingress web/shop (spec.tls[0]) names Secret web/shop-tls, which does not exist: the"
                    + " ingress controller serves its default (often self-signed) certificate for"
                    + " shop.example.com, which clients refuse")),
        row(
            "says nothing of a missing Secret when the input holds no Secrets of the namespace",
            () -> Fixture.manifest().ingress(NS, "shop", "shop-tls", "shop.example.com").live()),
        row(
            "is SAN_MISMATCH on the Ingress, in Go's words, for a host two labels under the wildcard",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(NS, "shop-tls", wildcard().build(), ROOT, R11)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com", "api.eu.example.com")
                    .live(),
            want(
                SAN_MISMATCH,
                ERROR,
                ING,
                "Ingress web/shop (spec.tls[0]) serves api.eu.example.com with Secret web/shop-tls"
                    + " tls.crt, which does not carry that name: clients say \"x509: certificate is"
                    + " valid for *.example.com, example.com, not api.eu.example.com\"")),
        row(
            "is CERT_EXPIRED on the Ingress naming its Secret",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(NS, "shop-tls", wildcard().expiredDaysAgo(2).build(), ROOT, R11)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com")
                    .live(),
            want(
                CERT_EXPIRED,
                ERROR,
                ING,
                "Ingress web/shop (spec.tls[0]) serves Secret web/shop-tls tls.crt"
                    + " (CN=*.example.com) expired 2 days ago")),
        row(
            "warns that the certificate an Ingress serves expires within the window",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(
                        NS,
                        "shop-tls",
                        wildcard()
                            .validity(
                                TestPki.NOW.minus(Duration.ofDays(80)),
                                TestPki.NOW.plus(Duration.ofDays(10)))
                            .build(),
                        ROOT,
                        R11)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com")
                    .live(),
            want(CERT_EXPIRING_SOON, WARNING, ING, "expires in 10 days")),
        row(
            "is CERT_KEY_MISMATCH on the Ingress when tls.key belongs to another certificate",
            () -> {
              TestPki.Cert leaf = wildcard().build();
              TestPki.Cert other = wildcard().build();
              Map<String, String> data = new LinkedHashMap<>();
              data.put("tls.crt", PemWriter.certificates(List.of(leaf.cert(), R11.cert())));
              data.put("tls.key", PemWriter.privateKey(other.key()));
              return withNamespaceSecrets()
                  .secret(NS, "shop-tls", "kubernetes.io/tls", data)
                  .ingress(NS, "shop", "shop-tls", "shop.example.com")
                  .live();
            },
            want(
                CERT_KEY_MISMATCH,
                ERROR,
                ING,
                "tls.key in Secret web/shop-tls does not belong to tls.crt")),
        row(
            "is CHAIN_INCOMPLETE when a public CA's leaf is served without its intermediate",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(NS, "shop-tls", wildcard().build(), null)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com")
                    .live(),
            want(
                CHAIN_INCOMPLETE,
                ERROR,
                ING,
                "its issuer CN=R11 is an intermediate",
                "x509: certificate signed by unknown authority")),
        row(
            "says nothing of a leaf signed directly by the private root in ca.crt",
            () ->
                withNamespaceSecrets()
                    .tlsSecret(
                        NS,
                        "shop-tls",
                        TestPki.leaf("shop.example.com").signedBy(ROOT).build(),
                        ROOT)
                    .ingress(NS, "shop", "shop-tls", "shop.example.com")
                    .live()),
        row(
            "is error on ingress-nginx's running workload when its --default-ssl-certificate Secret does not exist",
            () -> nginxWithDefaultCert().live(),
            want(
                TLS_SECRET_MISSING,
                ERROR,
                "Deployment ingress-nginx/ingress-nginx-controller",
                "names Secret ingress-nginx/default-tls, which does not exist")),
        row(
            "only warns of a missing --default-ssl-certificate Secret in an install manifest, which may be made apart",
            IngressTlsTest::nginxWithDefaultCert,
            want(
                TLS_SECRET_MISSING,
                WARNING,
                "Deployment ingress-nginx/ingress-nginx-controller",
                "names Secret ingress-nginx/default-tls, which does not exist")));
  }

  /** ingress-nginx's controller naming its default certificate, beside its admission Secret. */
  static Fixture nginxWithDefaultCert() {
    return Fixture.manifest()
        .secret("ingress-nginx", "admission", "Opaque", Map.of("k", "v"))
        .workload(
            "Deployment",
            "ingress-nginx",
            "ingress-nginx-controller",
            Fixture.pod(Map.of("app", "ingress-nginx"))
                .args(
                    "/nginx-ingress-controller",
                    "--default-ssl-certificate=$(POD_NAMESPACE)/default-tls"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new IngressTls(), c);
  }

  @Test
  void anExpiredSecretAnIngressServesIsReportedOnceOnTheIngressNotAgainOnTheSecret() {
    // Given an Ingress serving an expired certificate from its Secret
    var s =
        withNamespaceSecrets()
            .tlsSecret(NS, "shop-tls", wildcard().expiredDaysAgo(2).build(), ROOT, R11)
            .ingress(NS, "shop", "shop-tls", "shop.example.com")
            .live()
            .snapshot();
    // When the whole doctor runs
    List<Finding> got = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    // Then the expiry is one finding, on the Ingress, with the Secret as evidence and fix
    assertThat(got)
        .filteredOn(f -> f.code() == CERT_EXPIRED)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().describe()).isEqualTo(ING);
              assertThat(f.evidence())
                  .contains("Ingress web/shop (spec.tls[0]) -> Secret web/shop-tls (tls.crt)");
              assertThat(f.fix())
                  .contains("kubectl get secret -n web shop-tls -o 'jsonpath={.data.tls\\.crt}'");
            });
  }

  @Test
  void aHealthyWildcardIngressAndACertManagerIngressRaiseNothingAtWarningOrAbove() {
    // Given a wildcard Ingress with its full chain, and one whose Secret cert-manager will make
    var s =
        withNamespaceSecrets()
            .tlsSecret(NS, "shop-tls", wildcard().build(), ROOT, R11)
            .ingress(NS, "shop", "shop-tls", "shop.example.com", "example.com")
            .live()
            .ingress(NS, "blog", "blog-tls", "blog.example.com")
            .annotate("cert-manager.io/cluster-issuer", "letsencrypt")
            .live()
            .snapshot();
    // When the whole doctor runs
    List<Finding> got = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    // Then only the info on the Secret cert-manager will make remains
    assertThat(got).noneMatch(f -> f.severity().atLeast(Severity.WARNING));
    assertThat(got).extracting(Finding::code).containsExactly(TLS_SECRET_MISSING);
  }
}
