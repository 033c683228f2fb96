package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.allNames;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.doctor.CheckTable.webhookServedBy;
import static io.certmedic.core.finding.FindingCode.CA_EXPIRES_FIRST;
import static io.certmedic.core.finding.Severity.WARNING;
import static io.certmedic.core.testing.TestPki.NOW;

import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaExpiresBeforeLeafTest {

  private static final java.time.Instant FROM = NOW.minus(Duration.ofDays(30));

  private static TestPki.Cert caFor(String cn, int days) {
    return TestPki.ca(cn).validity(FROM, NOW.plus(Duration.ofDays(days))).build();
  }

  private static TestPki.Cert leaf(TestPki.Cert ca, int days, String... names) {
    return TestPki.leaf(names).signedBy(ca).validity(FROM, NOW.plus(Duration.ofDays(days))).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("says nothing of a webhook whose CA outlives its leaf", () -> healthyWebhook(ca())),
        row(
            "is a warning on the webhook when its caBundle's CA expires half a year before the leaf it is served",
            () -> {
              TestPki.Cert ca = caFor("team-ca", 200);
              return webhookServedBy(leaf(ca, 365, allNames(SVC, NS)), ca, ca, "Fail");
            },
            want(
                CA_EXPIRES_FIRST,
                WARNING,
                "ValidatingWebhookConfiguration hooks",
                "the CA in its caBundle (CN=team-ca) expires in 200 days",
                "165 days before webhook \"check.example.com\" in ValidatingWebhookConfiguration"
                    + " hooks, served Secret Secret team/hook-tls",
                "renew the CA, not the leaf")),
        row(
            "is a warning on an Ingress's Secret whose ca.crt intermediate expires before the leaf",
            () -> {
              TestPki.Cert root = caFor("corp-root", 3650);
              TestPki.Cert intermediate =
                  TestPki.ca("corp-issuing")
                      .signedBy(root)
                      .validity(FROM, NOW.plus(Duration.ofDays(90)))
                      .build();
              return Fixture.manifest()
                  .tlsSecret(
                      NS, "web-tls", leaf(intermediate, 300, "web.example.com"), intermediate);
            },
            want(
                CA_EXPIRES_FIRST,
                WARNING,
                "Secret team/web-tls",
                "the CA in Secret team/web-tls (CN=corp-issuing) expires in 90 days",
                "from 2026-08-30T12:00:00Z the chain stops verifying")),
        row(
            "says nothing of a CA that expires before its leaf more than a year from now",
            () -> {
              TestPki.Cert ca = caFor("team-ca", 500);
              return Fixture.manifest()
                  .tlsSecret(NS, "web-tls", leaf(ca, 700, "web.example.com"), ca);
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new CaExpiresBeforeLeaf(), c);
  }
}
