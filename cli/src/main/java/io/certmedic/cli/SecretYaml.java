package io.certmedic.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * A {@code kubernetes.io/tls} Secret as one YAML document, and optionally the caBundle patch as
 * comment lines after it, so the whole output still pipes into {@code kubectl apply -f -}.
 */
final class SecretYaml {

  private SecretYaml() {}

  /** What goes into the Secret; PEM text for each key of its data. */
  record Contents(
      String name, String namespace, String caPem, String certPem, String keyPem, String about) {
    Contents {
      requireNonNull(name, "name == null");
      requireNonNull(namespace, "namespace == null");
      requireNonNull(caPem, "caPem == null");
      requireNonNull(certPem, "certPem == null");
      requireNonNull(keyPem, "keyPem == null");
      requireNonNull(about, "about == null");
    }

    @Override
    public String toString() {
      return "SecretYaml.Contents[" + namespace + "/" + name + ", key redacted]";
    }
  }

  /** The caBundle patch to print after the Secret: which object, of which kind. */
  record Patch(WebhookKind kind, String objectName) {
    Patch {
      requireNonNull(kind, "kind == null");
      requireNonNull(objectName, "objectName == null");
    }
  }

  static String render(Contents c, Patch patch) {
    StringBuilder y = new StringBuilder();
    y.append("# ").append(c.about()).append('\n');
    y.append("apiVersion: v1\n");
    y.append("kind: Secret\n");
    y.append("metadata:\n");
    y.append("  name: ").append(c.name()).append('\n');
    y.append("  namespace: ").append(c.namespace()).append('\n');
    y.append("  labels:\n");
    y.append("    app.kubernetes.io/managed-by: certmedic\n");
    y.append("type: kubernetes.io/tls\n");
    y.append("data:\n");
    y.append("  ca.crt: ").append(base64(c.caPem())).append('\n');
    y.append("  tls.crt: ").append(base64(c.certPem())).append('\n');
    y.append("  tls.key: ").append(base64(c.keyPem())).append('\n');
    if (patch != null) {
      String bundle = base64(c.caPem());
      y.append("# Then make the API server trust this CA: set the caBundle of ")
          .append(patch.kind().kubectlResource())
          .append(' ')
          .append(patch.objectName())
          .append(":\n");
      y.append("# ").append(patch.kind().kubectlPatch(patch.objectName(), bundle)).append('\n');
      if (patch.kind().perWebhook()) {
        y.append(
            "# That patches webhooks[0]; repeat with /webhooks/1/, /webhooks/2/ ... for every webhook in it\n");
        y.append(
            "# that calls this Service. Where a webhook has no caBundle yet, use \"op\":\"add\" instead.\n");
      } else {
        y.append(
            "# Where the object has no caBundle yet, use \"op\":\"add\" instead of \"replace\".\n");
      }
    }
    return y.toString();
  }

  static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(US_ASCII));
  }
}
