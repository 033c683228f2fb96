package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.DNS;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SECRET;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.VWC;
import static io.certmedic.core.doctor.CheckTable.allNames;
import static io.certmedic.core.doctor.CheckTable.at;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.goodLeaf;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.server;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.doctor.CheckTable.webhookServedBy;
import static io.certmedic.core.finding.FindingCode.CABUNDLE_UNTRUSTED;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRED;
import static io.certmedic.core.finding.FindingCode.CERT_EXPIRING_SOON;
import static io.certmedic.core.finding.FindingCode.CERT_KEY_MISMATCH;
import static io.certmedic.core.finding.FindingCode.CERT_NOT_YET_VALID;
import static io.certmedic.core.finding.FindingCode.CERT_NO_SAN;
import static io.certmedic.core.finding.FindingCode.CERT_WEAK;
import static io.certmedic.core.finding.FindingCode.CERT_WRONG_USAGE;
import static io.certmedic.core.finding.FindingCode.SAN_INCOMPLETE;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.finding.FindingCode.SERVING_CERT_UNKNOWN;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.INFO;
import static io.certmedic.core.finding.Severity.WARNING;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServingCertificateTest {

  static final String WHERE = "the serving certificate in Secret team/hook-tls (tls.crt)";

  /** A webhook with caBundle {@code ca}, failurePolicy Fail, served {@code leaf}. */
  static Fixture served(TestPki.Cert leaf, TestPki.Cert ca) {
    return webhookServedBy(leaf, ca, ca, "Fail");
  }

  static Fixture served(TestPki.Builder leaf) {
    TestPki.Cert ca = ca();
    return served(leaf.signedBy(ca).build(), ca);
  }

  /** The webhook and Service, and a workload of this pod; no Secret. */
  static Fixture behind(Fixture.Pod pod) {
    return behind(ca(), pod);
  }

  static Fixture behind(TestPki.Cert ca, Fixture.Pod pod) {
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, "https")
        .workload("Deployment", NS, "server", pod)
        .webhooks(
            "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
  }

  static Fixture withKey(TestPki.Cert leaf, TestPki.Cert ca, String keyPem) {
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, "https")
        .workload("Deployment", NS, "server", server(SECRET))
        .secret(
            NS,
            SECRET,
            "kubernetes.io/tls",
            Map.of("tls.crt", Fixture.pem(leaf), "tls.key", keyPem))
        .webhooks(
            "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
  }

  static KeyPair rsa1024() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- healthy
        row(
            "says nothing when the certificate carries every Service name, chains to the caBundle and matches its key",
            () -> healthyWebhook(ca())),
        row(
            "says nothing of a self-signed leaf that is its own caBundle, as kubebuilder's selfSigned Issuer makes it",
            () -> {
              TestPki.Cert self = TestPki.leaf(allNames(SVC, NS)).build();
              return served(self, self);
            }),
        // --- names
        row(
            "reports SAN_MISMATCH when the Service was renamed and the certificate kept",
            () -> served(TestPki.leaf(allNames("old-svc", NS))),
            want(
                SAN_MISMATCH,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: the API server dials hook-svc.team.svc and "
                    + WHERE
                    + " does not carry that name: \"x509: certificate is valid for old-svc, old-svc.team, old-svc.team.svc, old-svc.team.svc.cluster.local,"
                    + " not hook-svc.team.svc\" (failurePolicy Fail: the API server refuses CREATE,UPDATE apps/deployments);"
                    + " the certificate was made for Service old-svc: was the Service renamed and the certificate kept?")),
        row(
            "is error, not critical, for SAN_MISMATCH when failurePolicy is Ignore",
            () -> {
              TestPki.Cert ca = ca();
              return webhookServedBy(
                  TestPki.leaf("elsewhere.example.com").signedBy(ca).build(), ca, ca, "Ignore");
            },
            want(
                SAN_MISMATCH,
                ERROR,
                VWC,
                "\"x509: certificate is valid for elsewhere.example.com, not hook-svc.team.svc\" (failurePolicy Ignore")),
        row(
            "says nothing when the certificate carries svc.ns.svc through a wildcard *.ns.svc, but notes the short names it lacks",
            () -> served(TestPki.leaf("*.team.svc")),
            want(
                SAN_INCOMPLETE,
                INFO,
                VWC,
                "carries hook-svc.team.svc (enough for the API server) but not hook-svc, hook-svc.team, hook-svc.team.svc.cluster.local")),
        row(
            "is info SAN_INCOMPLETE when the certificate carries only svc.ns.svc",
            () -> served(TestPki.leaf(DNS)),
            want(
                SAN_INCOMPLETE,
                INFO,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: "
                    + WHERE
                    + " carries hook-svc.team.svc (enough for the API server)"
                    + " but not hook-svc, hook-svc.team, hook-svc.team.svc.cluster.local, which pods using the short or fully qualified name dial")),
        row(
            "reports CERT_NO_SAN for a CN-only certificate, quoting Go's legacy Common Name error",
            () -> served(TestPki.leaf(DNS).noSans()),
            want(
                CERT_NO_SAN,
                CRITICAL,
                VWC,
                "the API server dials hook-svc.team.svc and "
                    + WHERE
                    + " does not carry that name: \"x509: certificate relies on legacy Common Name field, use SANs instead\" (failurePolicy Fail")),
        // --- usage
        row(
            "reports CERT_WRONG_USAGE, and no name problem, for a clientAuth-only certificate that carries the name",
            () -> served(TestPki.leaf(allNames(SVC, NS)).eku(KeyPurposeId.id_kp_clientAuth)),
            want(
                CERT_WRONG_USAGE,
                CRITICAL,
                VWC,
                WHERE
                    + " does not allow serverAuth: \"x509: certificate specifies an incompatible key usage\"")),
        row(
            "says nothing of a certificate with serverAuth and clientAuth",
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .eku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth))),
        // --- time
        row(
            "reports CERT_EXPIRED with Go's words, and judges names and chain apart from expiry",
            () -> served(TestPki.leaf(allNames(SVC, NS)).expiredDaysAgo(10)),
            want(
                CERT_EXPIRED,
                CRITICAL,
                VWC,
                WHERE
                    + " expired 10 days ago; the API server says \"x509: certificate has expired or is not yet valid:"
                    + " current time 2026-06-01T12:00:00Z is after 2026-05-22T12:00:00Z\" (failurePolicy Fail")),
        row(
            "reports CERT_NOT_YET_VALID when notBefore is after the judged instant",
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .validity(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(60)))),
            want(
                CERT_NOT_YET_VALID,
                CRITICAL,
                VWC,
                WHERE
                    + " is not valid for another 2 days; the API server says \"x509: certificate has expired or is not yet valid:"
                    + " current time 2026-06-01T12:00:00Z is before 2026-06-03T12:00:00Z\" (is a clock wrong?)")),
        row(
            "warns CERT_EXPIRING_SOON inside the default 30-day window",
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .validity(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)))),
            want(
                CERT_EXPIRING_SOON,
                WARNING,
                VWC,
                WHERE + " expires in 10 days (2026-06-11T12:00:00Z)")),
        row(
            "says nothing 45 days before expiry with the default window",
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .validity(NOW.minus(Duration.ofDays(45)), NOW.plus(Duration.ofDays(45))))),
        row(
            "warns 45 days before expiry with --expiry-warning 60d",
            at(NOW, Duration.ofDays(60)),
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .validity(NOW.minus(Duration.ofDays(45)), NOW.plus(Duration.ofDays(45)))),
            want(CERT_EXPIRING_SOON, WARNING, VWC, "expires in 45 days (2026-07-16T12:00:00Z)")),
        row(
            "reports CERT_EXPIRED when judged --at a later instant",
            at(NOW.plus(Duration.ofDays(70)), Duration.ofDays(30)),
            () ->
                served(
                    TestPki.leaf(allNames(SVC, NS))
                        .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(60)))),
            want(
                CERT_EXPIRED,
                CRITICAL,
                VWC,
                "expired 10 days ago",
                "current time 2026-08-10T12:00:00Z is after 2026-07-31T12:00:00Z")),
        // --- chain
        row(
            "reports CABUNDLE_UNTRUSTED when the caBundle holds another CA, quoting Go",
            () -> {
              TestPki.Cert ca = ca();
              return webhookServedBy(goodLeaf(ca), ca, TestPki.ca("other-ca").build(), "Fail");
            },
            want(
                CABUNDLE_UNTRUSTED,
                CRITICAL,
                VWC,
                WHERE
                    + " (issued by CN=team-ca) does not chain to its caBundle: \"x509: certificate signed by unknown authority")),
        row(
            "judges the chain against ca.crt of the inject-ca-from Certificate's Secret while the caBundle is empty",
            () -> {
              TestPki.Cert ca = ca();
              return webhookServedBy(goodLeaf(ca), TestPki.ca("other-ca").build(), null, "Fail")
                  .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
                  .certificate(NS, "hook-cert", SECRET, allNames(SVC, NS));
            },
            want(
                CABUNDLE_UNTRUSTED,
                CRITICAL,
                VWC,
                "does not chain to ca.crt of Secret team/hook-tls (Certificate team/hook-cert), which cert-manager cainjector injects: \"x509: certificate signed by unknown authority")),
        row(
            "says nothing when the inject-ca-from Certificate's ca.crt signed the served certificate",
            () -> {
              TestPki.Cert ca = ca();
              return webhookServedBy(goodLeaf(ca), ca, null, "Fail")
                  .annotate("cert-manager.io/inject-ca-from", "team/hook-cert")
                  .certificate(NS, "hook-cert", SECRET, allNames(SVC, NS));
            }),
        row(
            "accepts an intermediate the server presents after its leaf",
            () -> {
              TestPki.Cert root = ca();
              TestPki.Cert mid = TestPki.ca("team-intermediate").signedBy(root).build();
              TestPki.Cert leaf = TestPki.leaf(allNames(SVC, NS)).signedBy(mid).build();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .tlsSecret(NS, SECRET, leaf, root, mid)
                  .webhooks(
                      "Validating",
                      "hooks",
                      Fixture.hook("check.example.com").service(NS, SVC).caBundle(root));
            }),
        // --- key
        row(
            "reports CERT_KEY_MISMATCH when tls.key belongs to another certificate",
            () -> {
              TestPki.Cert ca = ca();
              return withKey(goodLeaf(ca), ca, PemWriter.privateKey(goodLeaf(ca).key()));
            },
            want(
                CERT_KEY_MISMATCH,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: tls.key in Secret team/hook-tls does not belong to tls.crt:"
                    + " the server cannot complete a TLS handshake with this pair")),
        row(
            "reports CERT_KEY_MISMATCH when tls.key stores its certificate's public point but holds another scalar",
            () -> {
              TestPki.Cert ca = ca();
              TestPki.Cert leaf = goodLeaf(ca);
              return withKey(leaf, ca, TestPki.keyWithStoredPointOf(leaf));
            },
            want(
                CERT_KEY_MISMATCH,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: tls.key in Secret team/hook-tls does not belong to tls.crt:"
                    + " the server cannot complete a TLS handshake with this pair")),
        row(
            "reports CERT_KEY_MISMATCH when a redacted snapshot's public-key stand-in is another certificate's",
            () -> {
              TestPki.Cert ca = ca();
              return withKey(goodLeaf(ca), ca, Fixture.publicKeyPem(goodLeaf(ca)));
            },
            want(
                CERT_KEY_MISMATCH,
                CRITICAL,
                VWC,
                "tls.key in Secret team/hook-tls does not belong to tls.crt")),
        row(
            "says nothing when the public-key stand-in is the certificate's own",
            () -> {
              TestPki.Cert ca = ca();
              TestPki.Cert leaf = goodLeaf(ca);
              return withKey(leaf, ca, Fixture.publicKeyPem(leaf));
            }),
        // --- strength
        row(
            "warns CERT_WEAK for an RSA 1024 key",
            () -> served(TestPki.leaf(allNames(SVC, NS)).keys(rsa1024())),
            want(CERT_WEAK, WARNING, VWC, WHERE + " is weak (RSA 1024")),
        row(
            "warns CERT_WEAK for a SHA-1 signature, which Go also refuses to verify",
            () -> served(TestPki.leaf(allNames(SVC, NS)).signatureAlgorithm("SHA1withECDSA")),
            want(
                CERT_WEAK,
                WARNING,
                VWC,
                "is weak (",
                "SHA1withECDSA); Go refuses SHA-1 signatures since 1.18"),
            want(
                CABUNDLE_UNTRUSTED,
                CRITICAL,
                VWC,
                "\"x509: cannot verify signature: insecure algorithm ECDSA-SHA1")),
        // --- links
        row(
            "follows a named targetPort to the container that declares it, not a sidecar's Secret",
            () -> {
              TestPki.Cert ca = ca();
              Fixture.Pod pod =
                  Fixture.pod(APP)
                      .secretVolume("old", "old-tls", "/old")
                      .container("web")
                      .port("https", 8443)
                      .secretVolume("certs", SECRET, "/certs");
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", pod)
                  .tlsSecret(
                      NS,
                      "old-tls",
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca)
                  .tlsSecret(NS, SECRET, goodLeaf(ca), ca)
                  .webhooks(
                      "Validating",
                      "hooks",
                      Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
            }),
        row(
            "follows a numeric targetPort to the container port",
            () -> {
              TestPki.Cert ca = ca();
              Fixture.Pod pod =
                  Fixture.pod(APP)
                      .secretVolume("old", "old-tls", "/old")
                      .container("web")
                      .port("webhook", 9443)
                      .secretVolume("certs", SECRET, "/certs");
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "9443")
                  .workload("Deployment", NS, "server", pod)
                  .tlsSecret(
                      NS,
                      "old-tls",
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca)
                  .tlsSecret(NS, SECRET, goodLeaf(ca), ca)
                  .webhooks(
                      "Validating",
                      "hooks",
                      Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
            }),
        row(
            "follows a projected volume to its Secret",
            () -> {
              TestPki.Cert ca = ca();
              return behind(
                      ca,
                      Fixture.pod(APP)
                          .port("https", 8443)
                          .projectedSecrets("certs", "/certs", SECRET))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca);
            },
            want(CERT_EXPIRED, CRITICAL, VWC, WHERE + " expired 3 days ago")),
        row(
            "follows a Secret named in the container's arguments when nothing is mounted",
            () -> {
              TestPki.Cert ca = ca();
              return behind(
                      ca, Fixture.pod(APP).port("https", 8443).args("--tls-secret-name=" + SECRET))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca);
            },
            want(CERT_EXPIRED, CRITICAL, VWC, WHERE + " expired 3 days ago")),
        row(
            "follows a Secret named in the container's environment when nothing is mounted, as a lower-confidence link",
            () -> {
              TestPki.Cert ca = ca();
              return behind(
                      ca, Fixture.pod(APP).port("https", 8443).env("WEBHOOK_SECRET_NAME", SECRET))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca);
            },
            want(CERT_EXPIRED, CRITICAL, VWC, WHERE + " expired 3 days ago")),
        row(
            "follows a cert-manager Certificate whose dnsNames carry the Service name when no workload mounts its Secret",
            () -> {
              TestPki.Cert ca = ca();
              return behind(ca, Fixture.pod(APP).port("https", 8443))
                  .certificate(NS, "hook-cert", SECRET, DNS)
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca);
            },
            want(CERT_EXPIRED, CRITICAL, VWC, WHERE + " expired 3 days ago")),
        row(
            "judges the Deployment's Secret, not the one an old ReplicaSet it owns still mounts",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("ReplicaSet", NS, "server-5d4f8", server("old-tls"))
                  .ownedBy("Deployment", "server")
                  .workload("Pod", NS, "server-5d4f8-abcde", server("old-tls"))
                  .ownedBy("ReplicaSet", "server-5d4f8")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .tlsSecret(
                      NS,
                      "old-tls",
                      TestPki.leaf(allNames(SVC, NS)).signedBy(ca).expiredDaysAgo(3).build(),
                      ca)
                  .tlsSecret(NS, SECRET, goodLeaf(ca), ca)
                  .webhooks(
                      "Validating",
                      "hooks",
                      Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
            }),
        // --- cannot tell
        row(
            "is info SERVING_CERT_UNKNOWN when the server makes its own certificate in an emptyDir",
            () -> behind(Fixture.pod(APP).port("https", 8443).emptyDir("tmp", "/tmp")),
            want(
                SERVING_CERT_UNKNOWN,
                INFO,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks: cannot tell which certificate hook-svc.team.svc serves:"
                    + " the workloads behind it mount no Secret (the server likely makes its own certificate at start, in an emptyDir)")),
        row(
            "is info SERVING_CERT_UNKNOWN when no workload matches the Service's selector",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, "https")
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca())),
            want(
                SERVING_CERT_UNKNOWN,
                INFO,
                VWC,
                "no workload in the input matches the Service's selector {app=hook}")),
        row(
            "is info SERVING_CERT_UNKNOWN when the mounted Secret is not in the install manifest",
            () -> behind(server(SECRET)),
            want(
                SERVING_CERT_UNKNOWN,
                INFO,
                VWC,
                "Secret team/hook-tls is not in the input (it is created at runtime)")),
        row(
            "warns SERVING_CERT_UNKNOWN when a live caller's mounted Secret is missing from a namespace whose Secrets the input holds",
            () ->
                behind(server(SECRET))
                    .secret(NS, "unrelated", "Opaque", Map.of("x", "y"))
                    .allLive(),
            want(SERVING_CERT_UNKNOWN, WARNING, VWC, "Secret team/hook-tls is not in the input")),
        row(
            "is info SERVING_CERT_UNKNOWN for an empty placeholder Secret in an install manifest",
            () -> behind(server(SECRET)).secret(NS, SECRET, null, null),
            want(
                SERVING_CERT_UNKNOWN,
                INFO,
                VWC,
                "Secret team/hook-tls holds no certificate yet (an empty placeholder, filled at runtime)")),
        row(
            "warns SERVING_CERT_UNKNOWN for a live Secret that holds no certificate",
            () -> behind(server(SECRET)).secret(NS, SECRET, null, null).allLive(),
            want(
                SERVING_CERT_UNKNOWN,
                WARNING,
                VWC,
                "Secret team/hook-tls holds no certificate yet")),
        // --- not judged here
        row(
            "does not judge an APIService that skips TLS verification",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .tlsSecret(
                      NS,
                      SECRET,
                      TestPki.leaf("localhost").signedBy(ca).expiredDaysAgo(3).build(),
                      ca)
                  .apiService("v1beta1.metrics.k8s.io", NS, SVC, null, true);
            }),
        row(
            "judges an APIService's served certificate against its caBundle",
            () -> {
              TestPki.Cert ca = ca();
              return Fixture.manifest()
                  .service(NS, SVC, APP, 443, "https")
                  .workload("Deployment", NS, "server", server(SECRET))
                  .tlsSecret(NS, SECRET, TestPki.leaf("localhost").signedBy(ca).build(), ca)
                  .apiService("v1beta1.metrics.k8s.io", NS, SVC, ca, false);
            },
            want(
                SAN_MISMATCH,
                CRITICAL,
                "APIService v1beta1.metrics.k8s.io",
                "\"x509: certificate is valid for localhost, not hook-svc.team.svc\" (the API group")),
        row(
            "does not judge a URL webhook",
            () ->
                Fixture.manifest()
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com")
                            .url("https://hooks.example.com/validate"))),
        row(
            "does not judge a conversion webhook aimed at default/kubernetes",
            () ->
                Fixture.manifest()
                    .conversionCrd(
                        "widgets.example.com",
                        List.of("v1beta1", "v1"),
                        Fixture.hook("").service("default", "kubernetes").path("/convert"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new ServingCertificate(), c);
  }

  /** An expired leaf for {@link CheckTable#SVC} behind webhooks of these kinds, one each. */
  static List<Finding> expiredBehind(String... kinds) {
    TestPki.Cert ca = ca();
    TestPki.Cert leaf =
        TestPki.leaf(allNames(SVC, NS))
            .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10)))
            .signedBy(ca)
            .build();
    Fixture f =
        Fixture.manifest()
            .service(NS, SVC, APP, 443, "https")
            .workload("Deployment", NS, "server", server(SECRET))
            .tlsSecret(NS, SECRET, leaf, ca);
    for (String kind : kinds) {
      f.webhooks(
          kind,
          kind.toLowerCase(java.util.Locale.ROOT) + "-hooks",
          Fixture.hook("check.example.com").service(NS, SVC).caBundle(ca));
    }
    return CheckTable.run(new ServingCertificate(), f.snapshot(), DoctorOptions.at(NOW)).stream()
        .filter(x -> x.code() == CERT_EXPIRED)
        .toList();
  }

  @Test
  void theIssuePrintedForAMutatingWebhookPatchesTheMutatingConfiguration() {
    List<Finding> got = expiredBehind("Mutating");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).fix())
        .contains("--webhook mutating-hooks --webhook-kind mutating (apply the Secret")
        .doesNotContain("certmedic fix");
  }

  @Test
  void theIssuePrintedForAValidatingWebhookNeedsNoKindSinceValidatingIsTheDefault() {
    List<Finding> got = expiredBehind("Validating");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).fix())
        .contains("--webhook validating-hooks (apply the Secret")
        .doesNotContain("--webhook-kind");
  }

  @Test
  void callersSharingOneSecretAreSentToFixForOneCaInsteadOfOneIssueEach() {
    List<Finding> got = expiredBehind("Validating", "Mutating");
    assertThat(got).hasSize(2);
    for (Finding f : got) {
      assertThat(f.fix())
          .contains("without that CA's key, run 'certmedic fix'")
          .contains("2 callers trust this Secret")
          .contains("ValidatingWebhookConfiguration validating-hooks")
          .contains("MutatingWebhookConfiguration mutating-hooks")
          .doesNotContain("--webhook ");
    }
  }
}
