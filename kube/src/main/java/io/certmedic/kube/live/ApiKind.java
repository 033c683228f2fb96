package io.certmedic.kube.live;

/**
 * A kind the live reader lists: where the API serves it, whether it lives in namespaces, and which
 * checks go without it when it cannot be listed. {@code optional} kinds (CRDs such as
 * cert-manager's Certificate) may be absent from a cluster: a 404 then means "not installed", and
 * the kind is listed at {@code olderApiVersion} instead when one is given.
 */
public record ApiKind(
    String kind,
    String apiVersion,
    String plural,
    boolean namespaced,
    boolean optional,
    String skippedWithout,
    String olderApiVersion) {

  /** A kind served at one version only. */
  public ApiKind(
      String kind,
      String apiVersion,
      String plural,
      boolean namespaced,
      boolean optional,
      String skippedWithout) {
    this(kind, apiVersion, plural, namespaced, optional, skippedWithout, null);
  }

  /**
   * The same kind at {@link #olderApiVersion()}, a version of the same group (Gateway API's v1beta1
   * where v1 is not served yet), or null when there is none.
   */
  public ApiKind older() {
    if (olderApiVersion == null) {
      return null;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash + 1);
    return new ApiKind(
        kind, group + olderApiVersion, plural, namespaced, optional, skippedWithout, null);
  }

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
