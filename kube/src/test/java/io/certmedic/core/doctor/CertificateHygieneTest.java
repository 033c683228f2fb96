package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SECRET;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.allNames;
import static io.certmedic.core.doctor.CheckTable.at;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.goodLeaf;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.server;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.doctor.CheckTable.webhookServedBy;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRING_SOON;
import static io.certmedic.core.finding.FindingCode.CERT_KEY_MISMATCH;
import static io.certmedic.core.finding.FindingCode.CERT_NOT_YET_VALID;
import static io.certmedic.core.finding.FindingCode.CERT_UNPARSABLE;
import static io.certmedic.core.finding.FindingCode.CERT_WEAK;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.WARNING;
import static io.certmedic.core.testing.TestPki.NOW;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateHygieneTest {

  static TestPki.Cert expired(String cn, int daysAgo) {
    return TestPki.leaf(cn).expiredDaysAgo(daysAgo).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of healthy certificates in Secrets, ConfigMaps and kubeconfigs",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .tlsSecret(NS, "spare-tls", goodLeaf(ca), ca)
                  .configMap(NS, "corp-ca", Map.of("ca.crt", Fixture.pem(ca)))
                  .kubeconfig("prod", "https://prod.example.com:6443", ca);
            }),
        row(
            "is error for an expired certificate in a kubernetes.io/tls Secret no caller is linked to",
            () -> Fixture.manifest().tlsSecret(NS, "old-tls", expired("old.example.com", 3), null),
            want(
                CERT_EXPIRED,
                ERROR,
                "Secret team/old-tls",
                "Secret team/old-tls data[tls.crt] (CN=old.example.com) expired 3 days ago (2026-05-29T12:00:00Z)")),
        row(
            "is warning for an expired certificate in an Opaque Secret",
            () ->
                Fixture.manifest()
                    .secret(
                        NS,
                        "bag",
                        "Opaque",
                        Map.of("cert.pem", Fixture.pem(expired("old.example.com", 3)))),
            want(
                CERT_EXPIRED,
                WARNING,
                "Secret team/bag",
                "Secret team/bag data[cert.pem] (CN=old.example.com) expired 3 days ago")),
        row(
            "is warning for an expired CA in a ConfigMap",
            () ->
                Fixture.manifest()
                    .configMap(
                        NS,
                        "corp-ca",
                        Map.of(
                            "ca.crt",
                            Fixture.pem(
                                TestPki.ca("corp-root")
                                    .validity(
                                        NOW.minus(Duration.ofDays(400)),
                                        NOW.minus(Duration.ofDays(5)))
                                    .build()))),
            want(
                CERT_EXPIRED,
                WARNING,
                "ConfigMap team/corp-ca",
                "ConfigMap team/corp-ca data[ca.crt] (CN=corp-root) expired 5 days ago")),
        row(
            "numbers the certificates of a bundle and reports only the expired one",
            () ->
                Fixture.manifest()
                    .configMap(
                        NS,
                        "corp-ca",
                        Map.of(
                            "ca.crt",
                            Fixture.pem(
                                ca(),
                                TestPki.ca("corp-root-2019")
                                    .validity(
                                        NOW.minus(Duration.ofDays(400)),
                                        NOW.minus(Duration.ofDays(5)))
                                    .build()))),
            want(
                CERT_EXPIRED,
                WARNING,
                "ConfigMap team/corp-ca",
                "ConfigMap team/corp-ca data[ca.crt] certificate 2 (CN=corp-root-2019) expired 5 days ago")),
        row(
            "is error for an expired CA in a kubeconfig",
            () ->
                Fixture.manifest()
                    .kubeconfig(
                        "prod",
                        "https://prod.example.com:6443",
                        TestPki.ca("prod-ca")
                            .validity(
                                NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(5)))
                            .build()),
            want(
                CERT_EXPIRED,
                ERROR,
                "Kubeconfig fixture.yaml: document 1 (line 2)",
                "Kubeconfig fixture.yaml: document 1 (line 2) clusters[prod].certificate-authority-data (CN=prod-ca) expired 5 days ago")),
        row(
            "warns of a certificate not valid yet",
            () ->
                Fixture.manifest()
                    .tlsSecret(
                        NS,
                        "future-tls",
                        TestPki.leaf("future.example.com")
                            .validity(NOW.plus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(90)))
                            .build(),
                        null),
            want(
                CERT_NOT_YET_VALID,
                WARNING,
                "Secret team/future-tls",
                "data[tls.crt] (CN=future.example.com) is not valid for another 3 days")),
        row(
            "warns of a certificate expiring inside the default 30-day window",
            () ->
                Fixture.manifest()
                    .tlsSecret(
                        NS,
                        "soon-tls",
                        TestPki.leaf("soon.example.com")
                            .validity(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)))
                            .build(),
                        null),
            want(
                CERT_EXPIRING_SOON,
                WARNING,
                "Secret team/soon-tls",
                "data[tls.crt] (CN=soon.example.com) expires in 10 days (2026-06-11T12:00:00Z)")),
        row(
            "warns 45 days ahead with --expiry-warning 60d, and not with the default",
            at(NOW, Duration.ofDays(60)),
            () ->
                Fixture.manifest()
                    .tlsSecret(
                        NS,
                        "soon-tls",
                        TestPki.leaf("soon.example.com")
                            .validity(NOW.minus(Duration.ofDays(45)), NOW.plus(Duration.ofDays(45)))
                            .build(),
                        null),
            want(CERT_EXPIRING_SOON, WARNING, "Secret team/soon-tls", "expires in 45 days")),
        row(
            "says nothing 45 days ahead with the default window",
            () ->
                Fixture.manifest()
                    .tlsSecret(
                        NS,
                        "soon-tls",
                        TestPki.leaf("soon.example.com")
                            .validity(NOW.minus(Duration.ofDays(45)), NOW.plus(Duration.ofDays(45)))
                            .build(),
                        null)),
        row(
            "reports CERT_UNPARSABLE for a tls.crt that is not PEM, at error",
            () ->
                Fixture.manifest()
                    .secret(
                        NS,
                        "broken-tls",
                        "kubernetes.io/tls",
                        Map.of(
                            "tls.crt",
                            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n")),
            want(
                CERT_UNPARSABLE,
                ERROR,
                "Secret team/broken-tls",
                "Secret team/broken-tls data[tls.crt] does not parse: ")),
        row(
            "says nothing of Secret keys that are not certificates (a password)",
            () ->
                Fixture.manifest()
                    .secret(
                        NS, "db", "Opaque", Map.of("password", "hunter2", "username", "admin"))),
        row(
            "reports CERT_KEY_MISMATCH in an unlinked Secret with a real private key",
            () ->
                Fixture.manifest()
                    .secret(
                        NS,
                        "pair",
                        "kubernetes.io/tls",
                        Map.of(
                            "tls.crt",
                            Fixture.pem(TestPki.leaf("a.example.com").build()),
                            "tls.key",
                            PemWriter.privateKey(TestPki.leaf("b.example.com").build().key()))),
            want(
                CERT_KEY_MISMATCH,
                ERROR,
                "Secret team/pair",
                "Secret team/pair: tls.key does not belong to tls.crt: a server using this pair cannot complete a TLS handshake")),
        row(
            "reports CERT_KEY_MISMATCH in an unlinked Secret with a public-key stand-in",
            () ->
                Fixture.manifest()
                    .secret(
                        NS,
                        "pair",
                        "kubernetes.io/tls",
                        Map.of(
                            "tls.crt",
                            Fixture.pem(TestPki.leaf("a.example.com").build()),
                            "tls.key",
                            Fixture.publicKeyPem(TestPki.leaf("b.example.com").build()))),
            want(
                CERT_KEY_MISMATCH,
                ERROR,
                "Secret team/pair",
                "tls.key does not belong to tls.crt")),
        row(
            "says nothing of an unlinked Secret whose stand-in is its certificate's own key",
            () -> {
              TestPki.Cert leaf = TestPki.leaf("a.example.com").build();
              return Fixture.manifest()
                  .secret(
                      NS,
                      "pair",
                      "kubernetes.io/tls",
                      Map.of("tls.crt", Fixture.pem(leaf), "tls.key", Fixture.publicKeyPem(leaf)));
            }),
        row(
            "warns CERT_WEAK for a SHA-1 signed certificate in an unlinked Secret",
            () ->
                Fixture.manifest()
                    .tlsSecret(
                        NS,
                        "sha1-tls",
                        TestPki.leaf("legacy.example.com")
                            .signatureAlgorithm("SHA1withECDSA")
                            .build(),
                        null),
            want(
                CERT_WEAK,
                WARNING,
                "Secret team/sha1-tls",
                "data[tls.crt] (CN=legacy.example.com) is weak: EC",
                "signed with SHA1withECDSA")),
        row(
            "leaves the served leaf of a Secret linked to a caller to ServingCertificate",
            () -> {
              TestPki.Cert ca = ca();
              return webhookServedBy(
                  TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                  ca,
                  ca,
                  "Fail");
            }),
        row(
            "still reports an expired CA in ca.crt of a Secret linked to a caller",
            () -> {
              TestPki.Cert oldCa =
                  TestPki.ca("team-ca-2025")
                      .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(5)))
                      .build();
              return webhookServedBy(goodLeaf(ca()), oldCa, ca(), "Fail");
            },
            want(
                CERT_EXPIRED,
                ERROR,
                "Secret team/hook-tls",
                "Secret team/hook-tls data[ca.crt] (CN=team-ca-2025) expired 5 days ago")),
        row(
            "still reports the served leaf of a Secret only an insecureSkipTLSVerify APIService is linked to, since nothing judges it there",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf("localhost").signedBy(ca).expiredDaysAgo(3).build(),
                      null)
                  .apiService("v1beta1.metrics.k8s.io", NS, SVC, null, true);
            },
            want(
                CERT_EXPIRED,
                ERROR,
                "Secret team/hook-tls",
                "Secret team/hook-tls data[tls.crt] (CN=localhost) expired 3 days ago")),
        row("says nothing of a healthy linked serving Secret", () -> healthyWebhook(ca())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new CertificateHygiene(), c);
  }
}
