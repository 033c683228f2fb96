package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SECRET;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.VWC;
import static io.certmedic.core.doctor.CheckTable.allNames;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.goodLeaf;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.server;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.CERTIFICATE_PLACEHOLDER_NAMES;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.WARNING;

import io.certmedic.kube.snapshot.Fixture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateNamesTest {

  /**
   * A webhook that trusts Certificate team/hook-cert (inject-ca-from) and whose server mounts its
   * Secret, not in the input.
   */
  static Fixture trusting(String policy, String... dnsNames) {
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, "https")
        .workload("Deployment", NS, "server", server(SECRET))
        .webhooks(
            "Validating",
            "hooks",
            Fixture.hook("check.example.com").service(NS, SVC).failurePolicy(policy))
        .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
        .certificate(NS, "hook-cert", SECRET, dnsNames);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing of a Certificate whose dnsNames are real names",
            () -> Fixture.manifest().certificate(NS, "hook-cert", SECRET, allNames(SVC, NS))),
        row(
            "warns of kustomize placeholder dnsNames and says no workload uses the Secret, as in kubebuilder's project-v4 scaffold",
            () ->
                Fixture.manifest()
                    .certificate(
                        NS,
                        "metrics-certs",
                        "metrics-server-cert",
                        "SERVICE_NAME.SERVICE_NAMESPACE.svc",
                        "SERVICE_NAME.SERVICE_NAMESPACE.svc.cluster.local"),
            want(
                CERTIFICATE_PLACEHOLDER_NAMES,
                WARNING,
                "Certificate team/metrics-certs",
                "Certificate team/metrics-certs has dnsNames [SERVICE_NAME.SERVICE_NAMESPACE.svc, SERVICE_NAME.SERVICE_NAMESPACE.svc.cluster.local],"
                    + " which look like unreplaced placeholders and match no Service; its Secret metrics-server-cert is used by no workload in the input,"
                    + " so no caller is shown it (not an error yet)")),
        row(
            "warns of placeholder dnsNames without the unused-Secret note when a workload mounts the Secret",
            () ->
                Fixture.manifest()
                    .workload("Deployment", NS, "server", server("metrics-server-cert"))
                    .certificate(
                        NS,
                        "metrics-certs",
                        "metrics-server-cert",
                        "SERVICE_NAME.SERVICE_NAMESPACE.svc"),
            want(
                CERTIFICATE_PLACEHOLDER_NAMES,
                WARNING,
                "Certificate team/metrics-certs",
                "Certificate team/metrics-certs has dnsNames [SERVICE_NAME.SERVICE_NAMESPACE.svc], which look like unreplaced placeholders and match no Service")),
        row(
            "warns of a ${VAR} template left in a dnsName",
            () ->
                Fixture.manifest()
                    .certificate(
                        NS, "hook-cert", SECRET, "${SERVICE}.team.svc", "hook-svc.team.svc"),
            want(
                CERTIFICATE_PLACEHOLDER_NAMES,
                WARNING,
                "Certificate team/hook-cert",
                "has dnsNames [${SERVICE}.team.svc], which look like unreplaced placeholders")),
        row(
            "warns of a Helm {{ }} left in a dnsName",
            () ->
                Fixture.manifest()
                    .certificate(NS, "hook-cert", SECRET, "{{ .Values.name }}.team.svc"),
            want(
                CERTIFICATE_PLACEHOLDER_NAMES,
                WARNING,
                "Certificate team/hook-cert",
                "has dnsNames [{{ .Values.name }}.team.svc]")),
        row(
            "says nothing of lower-case names with digits, dashes and a wildcard",
            () ->
                Fixture.manifest()
                    .certificate(
                        NS,
                        "hook-cert",
                        SECRET,
                        "hook-svc-2.team.svc",
                        "*.hook-svc.team.svc",
                        "x1.team")),
        row(
            "is critical SAN_MISMATCH when a Fail caller trusts an inject-ca-from Certificate whose dnsNames lack the name it dials",
            () -> trusting("Fail", "old-svc.team.svc", "old-svc.team.svc.cluster.local"),
            want(
                SAN_MISMATCH,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks dials hook-svc.team.svc and trusts Certificate team/hook-cert, whose dnsNames"
                    + " [old-svc.team.svc, old-svc.team.svc.cluster.local] lack that name: the certificate it issues will fail with"
                    + " \"x509: certificate is valid for old-svc.team.svc, old-svc.team.svc.cluster.local, not hook-svc.team.svc\" (failurePolicy Fail")),
        row(
            "is error, not critical, for that SAN_MISMATCH when failurePolicy is Ignore",
            () -> trusting("Ignore", "old-svc.team.svc"),
            want(
                SAN_MISMATCH,
                ERROR,
                VWC,
                "trusts Certificate team/hook-cert, whose dnsNames [old-svc.team.svc] lack that name")),
        row(
            "says nothing when the trusted Certificate carries svc.ns.svc",
            () -> trusting("Fail", allNames(SVC, NS))),
        row(
            "says nothing when the trusted Certificate carries the wildcard *.ns.svc",
            () -> trusting("Fail", "*.team.svc")),
        row(
            "leaves a served certificate that is in the input to ServingCertificate",
            () -> {
              var ca = ca();
              return trusting("Fail", "old-svc.team.svc").tlsSecret(NS, SECRET, goodLeaf(ca), ca);
            }),
        row(
            "says nothing when the caller's Service is not in the input",
            () ->
                Fixture.manifest()
                    .webhooks(
                        "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC))
                    .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
                    .certificate(NS, "hook-cert", SECRET, "old-svc.team.svc")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new CertificateNames(), c);
  }
}
