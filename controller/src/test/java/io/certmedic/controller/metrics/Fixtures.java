package io.certmedic.controller.metrics;

import io.certmedic.controller.Annotations;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster objects for the tests, shaped as the informer caches hand them out (uid, resourceVersion
 * set).
 */
final class Fixtures {

  private Fixtures() {}

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A kubernetes.io/tls Secret holding {@code cert} (and its private key), as certmedic issues them
   * when {@code managedFor} is set.
   */
  static Secret tlsSecret(
      String ns, String name, TestPki.Cert cert, TestPki.Cert ca, String managedFor) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("tls.crt", b64(PemWriter.certificate(cert.cert())));
    data.put("tls.key", b64(PemWriter.privateKey(cert.key())));
    if (ca != null) {
      data.put("ca.crt", b64(PemWriter.certificate(ca.cert())));
    }
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .withResourceVersion("1")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(data);
    if (managedFor != null) {
      b.editMetadata()
          .addToLabels(Annotations.MANAGED_LABEL, "true")
          .addToAnnotations(Annotations.ORIGINATING_SERVICE_NAME, managedFor)
          .addToAnnotations(Annotations.ORIGINATING_SERVICE_UID, UUID.randomUUID().toString())
          .endMetadata();
    }
    return b.build();
  }

  /** The same Secret at another resourceVersion (as an informer update hands it out). */
  static Secret withResourceVersion(Secret s, String rv) {
    return new SecretBuilder(s).editMetadata().withResourceVersion(rv).endMetadata().build();
  }
}
