package io.certmedic.kube.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.FindingDiff;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.live.LiveException;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preflight against a live cluster (fabric8's mock API server): the current state is listed, not
 * dumped.
 */
@EnableKubernetesMockClient(crud = true)
class PreflightLiveTest {

  KubernetesClient client;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void predictsFromTheLiveClusterThatARenameBreaksTheKeptCertificate() throws Exception {
    // Given a healthy webhook, its Service and the Secret the operator wrote, in a cluster
    TestPki.Cert ca = TestPki.ca("hook-ca").build();
    TestPki.Cert leaf = TestPki.leaf("hook.ns.svc").signedBy(ca).build();
    String labels = "labels: {app.kubernetes.io/instance: rel}";
    String current =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: hook-certs, namespace: ns, %s}
        type: kubernetes.io/tls
        data: {tls.crt: %s, ca.crt: %s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: hook, namespace: ns, %s}
        spec: {selector: {app: hook}, ports: [{port: 443, targetPort: 9443}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: hook, namespace: ns}
        spec:
          selector: {matchLabels: {app: hook}}
          template:
            metadata: {labels: {app: hook}}
            spec:
              containers: [{name: hook, args: [--secret-name=hook-certs], ports: [{containerPort: 9443}]}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: hook, %s}
        webhooks:
        - name: hook.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          clientConfig: {service: {name: hook, namespace: ns, port: 443}, caBundle: %s}
        """
            .formatted(
                labels,
                b64(PemWriter.certificate(leaf.cert())),
                b64(PemWriter.certificate(ca.cert())),
                labels,
                labels,
                b64(PemWriter.certificate(ca.cert())));
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(current.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
    // When the new chart renames the Service (and renders the webhook without caBundle)
    String render =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: hook-svc, %s}
        spec: {selector: {app: hook}, ports: [{port: 443, targetPort: 9443}]}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: hook, %s}
        webhooks:
        - name: hook.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          clientConfig: {service: {name: hook-svc, namespace: ns, port: 443}}
        """
            .formatted(labels, labels);
    Preflight.Render r = Preflight.readRender(render, "render");
    Preflight.Prediction p =
        Preflight.predict(
            tap -> {
              try {
                return LiveReader.read(client, null, tap);
              } catch (LiveException e) {
                throw new ManifestException(e.getMessage());
              }
            },
            Overlay.of(r.documents(), "rel", "ns"),
            r);

    // Then the kept Secret no longer names the Service the API server dials: a new SAN_MISMATCH
    DoctorOptions o = DoctorOptions.at(TestPki.NOW);
    List<FindingDiff.Marked> m =
        FindingDiff.compare(
            Doctor.run(p.current(), o).findings(), Doctor.run(p.predicted(), o).findings());
    assertThat(m)
        .filteredOn(x -> x.status() == FindingDiff.Status.NEW)
        .extracting(x -> x.finding().code())
        .contains(FindingCode.SAN_MISMATCH);
    assertThat(p.predicted().service("ns", "hook")).isEmpty();
    assertThat(p.predicted().secret("ns", "hook-certs")).isPresent();
    assertThat(p.changes())
        .extracting(Change::type)
        .contains(
            Change.Type.SERVICE_RENAMED,
            Change.Type.CALLER_REPOINTED,
            Change.Type.CABUNDLE_EMPTIED);
  }
}
