package io.certmedic.kube.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.CallerTarget;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import io.certmedic.core.testing.TestTlsServer;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor --probe} against fabric8's mock API server: the objects are real API objects
 * (Service, Deployment, ReplicaSet, ready and unready Pods, Secret, webhook configuration);
 * port-forwarding is simulated at the {@link PortForwarder} seam by pointing at real TLS servers on
 * 127.0.0.1, so every handshake is a real one.
 */
@EnableKubernetesMockClient(crud = true)
class ServingProbesTest {

  private static final Cert CA = TestPki.ca("webhook-ca").build();
  private static final Cert OTHER_CA = TestPki.ca("someone-elses-ca").build();
  private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
  private static final Duration SHORT = Duration.ofMillis(500);

  KubernetesClient client;

  private final List<TestTlsServer> servers = new ArrayList<>();
  private final LocalForwarder forwarder = new LocalForwarder();

  @AfterEach
  void stopServers() {
    servers.forEach(TestTlsServer::close);
  }

  /**
   * Forwards {@code ns/pod:port} to a local test server; counts how many forwards are open at once.
   */
  static final class LocalForwarder implements PortForwarder {
    final Map<String, Integer> ports = new ConcurrentHashMap<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();

    @Override
    public Forwarded open(String namespace, String pod, int port) throws IOException {
      Integer local = ports.get(namespace + "/" + pod + ":" + port);
      if (local == null) {
        throw new IOException("no forward for " + namespace + "/" + pod + ":" + port);
      }
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      return new Forwarded() {
        @Override
        public String host() {
          return "127.0.0.1";
        }

        @Override
        public int localPort() {
          return local;
        }

        @Override
        public Optional<String> error() {
          return Optional.empty();
        }

        @Override
        public void close() {
          open.decrementAndGet();
        }
      };
    }
  }

  private static String b64(Cert c) {
    return Base64.getEncoder()
        .encodeToString(PemWriter.certificate(c.cert()).getBytes(StandardCharsets.US_ASCII));
  }

  private void apply(String yaml) {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
  }

  /**
   * A webhook in {@code ns}: Service web (port 443 -> targetPort "https"), Deployment web ->
   * ReplicaSet web-abc -> ready Pod web-abc-1 (https = 9443) and an unready web-abc-2, Secret
   * web-tls holding {@code inSecret}, a ValidatingWebhookConfiguration trusting {@code CA}. The
   * ready pod serves {@code server}.
   */
  private void webhook(String ns, Cert inSecret, TestTlsServer server) {
    servers.add(server);
    forwarder.ports.put(ns + "/web-abc-1:9443", server.port());
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: web-tls, namespace: %1$s}
        type: kubernetes.io/tls
        data: {tls.crt: %2$s, ca.crt: %3$s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: %1$s}
        spec: {selector: {app: web}, ports: [{port: 443, targetPort: https}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: %1$s, uid: dep-%1$s}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: web
                ports: [{name: https, containerPort: 9443}]
                volumeMounts: [{name: certs, mountPath: /certs}]
              volumes: [{name: certs, secret: {secretName: web-tls}}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-abc
          namespace: %1$s
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: dep-%1$s, controller: true}]
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-abc-1
          namespace: %1$s
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: rs-%1$s, controller: true}]
        spec: {containers: [{name: web, image: web, ports: [{name: https, containerPort: 9443}]}]}
        status: {phase: Running, podIP: 10.1.0.1, conditions: [{type: Ready, status: "True"}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-abc-2
          namespace: %1$s
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: rs-%1$s, controller: true}]
        spec: {containers: [{name: web, image: web, ports: [{name: https, containerPort: 9443}]}]}
        status: {phase: Running, podIP: 10.1.0.2, conditions: [{type: Ready, status: "False"}]}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: web-%1$s}
        webhooks:
        - name: check.%1$s.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          failurePolicy: Fail
          clientConfig:
            caBundle: %3$s
            service: {name: web, namespace: %1$s, path: /validate}
        """
            .formatted(ns, b64(inSecret), b64(CA)));
  }

  private static Cert leaf(String ns) {
    return TestPki.leaf("web." + ns + ".svc").signedBy(CA).build();
  }

  private List<Finding> doctor(Duration timeout) throws Exception {
    Snapshot s = LiveReader.read(client, null);
    List<ProbeObservation> probes = ServingProbes.gather(client, s, forwarder, timeout, CLOCK);
    Snapshot probed = s.toBuilder().addProbes(probes).build();
    return Doctor.run(probed, DoctorOptions.at(TestPki.NOW)).findings();
  }

  private static List<Finding> about(List<Finding> all, String ns) {
    return all.stream()
        .filter(
            f ->
                f.object().equals(ObjectRef.cluster("ValidatingWebhookConfiguration", "web-" + ns)))
        .toList();
  }

  private static List<Finding> probeFindings(List<Finding> all, String ns) {
    return about(all, ns).stream()
        .filter(
            f -> f.code() == FindingCode.PROBE_FAILED || f.code() == FindingCode.SERVING_CERT_STALE)
        .toList();
  }

  @Test
  void aPodServingTheCertificateItsSecretHoldsPassesQuietly() throws Exception {
    // Given a webhook whose pod serves the Secret's good certificate
    Cert good = leaf("good");
    webhook("good", good, TestTlsServer.serving(good.key(), good.cert()));

    // When the doctor probes it
    List<Finding> findings = doctor(SHORT);

    // Then nothing is reported about the probe, and only the ready pod was dialled
    assertThat(probeFindings(findings, "good")).isEmpty();
    assertThat(findings).filteredOn(f -> f.severity().atLeast(Severity.WARNING)).isEmpty();
  }

  @Test
  void aPodStillServingTheCertificateFromBeforeARotationIsStaleAndNamesTheRestart()
      throws Exception {
    // Given the KubeSphere incident: the Secret was renewed, the pod still serves the expired old
    // cert
    Cert old = TestPki.leaf("web.stale.svc").signedBy(CA).expiredDaysAgo(11).build();
    Cert renewed = leaf("stale");
    webhook("stale", renewed, TestTlsServer.serving(old.key(), old.cert()));

    // When the doctor probes it
    List<Finding> findings = doctor(SHORT);

    // Then it says the pod is stale, in Go's words, critical, and names the restart
    assertThat(probeFindings(findings, "stale"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SERVING_CERT_STALE);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "pod stale/web-abc-1 still serves an older certificate (serial "
                          + old.cert().getSerialNumber().toString(16))
                  .contains(
                      "than Secret stale/web-tls holds (serial "
                          + renewed.cert().getSerialNumber().toString(16))
                  .contains(
                      "x509: certificate has expired or is not yet valid: current time 2026-06-01T12:00:00Z is after");
              assertThat(f.fix()).contains("kubectl -n stale rollout restart deployment web");
            });
  }

  @Test
  void aStalePodWhoseOldCertificateStillVerifiesIsAWarning() throws Exception {
    // Given a renewal the pod missed, while its old certificate is still valid
    Cert old =
        TestPki.leaf("web.early.svc")
            .signedBy(CA)
            .validity(TestPki.NOW.minus(Duration.ofDays(60)), TestPki.NOW.plus(Duration.ofDays(5)))
            .build();
    webhook("early", leaf("early"), TestTlsServer.serving(old.key(), old.cert()));

    List<Finding> findings = doctor(SHORT);

    assertThat(probeFindings(findings, "early"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SERVING_CERT_STALE);
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message()).contains("it still verifies");
            });
  }

  @Test
  void aServedCertificateForAnotherNameFailsInGosWords() throws Exception {
    // Given a pod serving a certificate for the Service's old name (the Spark operator rename)
    Cert renamed = TestPki.leaf("web-old.renamed.svc").signedBy(CA).build();
    webhook("renamed", renamed, TestTlsServer.serving(renamed.key(), renamed.cert()));

    List<Finding> findings = doctor(SHORT);

    assertThat(probeFindings(findings, "renamed"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.PROBE_FAILED);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "pod renamed/web-abc-1 served a certificate that fails the API server's verification for web.renamed.svc: "
                          + "\"x509: certificate is valid for web-old.renamed.svc, not web.renamed.svc\"");
              assertThat(f.evidence())
                  .anyMatch(
                      e ->
                          e.startsWith(
                              "probed pod renamed/web-abc-1:9443 with SNI web.renamed.svc"));
            });
  }

  @Test
  void aServedCertificateFromACaTheCallerDoesNotTrustFails() throws Exception {
    // Given a pod serving a certificate signed by a CA that is not in the caBundle
    Cert foreign = TestPki.leaf("web.foreign.svc").signedBy(OTHER_CA).build();
    webhook("foreign", foreign, TestTlsServer.serving(foreign.key(), foreign.cert()));

    List<Finding> findings = doctor(SHORT);

    assertThat(probeFindings(findings, "foreign"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.PROBE_FAILED);
              assertThat(f.message()).contains("\"x509: certificate signed by unknown authority\"");
            });
  }

  @Test
  void aPodThatNeverAnswersIsReportedAndTheRunStillCompletes() throws Exception {
    // Given one silent pod and one good one
    webhook("silent", leaf("silent"), TestTlsServer.silent());
    Cert good = leaf("good");
    webhook("good", good, TestTlsServer.serving(good.key(), good.cert()));

    // When the doctor probes with a short bound
    long start = System.nanoTime();
    List<Finding> findings = doctor(SHORT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Then the silent one is a timeout in the bound's words, the good one is judged too
    assertThat(probeFindings(findings, "silent"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.PROBE_FAILED);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "the handshake with pod silent/web-abc-1 as web.silent.svc failed: timed out after 500ms in the TLS handshake with pod silent/web-abc-1:9443");
            });
    assertThat(probeFindings(findings, "good")).isEmpty();
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void probesRunInParallel() throws Exception {
    // Given six webhooks whose pods never answer
    for (int i = 0; i < 6; i++) {
      webhook("slow" + i, leaf("slow" + i), TestTlsServer.silent());
    }

    // When the doctor probes them with a 500 ms bound each
    long start = System.nanoTime();
    List<Finding> findings = doctor(SHORT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Then all six time out, several at once, in well under the three seconds one after another
    // takes
    assertThat(findings).filteredOn(f -> f.code() == FindingCode.PROBE_FAILED).hasSize(6);
    assertThat(forwarder.maxOpen.get()).isGreaterThan(1);
    Snapshot s = LiveReader.read(client, null);
    long start2 = System.nanoTime();
    ServingProbes.gather(client, s, forwarder, SHORT, CLOCK);
    assertThat(Duration.ofNanos(System.nanoTime() - start2)).isLessThan(Duration.ofMillis(2_500));
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void oneHandshakePerPodServesEveryWebhookThatDialsIt() throws Exception {
    // Given a configuration with two webhooks on one Service
    Cert good = leaf("pair");
    webhook("pair", good, TestTlsServer.serving(good.key(), good.cert()));
    apply(
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: pair-mutating}
        webhooks:
        - {name: a.pair.example.com, admissionReviewVersions: [v1], sideEffects: None, clientConfig: {caBundle: %1$s, service: {name: web, namespace: pair}}}
        - {name: b.pair.example.com, admissionReviewVersions: [v1], sideEffects: None, clientConfig: {caBundle: %1$s, service: {name: web, namespace: pair}}}
        """
            .formatted(b64(CA)));

    // When the callers are probed
    List<ProbeObservation> probes =
        ServingProbes.gather(client, LiveReader.read(client, null), forwarder, SHORT, CLOCK);

    // Then every caller has its observation of the one ready pod, with the workload to restart
    assertThat(probes)
        .hasSize(3)
        .allSatisfy(
            o -> {
              assertThat(o.outcome()).isEqualTo(Outcome.PRESENTED);
              CallerTarget t = (CallerTarget) o.target();
              assertThat(t.pod()).isEqualTo("web-abc-1");
              assertThat(t.workload()).isEqualTo(ObjectRef.of("Deployment", "pair", "web"));
            });
    assertThat(probes)
        .extracting(o -> ((CallerTarget) o.target()).webhook())
        .containsExactlyInAnyOrder(
            "check.pair.example.com", "a.pair.example.com", "b.pair.example.com");
  }

  @Test
  void aServiceWithNoReadyPodIsWhatTheApiServerMeetsToo() throws Exception {
    // Given a webhook whose only pod is not ready
    webhook("down", leaf("down"), TestTlsServer.silent());
    client.pods().inNamespace("down").withName("web-abc-1").delete();

    List<Finding> findings = doctor(SHORT);

    assertThat(probeFindings(findings, "down"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "no ready pod behind Service down/web (the API server gets: no endpoints available for service \"web\")");
            });
  }

  @Test
  void aPortForwardTheApiServerRefusesIsNotABrokenWebhook() throws Exception {
    // Given a good webhook, probed through fabric8's real port-forward, which the mock server does
    // not serve
    Cert good = leaf("fwd");
    webhook("fwd", good, TestTlsServer.serving(good.key(), good.cert()));
    Snapshot s = LiveReader.read(client, null);

    // When certmedic probes it through the API server
    List<ProbeObservation> probes =
        ServingProbes.gather(client, s, new Fabric8PortForwarder(client), SHORT, CLOCK);

    // Then it says it could not probe, and the finding is a warning, not a critical failure
    assertThat(probes)
        .singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.NOT_PROBED));
    List<Finding> findings =
        Doctor.run(s.toBuilder().addProbes(probes).build(), DoctorOptions.at(TestPki.NOW))
            .findings();
    assertThat(probeFindings(findings, "fwd"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message()).contains("certmedic could not probe pod fwd/web-abc-1");
            });
  }

  @Test
  void observationsSayWhenTheyWereMade() throws Exception {
    Cert good = leaf("when");
    webhook("when", good, TestTlsServer.serving(good.key(), good.cert()));
    List<ProbeObservation> probes =
        ServingProbes.gather(client, LiveReader.read(client, null), forwarder, SHORT, CLOCK);
    assertThat(probes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.at()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
              assertThat(o.serverName()).isEqualTo("web.when.svc");
              assertThat(o.presented())
                  .extracting(c -> c.certificate())
                  .containsExactly(good.cert());
            });
  }
}
