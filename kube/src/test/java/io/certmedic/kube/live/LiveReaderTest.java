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
}
