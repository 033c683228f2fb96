package io.certmedic.core.snapshot;

import java.util.List;

/**
 * An Ingress (networking.k8s.io/v1): its class, its {@code spec.tls} entries and the hosts of its
 * rules. Its annotations (in {@code meta}) say whether cert-manager will make the TLS Secrets.
 */
public record IngressRecord(
    Meta meta, String ingressClassName, List<Tls> tls, List<String> ruleHosts) {

  /** cert-manager's ingress-shim annotations: any of them means it will create the Secrets. */
  public static final List<String> CERT_MANAGER_ANNOTATIONS =
      List.of("cert-manager.io/cluster-issuer", "cert-manager.io/issuer");

  /** The older annotation cert-manager's ingress-shim also honours when it is "true". */
  public static final String TLS_ACME_ANNOTATION = "kubernetes.io/tls-acme";

  public IngressRecord {
    ingressClassName = ingressClassName == null ? "" : ingressClassName;
    tls = List.copyOf(tls);
    ruleHosts = List.copyOf(ruleHosts);
  }

  /** One {@code spec.tls} entry: the hosts it serves and the Secret ("" when not named). */
  public record Tls(List<String> hosts, String secretName) {
    public Tls {
      hosts = List.copyOf(hosts);
      secretName = secretName == null ? "" : secretName;
    }
  }

  /** True when cert-manager's ingress annotations say it will create the TLS Secrets. */
  public boolean certManagerMakesSecrets() {
    return CERT_MANAGER_ANNOTATIONS.stream().anyMatch(a -> meta.annotation(a) != null)
        || "true".equals(meta.annotation(TLS_ACME_ANNOTATION));
  }
}
