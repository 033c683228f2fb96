package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERTIFICATE_NOT_READY;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.CERTIFICATE_READY;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.CertificateRequestRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateReadyTest {

  private static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));

  private static CertificateRecord cert(List<String> dns, CertificateRecord.Status status) {
    return new CertificateRecord(
        Records.meta("Certificate", "shop", "web"),
        "web-tls",
        dns,
        List.of(),
        "ClusterIssuer",
        "letsencrypt",
        "cert-manager.io",
        status);
  }

  private static CertificateRecord.Status status(
      Condition ready, Instant notAfter, Instant renewal, int failed, Instant lastFailure) {
    return new CertificateRecord.Status(List.of(ready), notAfter, renewal, failed, lastFailure);
  }

  private static Condition ready(String status, String reason, String message, Instant since) {
    return new Condition("Ready", status, reason, message, since);
  }

  private static CertificateRequestRecord request(Condition... conditions) {
    return new CertificateRequestRecord(
        Records.meta("CertificateRequest", "shop", "web-1"),
        "web",
        "ClusterIssuer",
        "letsencrypt",
        "cert-manager.io",
        List.of(conditions),
        false);
  }

  private static CertFacts leaf(String... sans) {
    return CertFacts.of(TestPki.leaf(sans).build().cert());
  }

  static Stream<Arguments> cases() {
    Instant expires = NOW.plus(Duration.ofDays(5));
    return Stream.of(
        row(
            "a Ready Certificate before its renewalTime passes",
            CertificateReady.status(
                cert(
                    List.of("shop.example.com"),
                    status(
                        ready(
                            "True",
                            "Ready",
                            "Certificate is up to date and has not expired",
                            DAY_AGO),
                        expires,
                        NOW.plus(Duration.ofDays(1)),
                        0,
                        null)),
                NOW),
            pass(CERTIFICATE_READY)),
        row(
            "a Certificate with no status at all, as an install manifest has it, passes",
            CertificateReady.status(cert(List.of("a"), CertificateRecord.Status.NONE), NOW),
            pass(CERTIFICATE_READY)),
        row(
            "a Certificate failing to issue for a day says the reason, the message, how long and the failed attempts",
            CertificateReady.status(
                cert(
                    List.of("shop.example.com"),
                    status(
                        ready(
                            "False",
                            "Failed",
                            "The certificate request has failed to complete",
                            DAY_AGO),
                        expires,
                        null,
                        3,
                        NOW.minus(Duration.ofHours(2)))),
                NOW),
            fail(
                CERTIFICATE_READY,
                CERTIFICATE_NOT_READY,
                "is not Ready (Ready=False, Failed: \"The certificate request has failed to complete\")"
                    + " for 24 hours, after 3 failed issuance attempts (the last 2 hours ago);"
                    + " the certificate it holds expires at 2026-06-06T12:00:00Z (in 5 days)")),
        row(
            "a Certificate whose Ready is Unknown with no time or failures says only that",
            CertificateReady.status(
                cert(List.of("a"), status(ready("Unknown", "", "", null), null, null, 0, null)),
                NOW),
            fail(CERTIFICATE_READY, CERTIFICATE_NOT_READY, "is not Ready (Ready=Unknown)")),
        row(
            "a Ready Certificate whose renewalTime passed two days ago was not renewed",
            CertificateReady.status(
                cert(
                    List.of("a"),
                    status(
                        ready("True", "Ready", "", DAY_AGO),
                        expires,
                        NOW.minus(Duration.ofDays(2)),
                        0,
                        null)),
                NOW),
            fail(
                CERTIFICATE_READY,
                CERTIFICATE_NOT_READY,
                "is Ready, but its renewalTime 2026-05-30T12:00:00Z passed 2 days ago and cert-manager"
                    + " has not renewed it; the certificate expires at 2026-06-06T12:00:00Z (in 5 days)")),
        row(
            "a Ready Certificate whose renewalTime passed minutes ago is still within the grace",
            CertificateReady.status(
                cert(
                    List.of("a"),
                    status(
                        ready("True", "Ready", "", DAY_AGO),
                        expires,
                        NOW.minus(Duration.ofMinutes(20)),
                        0,
                        null)),
                NOW),
            pass(CERTIFICATE_READY)),
        row(
            "a Secret whose certificate carries every dnsName, in another case, passes",
            CertificateReady.names(
                cert(List.of("Shop.example.com", "www.example.com"), CertificateRecord.Status.NONE),
                leaf("shop.example.com", "www.example.com")),
            pass(CERTIFICATE_READY)),
        row(
            "a Secret whose certificate lacks a dnsName the Certificate asks for fails in Go's words",
            CertificateReady.names(
                cert(List.of("shop.example.com", "api.example.com"), CertificateRecord.Status.NONE),
                leaf("shop.example.com")),
            fail(
                CERTIFICATE_READY,
                CERTIFICATE_NOT_READY,
                "asks for [api.example.com], but the certificate in Secret shop/web-tls is valid for"
                    + " [shop.example.com] only: it was not reissued after the names changed, and"
                    + " clients dialling api.example.com fail with \"x509: certificate is valid for"
                    + " shop.example.com, not api.example.com\"")),
        row(
            "a denied CertificateRequest fails with the approver's reason and message",
            CertificateReady.request(
                request(
                    new Condition("Approved", "False", "", "", null),
                    new Condition(
                        "Denied", "True", "policy.cert-manager.io", "no policy matched", NOW))),
            fail(
                CERTIFICATE_READY,
                CERTIFICATE_NOT_READY,
                "was denied (policy.cert-manager.io): \"no policy matched\"")),
        row(
            "a CertificateRequest whose Ready is False with reason Failed failed",
            CertificateReady.request(
                request(new Condition("Ready", "False", "Failed", "ACME order failed", NOW))),
            fail(
                CERTIFICATE_READY,
                CERTIFICATE_NOT_READY,
                "failed (Failed): \"ACME order failed\"")),
        row(
            "an invalid CertificateRequest fails",
            CertificateReady.request(
                request(new Condition("InvalidRequest", "True", "BadConfig", "", NOW))),
            fail(CERTIFICATE_READY, CERTIFICATE_NOT_READY, "is invalid (BadConfig)")),
        row(
            "a CertificateRequest still pending (Ready=False, reason Pending) passes",
            CertificateReady.request(
                request(
                    new Condition(
                        "Ready", "False", "Pending", "Waiting on certificate issuance", NOW))),
            pass(CERTIFICATE_READY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
