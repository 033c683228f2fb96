package io.certmedic.kube.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LiveReaderTest {

  KubernetesClient client;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  private void apply(String yaml) {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
  }

  @Test
  void aRenamedServiceIsFoundLiveAsInADump() throws Exception {
    // Given a webhook whose Service was renamed while its certificate kept the old name
    TestPki.Cert ca = TestPki.ca("spark-ca").build();
    TestPki.Cert leaf = TestPki.leaf("spark-operator-webhook.default.svc").signedBy(ca).build();
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: spark-operator-webhook-certs, namespace: default}
        type: kubernetes.io/tls
        data: {tls.crt: %s, ca.crt: %s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: spark-operator-webhook-svc, namespace: default}
        spec: {selector: {app: spark-webhook}, ports: [{port: 443, targetPort: 9443}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spark-operator-webhook, namespace: default}
        spec:
          selector: {matchLabels: {app: spark-webhook}}
          template:
            metadata: {labels: {app: spark-webhook}}
            spec:
              containers:
              - name: webhook
                ports: [{containerPort: 9443}]
                volumeMounts: [{name: certs, mountPath: /certs}]
              volumes: [{name: certs, secret: {secretName: spark-operator-webhook-certs}}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: spark-operator-webhook}
        webhooks:
        - name: validate.sparkoperator.k8s.io
          admissionReviewVersions: [v1]
          sideEffects: None
          failurePolicy: Fail
          clientConfig:
            caBundle: %s
            service: {name: spark-operator-webhook-svc, namespace: default, path: /validate}
        """
            .formatted(
                b64(PemWriter.certificate(leaf.cert())),
                b64(PemWriter.certificate(ca.cert())),
                b64(PemWriter.certificate(ca.cert()))));

    // When the doctor reads the cluster
    Snapshot s = LiveReader.read(client, null);

    // Then it sees the objects as live, and finds the mismatch in Go's words
    assertThat(s.secrets()).singleElement().satisfies(x -> assertThat(x.meta().live()).isTrue());
    assertThat(s.holds("Secret", "kube-system"))
        .as("an all-namespace list judges absence everywhere")
        .isTrue();
    var findings = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();
    assertThat(findings)
        .filteredOn(f -> f.severity().atLeast(Severity.ERROR))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SAN_MISMATCH);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "x509: certificate is valid for spark-operator-webhook.default.svc, not spark-operator-webhook-svc.default.svc");
            });
  }

  @Test
  void ingressesRunningPodsAndCsrsAreReadLive() throws Exception {
    // Given an Ingress, a running Pod of a Deployment and a pending kubelet-serving CSR
    apply(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: web, annotations: {cert-manager.io/cluster-issuer: le}}
        spec:
          ingressClassName: nginx
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules: [{host: shop.example.com}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: shop-5f7c9-abcde
          namespace: web
          labels: {app: shop, pod-template-hash: 5f7c9}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: shop-5f7c9, uid: u1, controller: true}]
        spec:
          nodeName: node-1
          containers:
          - name: app
            image: shop:1
            env: [{name: SSL_CERT_FILE, value: /etc/bundle/ca.crt}]
            volumeMounts: [{name: bundle, mountPath: /etc/bundle}]
          volumes: [{name: bundle, configMap: {name: trust-bundle}}]
        status:
          phase: Running
          containerStatuses: [{name: app, ready: true, restartCount: 0, image: shop:1, imageID: "",
            state: {running: {startedAt: "2026-05-01T08:00:00Z"}}}]
        ---
        apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata: {name: csr-abc}
        spec:
          signerName: kubernetes.io/kubelet-serving
          username: system:node:node-1
          usages: [server auth]
          request: %s
        """
            .formatted(b64("not a request")));

    // When the doctor reads the cluster
    Snapshot s = LiveReader.read(client, null);

    // Then each is mapped, and nothing else changes
    assertThat(s.ingresses())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.tls().get(0).secretName()).isEqualTo("shop-tls");
              assertThat(i.certManagerMakesSecrets()).isTrue();
            });
    assertThat(s.podsIn("web"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.owner().describe()).isEqualTo("Deployment web/shop");
              assertThat(p.volumes().get(0).sources().get(0).name()).isEqualTo("trust-bundle");
            });
    assertThat(s.certificateSigningRequests())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.signerName()).isEqualTo("kubernetes.io/kubelet-serving");
              assertThat(c.pending()).isTrue();
            });
    assertThat(s.holds("Ingress", "other")).as("listed in every namespace").isTrue();
    assertThat(s.unreadable()).isEmpty();
  }

  @Test
  void podsThatStartedBeforeTheirCaBundleChangedAreFoundLive() throws Exception {
    // Given a trust bundle rewritten on 2026-05-20 (its managedFields say so), one pod of
    // Deployment shop started before that and one pod of Deployment cart started after
    String ca = PemWriter.certificate(TestPki.ca("corp-ca").build().cert()).replace("\n", "\n    ");
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s-5f7c9-abcde
          namespace: trust
          labels: {app: %1$s, pod-template-hash: 5f7c9}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %1$s-5f7c9, uid: u1, controller: true}]
        spec:
          nodeName: node-1
          containers:
          - name: app
            image: shop:1
            env: [{name: SSL_CERT_FILE, value: /etc/bundle/ca.crt}]
            volumeMounts: [{name: bundle, mountPath: /etc/bundle}]
          volumes: [{name: bundle, configMap: {name: corp-bundle}}]
        status:
          phase: Running
          containerStatuses: [{name: app, ready: true, restartCount: 0, image: shop:1, imageID: "",
            state: {running: {startedAt: "%2$s"}}}]
        """;
    apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: corp-bundle
          namespace: trust
          managedFields:
          - manager: kubectl-client-side-apply
            operation: Update
            time: "2026-05-20T09:00:00Z"
            fieldsType: FieldsV1
            fieldsV1: {"f:data": {"f:ca.crt": {}}}
        data:
          ca.crt: |
            %s
        ---
        """
                .formatted(ca)
            + pod.formatted("shop", "2026-05-19T08:00:00Z")
            + "---\n"
            + pod.formatted("cart", "2026-05-21T08:00:00Z"));

    // When the doctor reads the cluster and runs
    Snapshot s = LiveReader.read(client, null);
    var found = Doctor.run(s, DoctorOptions.at(TestPki.NOW)).findings();

    // Then only shop is stale, with the rollout restart to run
    assertThat(s.dataChangeRecorded()).isTrue();
    assertThat(found)
        .filteredOn(f -> f.code() == FindingCode.POD_TRUST_STALE)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.object().describe()).isEqualTo("Deployment trust/shop");
              assertThat(f.fix()).endsWith("kubectl -n trust rollout restart deployment/shop");
            });
  }
}
