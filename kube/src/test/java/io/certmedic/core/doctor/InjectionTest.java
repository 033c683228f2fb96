package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.VWC;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.INJECTION_CONFLICT;
import static io.certmedic.core.finding.FindingCode.INJECTION_SOURCE_MISSING;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.WARNING;

import io.certmedic.kube.snapshot.Fixture;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InjectionTest {

  /**
   * A Service, a cert-manager Certificate team/hook-cert for it, and a webhook configuration of
   * this type.
   */
  static Fixture caller(String type) {
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, null)
        .certificate(NS, "hook-cert", "hook-tls", CheckTable.DNS)
        .webhooks(type, "hooks", Fixture.hook("check.example.com").service(NS, SVC));
  }

  static Fixture certgen(Fixture f, String... args) {
    return f.workload("Job", NS, "certgen-patch", Fixture.pod(Map.of("job", "certgen")).args(args));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing with one injector whose Certificate is in the input",
            () ->
                caller("Validating").annotate("cert-manager.io/inject-ca-from", "team/hook-cert")),
        row("says nothing when the caller has no injector at all", () -> caller("Validating")),
        row(
            "warns, in an install manifest, of cert-manager and OpenShift service-ca claiming one caBundle",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
                    .annotate("service.beta.openshift.io/inject-cabundle", "true"),
            want(
                INJECTION_CONFLICT,
                WARNING,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks is claimed by 2 injectors (cert-manager cainjector"
                    + " (cert-manager.io/inject-ca-from: team/hook-cert); OpenShift service-ca operator (service.beta.openshift.io/inject-cabundle)):"
                    + " each overwrites the other's caBundle")),
        row(
            "is error when two injectors claim a live caller's caBundle",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
                    .annotate("certmedic.io/inject-cabundle", "true")
                    .allLive(),
            want(
                INJECTION_CONFLICT,
                ERROR,
                VWC,
                "is claimed by 2 injectors",
                "certmedic controller (certmedic.io/inject-cabundle)")),
        row(
            "counts a kube-webhook-certgen patch Job and an annotation as two injectors",
            () ->
                certgen(
                    caller("Validating")
                        .annotate("service.beta.openshift.io/inject-cabundle", "true"),
                    "patch",
                    "--webhook-name=hooks",
                    "--secret-name=hook-tls"),
            want(
                INJECTION_CONFLICT,
                WARNING,
                VWC,
                "is claimed by 2 injectors",
                "kube-webhook-certgen Job team/certgen-patch): each overwrites")),
        row(
            "does not count a certgen Job that only creates the Secret as an injector",
            () ->
                certgen(
                    caller("Validating")
                        .annotate("service.beta.openshift.io/inject-cabundle", "true"),
                    "create",
                    "--host=hook-svc,hook-svc.team.svc",
                    "--secret-name=hook-tls")),
        row(
            "reads --webhook-name given as a separate argument",
            () ->
                certgen(
                    caller("Validating")
                        .annotate("service.beta.openshift.io/inject-cabundle", "true"),
                    "patch",
                    "--webhook-name",
                    "hooks"),
            want(INJECTION_CONFLICT, WARNING, VWC, "kube-webhook-certgen Job team/certgen-patch")),
        row(
            "does not count a certgen patch Job run with --patch-mutating=false as an injector of the MutatingWebhookConfiguration of the same name",
            () ->
                certgen(
                    caller("Mutating").annotate("cert-manager.io/inject-ca-from", "team/hook-cert"),
                    "patch",
                    "--webhook-name=hooks",
                    "--patch-mutating=false",
                    "--secret-name=hook-tls")),
        row(
            "does not count a certgen patch Job run with --patch-validating=false as an injector of the ValidatingWebhookConfiguration",
            () ->
                certgen(
                    caller("Validating")
                        .annotate("cert-manager.io/inject-ca-from", "team/hook-cert"),
                    "patch",
                    "--webhook-name=hooks",
                    "--patch-validating=false",
                    "--secret-name=hook-tls")),
        row(
            "warns that inject-ca-from names a Certificate missing from a namespace whose Certificates the input holds",
            () -> caller("Validating").annotate("cert-manager.io/inject-ca-from", "team/gone"),
            want(
                INJECTION_SOURCE_MISSING,
                WARNING,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: cert-manager.io/inject-ca-from names Certificate team/gone,"
                    + " which does not exist, so the injector has nothing to inject")),
        row(
            "is critical when a live Fail caller's inject-ca-from names a missing Certificate",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from", "team/gone")
                    .allLive(),
            want(
                INJECTION_SOURCE_MISSING,
                CRITICAL,
                VWC,
                "names Certificate team/gone, which does not exist")),
        row(
            "says nothing of a missing Certificate when the input holds no Certificates of that namespace",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from", "elsewhere/hook-cert")),
        row(
            "warns that inject-ca-from-secret names a Secret missing from a namespace whose Secrets the input holds",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from-secret", "team/webhook-ca")
                    .secret(NS, "unrelated", "Opaque", Map.of("x", "y")),
            want(
                INJECTION_SOURCE_MISSING,
                WARNING,
                VWC,
                "cert-manager.io/inject-ca-from-secret names Secret team/webhook-ca, which does not exist")),
        row(
            "says nothing when inject-ca-from-secret's Secret is in the input",
            () ->
                caller("Validating")
                    .annotate("cert-manager.io/inject-ca-from-secret", "team/webhook-ca")
                    .tlsSecret(NS, "webhook-ca", ca(), null)),
        row(
            "reports an inject-ca-from that is not NAMESPACE/NAME at the caller's severity: nothing will be injected",
            () -> caller("Validating").annotate("cert-manager.io/inject-ca-from", "hook-cert"),
            want(
                INJECTION_SOURCE_MISSING,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: annotation cert-manager.io/inject-ca-from is 'hook-cert', which is not"
                    + " NAMESPACE/NAME, so nothing is injected")),
        row(
            "is error when a live Service's serving-cert annotation names a Secret that does not exist",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .annotate("service.beta.openshift.io/serving-cert-secret-name", "hook-tls")
                    .live()
                    .secret(NS, "unrelated", "Opaque", Map.of("x", "y"))
                    .live(),
            want(
                INJECTION_SOURCE_MISSING,
                ERROR,
                "Service team/hook-svc",
                "Service team/hook-svc asks for a serving certificate in Secret hook-tls (service.beta.openshift.io/serving-cert-secret-name), and that Secret"
                    + " does not exist: the platform has not issued it")),
        row(
            "says nothing of a serving-cert annotation in an install manifest: the platform issues the Secret after install",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .annotate("service.beta.openshift.io/serving-cert-secret-name", "hook-tls")
                    .secret(NS, "unrelated", "Opaque", Map.of("x", "y"))),
        row(
            "says nothing of a live Service's serving-cert annotation when the input holds no Secrets of its namespace",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .annotate("certmedic.io/serving-cert-secret-name", "hook-tls")
                    .live()),
        row(
            "is error when a live Service's serving-cert annotation is not a valid Secret name, whatever Secrets the input holds",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .annotate("certmedic.io/serving-cert-secret-name", "Hook TLS")
                    .live(),
            want(
                INJECTION_SOURCE_MISSING,
                ERROR,
                "Service team/hook-svc",
                "Service team/hook-svc: annotation certmedic.io/serving-cert-secret-name is 'Hook TLS', which is not a valid Secret name, so no serving"
                    + " certificate is issued")),
        row(
            "warns of an invalid serving-cert Secret name in an install manifest",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .annotate("service.beta.openshift.io/serving-cert-secret-name", "hook_tls"),
            want(
                INJECTION_SOURCE_MISSING,
                WARNING,
                "Service team/hook-svc",
                "is 'hook_tls', which is not a valid Secret name")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new Injection(), c);
  }
}
