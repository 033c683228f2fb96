package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.ENV_TRUST_OVERRIDE;
import static io.certmedic.core.finding.Severity.ERROR;

import io.certmedic.kube.snapshot.Fixture;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvTrustOverrideTest {

  static final Map<String, String> DNS = Map.of("app", "external-dns");
  static final String DEPLOY = "Deployment team/external-dns";

  static Fixture dns(Fixture.Pod pod) {
    return Fixture.manifest().workload("Deployment", "team", "external-dns", pod);
  }

  static Fixture.Pod flag() {
    return Fixture.pod(DNS)
        .args("--provider=aws", "--tls-ca=/etc/ssl/custom/ca.crt")
        .secretVolume("custom-ca", "custom-ca", "/etc/ssl/custom");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "reports SSL_CERT_FILE overriding --tls-ca, the External-DNS incident",
            () -> dns(flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "Deployment team/external-dns container server: --tls-ca=/etc/ssl/custom/ca.crt names the CA to trust, but"
                    + " SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt replaces the trust store its TLS stack uses (Go reads SSL_CERT_FILE for the system pool),"
                    + " so the flag's CA may never be used: calls fail with \"x509: certificate signed by unknown authority\"")),
        row(
            "says nothing when SSL_CERT_FILE points at the flag's own file",
            () -> dns(flag().env("SSL_CERT_FILE", "/etc/ssl/custom/ca.crt"))),
        row(
            "says nothing when SSL_CERT_DIR is the directory that holds the flag's file",
            () -> dns(flag().env("SSL_CERT_DIR", "/etc/ssl/custom/"))),
        row(
            "says nothing of SSL_CERT_FILE when no flag names a CA",
            () ->
                dns(
                    Fixture.pod(DNS)
                        .args("--provider=aws")
                        .env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))),
        row(
            "says nothing of a CA flag with no trust variable",
            () -> dns(flag().env("AWS_REGION", "us-gov-west-1"))),
        row(
            "reads a CA flag given as two arguments",
            () ->
                dns(
                    Fixture.pod(DNS)
                        .args("--ca-file", "/ca/ca.pem")
                        .env("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "container server: --ca-file=/ca/ca.pem names the CA to trust, but REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt")),
        row(
            "reports JAVA_TOOL_OPTIONS that sets a trustStore beside a CA flag",
            () ->
                dns(
                    flag()
                        .env(
                            "JAVA_TOOL_OPTIONS",
                            "-Djavax.net.ssl.trustStore=/opt/java/cacerts -Xmx512m")),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "but JAVA_TOOL_OPTIONS=-Djavax.net.ssl.trustStore=/opt/java/cacerts -Xmx512m replaces the trust store")),
        row(
            "says nothing of JAVA_TOOL_OPTIONS without a trustStore",
            () -> dns(flag().env("JAVA_TOOL_OPTIONS", "-Xmx512m"))),
        row(
            "reports a trust variable taken from a Secret, naming where it comes from",
            () -> dns(flag().envFromSecret("SSL_CERT_FILE", "tls-settings", "path")),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "but SSL_CERT_FILE=(secret tls-settings key path) replaces the trust store")),
        row(
            "names the container that has the flag and the variable",
            () ->
                dns(
                    Fixture.pod(DNS)
                        .container("sidecar")
                        .args("--tls-ca=/ca/ca.crt")
                        .env("SSL_CERT_FILE", "/etc/ssl/cert.pem")),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "Deployment team/external-dns container sidecar: --tls-ca=/ca/ca.crt")),
        row(
            "reports a Deployment once, not again for the ReplicaSet and Pod it owns in the input",
            () ->
                dns(flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .workload(
                        "ReplicaSet",
                        "team",
                        "external-dns-5d4f8",
                        flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .ownedBy("Deployment", "external-dns")
                    .workload(
                        "Pod",
                        "team",
                        "external-dns-5d4f8-abcde",
                        flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .ownedBy("ReplicaSet", "external-dns-5d4f8"),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "container server: --tls-ca=/etc/ssl/custom/ca.crt")),
        row(
            "reports a Deployment once when the input holds its Pod but not the ReplicaSet between them (kubectl get deploy,pod)",
            () ->
                dns(flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .workload(
                        "Pod",
                        "team",
                        "external-dns-5d4f8-abcde",
                        flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .ownedBy("ReplicaSet", "external-dns-5d4f8"),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                DEPLOY,
                "container server: --tls-ca=/etc/ssl/custom/ca.crt")),
        row(
            "reports a bare Pod whose owner is not in the input",
            () ->
                Fixture.manifest()
                    .workload(
                        "Pod",
                        "team",
                        "external-dns-5d4f8-abcde",
                        flag().env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
                    .ownedBy("ReplicaSet", "external-dns-5d4f8"),
            want(
                ENV_TRUST_OVERRIDE,
                ERROR,
                "Pod team/external-dns-5d4f8-abcde",
                "container server: --tls-ca=/etc/ssl/custom/ca.crt")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new EnvTrustOverride(), c);
  }
}
