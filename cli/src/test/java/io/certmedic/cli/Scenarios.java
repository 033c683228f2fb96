package io.certmedic.cli;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** Clusters the incidents do not cover, for fix: callers that work now and must keep working. */
final class Scenarios {

  private Scenarios() {}

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Service webhooks/policy-gate serves a certificate that expires ten days after {@code now}, with
   * its real key; four callers trust its CA (two webhook entries, a CRD conversion, an APIService).
   * With {@code caKeyInCluster}, Secret policy-gate-ca holds the CA and its key.
   */
  static String expiringSoon(Instant now, boolean caKeyInCluster) {
    SecureRandom r = new SecureRandom();
    CertificateAuthority ca =
        Issuer.newCa(
            "policy-gate-ca",
            KeyType.ECDSA_P256,
            Duration.ofDays(3650),
            now.minus(Duration.ofDays(355)),
            r);
    IssuedCertificate leaf =
        Issuer.serving(
            ca,
            ServingCertRequest.forService("policy-gate", "webhooks")
                .withLifetime(Duration.ofDays(365)),
            now.minus(Duration.ofDays(355)),
            r);
    String caPem = b64(PemWriter.certificate(ca.certificate()));
    String y =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: policy-gate-tls, namespace: webhooks}
        type: kubernetes.io/tls
        data: {ca.crt: %s, tls.crt: %s, tls.key: %s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: policy-gate, namespace: webhooks}
        spec: {selector: {app: policy-gate}, ports: [{name: https, port: 443, targetPort: 8443}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: policy-gate, namespace: webhooks}
        spec:
          replicas: 1
          selector: {matchLabels: {app: policy-gate}}
          template:
            metadata: {labels: {app: policy-gate}}
            spec:
              containers:
              - name: server
                image: registry.example/policy-gate:1
                ports: [{containerPort: 8443}]
                volumeMounts: [{name: certs, mountPath: /certs}]
              volumes: [{name: certs, secret: {secretName: policy-gate-tls}}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: policy-gate}
        webhooks:
        - name: a.policy-gate.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          failurePolicy: Fail
          clientConfig: {caBundle: %s, service: {name: policy-gate, namespace: webhooks, path: /a}}
        - name: b.policy-gate.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          failurePolicy: Fail
          clientConfig: {caBundle: %s, service: {name: policy-gate, namespace: webhooks, path: /b}}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: policies.example.com}
        spec:
          group: example.com
          names: {kind: Policy, plural: policies}
          scope: Namespaced
          versions: [{name: v1, served: true, storage: true}, {name: v2, served: true, storage: false}]
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig: {caBundle: %s, service: {name: policy-gate, namespace: webhooks, path: /convert, port: 443}}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1.policy.example.com}
        spec: {group: policy.example.com, version: v1, groupPriorityMinimum: 1000, versionPriority: 100, caBundle: %s, service: {name: policy-gate, namespace: webhooks, port: 443}}
        """
            .formatted(
                caPem,
                b64(PemWriter.certificate(leaf.certificate())),
                b64(PemWriter.privateKey(leaf.privateKey())),
                caPem,
                caPem,
                caPem,
                caPem);
    if (caKeyInCluster) {
      y +=
          """
          ---
          apiVersion: v1
          kind: Secret
          metadata: {name: policy-gate-ca, namespace: webhooks}
          type: kubernetes.io/tls
          data: {tls.crt: %s, tls.key: %s}
          """
              .formatted(caPem, b64(PemWriter.privateKey(ca.privateKey())));
    }
    return y;
  }
}
