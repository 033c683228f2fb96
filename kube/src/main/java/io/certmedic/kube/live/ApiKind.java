package io.certmedic.kube.live;

/**
 * A kind the live reader lists: where the API serves it, whether it lives in namespaces, and which
 * checks go without it when it cannot be listed. {@code optional} kinds (CRDs such as
 * cert-manager's Certificate) may be absent from a cluster: a 404 then means "not installed".
 */
public record ApiKind(
    String kind,
    String apiVersion,
    String plural,
    boolean namespaced,
    boolean optional,
    String skippedWithout) {

  /**
   * {@code /api/v1/namespaces/ns/secrets} or {@code /apis/apps/v1/deployments}; {@code namespace}
   * null for all.
   */
  public String path(String namespace) {
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return namespaced && namespace != null
        ? root + "/namespaces/" + namespace + "/" + plural
        : root + "/" + plural;
  }

  /**
   * {@code secrets} or {@code validatingwebhookconfigurations.admissionregistration.k8s.io}, as
   * RBAC rules and kubectl name it.
   */
  public String resource() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? plural : plural + "." + apiVersion.substring(0, slash);
  }

  /** {@code Secrets}, {@code ValidatingWebhookConfigurations}: the kind in a sentence. */
  public String kindPlural() {
    return kind + "s";
  }
}
