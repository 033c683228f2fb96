package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SECRET;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.VWC;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.goodLeaf;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.server;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CABUNDLE_INJECTED_AT_RUNTIME;
import static io.certmedic.core.finding.FindingCode.CABUNDLE_MISSING;
import static io.certmedic.core.finding.FindingCode.CERT_UNPARSABLE;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.INFO;

import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaBundlePresenceTest {

  /** The healthy webhook, but with this hook (no caBundle unless the hook sets one). */
  static Fixture served(Fixture.Hook h) {
    TestPki.Cert ca = ca();
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, "https")
        .workload("Deployment", NS, "server", server(SECRET))
        .tlsSecret(NS, SECRET, goodLeaf(ca), ca)
        .webhooks("Validating", "hooks", h);
  }

  static Fixture.Hook hook() {
    return Fixture.hook("check.example.com").service(NS, SVC);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("says nothing when the caBundle holds the CA", () -> healthyWebhook(ca())),
        row(
            "says nothing when a live caller's caBundle holds the CA",
            () -> healthyWebhook(ca()).allLive()),
        row(
            "is info, not error, for an empty caBundle in an install manifest with no injector",
            () -> served(hook()),
            want(
                CABUNDLE_MISSING,
                INFO,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks has an empty caBundle in the input and no injector is recognised;"
                    + " it cannot be verified offline")),
        row(
            "is info CABUNDLE_INJECTED_AT_RUNTIME for an empty caBundle that cert-manager's inject-ca-from fills",
            () -> served(hook()).annotate("cert-manager.io/inject-ca-from", "team/hook-cert"),
            want(
                CABUNDLE_INJECTED_AT_RUNTIME,
                INFO,
                VWC,
                "has an empty caBundle in the input; it is injected at runtime by cert-manager cainjector (cert-manager.io/inject-ca-from: team/hook-cert)")),
        row(
            "is info CABUNDLE_INJECTED_AT_RUNTIME when a kube-webhook-certgen patch Job names the configuration",
            () ->
                served(hook())
                    .workload(
                        "Job",
                        NS,
                        "certgen-patch",
                        Fixture.pod(java.util.Map.of("job", "patch"))
                            .args(
                                "patch",
                                "--webhook-name=hooks",
                                "--namespace=team",
                                "--secret-name=hook-tls",
                                "--patch-mutating=false")),
            want(
                CABUNDLE_INJECTED_AT_RUNTIME,
                INFO,
                VWC,
                "injected at runtime by kube-webhook-certgen Job team/certgen-patch")),
        row(
            "is critical for an empty caBundle on a live caller with failurePolicy Fail and no injector",
            () -> served(hook().failurePolicy("Fail")).allLive(),
            want(
                CABUNDLE_MISSING,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks has no caBundle and no injector claims it: the API server cannot verify"
                    + " hook-svc.team.svc (failurePolicy Fail: the API server refuses CREATE,UPDATE apps/deployments)")),
        row(
            "is error for an empty caBundle on a live caller with failurePolicy Ignore",
            () -> served(hook().failurePolicy("Ignore")).allLive(),
            want(
                CABUNDLE_MISSING,
                ERROR,
                VWC,
                "has no caBundle and no injector claims it",
                "failurePolicy Ignore")),
        row(
            "asks whether the injector runs when a live caller's annotated caBundle is still empty",
            () -> served(hook()).annotate("certmedic.io/inject-cabundle", "true").allLive(),
            want(
                CABUNDLE_MISSING,
                CRITICAL,
                VWC,
                "has no caBundle, although certmedic controller (certmedic.io/inject-cabundle) should fill it (is it running? does its source exist?)")),
        row(
            "reports a caBundle that is base64 of something other than PEM as CERT_UNPARSABLE at the caller's severity",
            () -> served(hook().caBundleRaw(Fixture.b64("not a certificate"))),
            want(
                CERT_UNPARSABLE,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: the caBundle does not parse (",
                "), so the API server cannot verify the server (failurePolicy Fail")),
        row(
            "reports a caBundle that is not base64 as CERT_UNPARSABLE",
            () -> served(hook().caBundleRaw("%%% not base64 %%%").failurePolicy("Ignore")),
            want(
                CERT_UNPARSABLE,
                ERROR,
                VWC,
                "the caBundle does not parse (",
                "is not valid base64")),
        row(
            "says nothing of a live URL webhook without a caBundle: it verifies with the system roots",
            () ->
                Fixture.manifest()
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com").url("https://hooks.example.com/validate"))
                    .allLive()),
        row(
            "reports an unparsable caBundle on a URL webhook too: the API server cannot build its client",
            () ->
                Fixture.manifest()
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com")
                            .url("https://hooks.example.com/validate")
                            .caBundleRaw(Fixture.b64("not a certificate"))),
            want(
                CERT_UNPARSABLE,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: the caBundle does not parse (")),
        row(
            "says nothing of a live caller of default/kubernetes:443 without a caBundle: the API server trusts itself",
            () ->
                Fixture.manifest()
                    .conversionCrd(
                        "widgets.example.com",
                        List.of("v1beta1", "v1"),
                        Fixture.hook("").service("default", "kubernetes").path("/convert"))
                    .allLive()),
        row(
            "says nothing of an APIService that skips TLS verification (ApiServiceStatus reports that)",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .apiService("v1beta1.metrics.k8s.io", NS, SVC, null, true)
                    .allLive()),
        row(
            "is critical for a live APIService with no caBundle",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .apiService("v1beta1.metrics.k8s.io", NS, SVC, null, false)
                    .allLive(),
            want(
                CABUNDLE_MISSING,
                CRITICAL,
                "APIService v1beta1.metrics.k8s.io",
                "APIService v1beta1.metrics.k8s.io has no caBundle and no injector claims it: the API server cannot verify hook-svc.team.svc"
                    + " (the API group v1beta1.metrics.k8s.io becomes unavailable; discovery and kubectl show errors for it)")),
        row(
            "is info CABUNDLE_INJECTED_AT_RUNTIME for an APIService without caBundle in an install manifest that cert-manager injects",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .apiService("v1beta1.widgets.example.com", NS, SVC, null, false)
                    .annotate("cert-manager.io/inject-ca-from", "team/hook-cert"),
            want(
                CABUNDLE_INJECTED_AT_RUNTIME,
                INFO,
                "APIService v1beta1.widgets.example.com",
                "APIService v1beta1.widgets.example.com has an empty caBundle in the input; it is injected at runtime by cert-manager cainjector")),
        row(
            "is info for an empty caBundle on a conversion webhook in an install manifest",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .conversionCrd(
                        "widgets.example.com",
                        List.of("v1beta1", "v1"),
                        Fixture.hook("").service(NS, SVC).path("/convert")),
            want(
                CABUNDLE_MISSING,
                INFO,
                "CustomResourceDefinition widgets.example.com",
                "conversion webhook of CustomResourceDefinition widgets.example.com has an empty caBundle in the input")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new CaBundlePresence(), c);
  }
}
