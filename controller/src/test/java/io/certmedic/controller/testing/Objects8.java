package io.certmedic.controller.testing;

import io.certmedic.controller.Annotations;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builders for the objects controller tests put in a cluster, and readers for what it writes. */
public final class Objects8 {

  private Objects8() {}

  /** A ClusterIP Service asking for a serving cert in {@code secret}. */
  public static Service annotatedService(String ns, String name, String secret) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withAnnotations(Map.of(Annotations.SERVING_CERT_SECRET_NAME, secret))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("10.0.0.10")
        .addNewPort()
        .withPort(443)
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * A webhook configuration with one webhook calling {@code ns/svc}, carrying {@code annotations}.
   */
  public static ValidatingWebhookConfiguration webhook(
      String name, String ns, String svc, Map<String, String> annotations) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .addNewWebhook()
        .withName("check." + name + ".example.com")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withNewService()
        .withNamespace(ns)
        .withName(svc)
        .withPath("/validate")
        .endService()
        .endClientConfig()
        .endWebhook()
        .addNewWebhook()
        .withName("url." + name + ".example.com")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withUrl("https://example.com/hook")
        .endClientConfig()
        .endWebhook()
        .build();
  }

  public static ConfigMap configMap(
      String ns, String name, Map<String, String> annotations, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withData(data)
        .build();
  }

  public static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** A Deployment mounting {@code secret} as its TLS volume. */
  public static Deployment deployment(
      String ns, String name, String secret, Map<String, String> annotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("server")
        .withImage("example/server:1")
        .endContainer()
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(secret)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A Secret data value, decoded. */
  public static byte[] data(Secret s, String key) {
    String v = s.getData() == null ? null : s.getData().get(key);
    return v == null ? null : Base64.getDecoder().decode(v);
  }

  public static List<X509Certificate> certs(byte[] pem) {
    try {
      return PemReader.readCertificates(pem, "test");
    } catch (CertParseException e) {
      throw new AssertionError(e);
    }
  }

  public static X509Certificate leaf(Secret s) {
    return certs(data(s, "tls.crt")).get(0);
  }
}
