package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SECRET;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.allNames;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.server;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CERT_NOT_MANAGED;
import static io.certmedic.core.finding.Severity.INFO;
import static io.certmedic.core.finding.Severity.WARNING;
import static io.certmedic.core.testing.TestPki.NOW;

import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertNotManagedTest {

  /**
   * The webhook served a leaf good for {@code daysLeft} more days; the Secret is the object added
   * last.
   */
  static Fixture served(int daysLeft, Fixture.Hook... hooks) {
    return served(daysLeft, null, hooks);
  }

  /** The same, the Service annotated {@code serviceAnnotation}: the Secret's name. */
  static Fixture served(int daysLeft, String serviceAnnotation, Fixture.Hook... hooks) {
    TestPki.Cert ca = ca();
    TestPki.Cert leaf =
        TestPki.leaf(allNames(SVC, NS))
            .signedBy(ca)
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(daysLeft)))
            .build();
    Fixture f = Fixture.manifest().service(NS, SVC, APP, 443, "https");
    if (serviceAnnotation != null) {
      f.annotate(serviceAnnotation, SECRET);
    }
    return f.workload("Deployment", NS, "server", server(SECRET))
        .webhooks(
            "Validating",
            "hooks",
            hooks.length > 0
                ? hooks
                : new Fixture.Hook[] {
                  Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca)
                })
        .tlsSecret(NS, SECRET, leaf, ca);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing when a cert-manager Certificate keeps the Secret",
            () -> served(60).certificate(NS, "hook-cert", SECRET, allNames(SVC, NS))),
        row(
            "says nothing when the Secret carries cert-manager's certificate-name annotation",
            () -> served(60).annotate("cert-manager.io/certificate-name", "hook-cert")),
        row(
            "says nothing when the Secret carries OpenShift's originating-service-name annotation",
            () -> served(60).annotate("service.beta.openshift.io/originating-service-name", SVC)),
        row(
            "says nothing when the Service's platform annotation names the Secret",
            () -> served(60, "service.beta.openshift.io/serving-cert-secret-name")),
        row(
            "says nothing when an operator in the namespace names the Secret in a --secret-name flag",
            () ->
                served(60)
                    .workload(
                        "Deployment",
                        NS,
                        "cert-controller",
                        Fixture.pod(Map.of("app", "cert-controller"))
                            .args("certcontroller", "--secret-name=" + SECRET))),
        row(
            "says nothing when an operator names the Secret in a flag given as two arguments",
            () ->
                served(60)
                    .workload(
                        "Deployment",
                        NS,
                        "cert-controller",
                        Fixture.pod(Map.of("app", "cert-controller"))
                            .args("--tls-secret", SECRET))),
        row(
            "is info for an unmanaged certificate with more than 90 days left",
            () -> served(365),
            want(
                CERT_NOT_MANAGED,
                INFO,
                "Secret team/hook-tls",
                "Secret team/hook-tls holds the serving certificate of webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks and nothing known renews it"
                    + " (no cert-manager Certificate, no OpenShift or certmedic annotation, no operator naming it); it lives 366 days and expires in 365 days")),
        row(
            "warns for an unmanaged certificate with under 90 days left, as KubeSphere's one-year webhook certificate was",
            () -> served(60),
            want(
                CERT_NOT_MANAGED,
                WARNING,
                "Secret team/hook-tls",
                "nothing known renews it",
                "; it lives 61 days and expires in 60 days")),
        row(
            "warns for an unmanaged certificate that has expired",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .webhooks(
                      "Validating",
                      "hooks",
                      Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(10).build(),
                      ca);
            },
            want(
                CERT_NOT_MANAGED,
                WARNING,
                "Secret team/hook-tls",
                "; it lives 365 days and expired 10 days ago")),
        row(
            "reports a Secret served to two callers once",
            () ->
                served(
                    60,
                    Fixture.hook("a.example.com").service(NS, SVC),
                    Fixture.hook("b.example.com").service(NS, SVC)),
            want(
                CERT_NOT_MANAGED,
                WARNING,
                "Secret team/hook-tls",
                "holds the serving certificate of webhook \"a.example.com\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new CertNotManaged(), c);
  }
}
