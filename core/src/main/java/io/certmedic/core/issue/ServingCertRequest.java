package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.verify.IpLiteral;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a serving certificate for a Service must carry. Build with {@link #forService} and the
 * {@code with*} methods; {@link #dnsNames()} gives the full, de-duplicated name list.
 */
public record ServingCertRequest(
    String service,
    String namespace,
    String clusterDomain,
    List<String> extraNames,
    List<String> ipAddresses,
    boolean headless,
    KeyType keyType,
    Duration lifetime) {

  /** Serving certificates live 90 days by default, as cert-manager's and Let's Encrypt's do. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);

  public ServingCertRequest {
    requireNonNull(service, "service == null");
    requireNonNull(namespace, "namespace == null");
    requireNonNull(keyType, "keyType == null");
    requireNonNull(lifetime, "lifetime == null");
    if (service.isBlank() || namespace.isBlank()) {
      throw new IllegalArgumentException("service and namespace must not be empty");
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive, got " + lifetime);
    }
    clusterDomain = clusterDomain == null ? ServiceNames.DEFAULT_CLUSTER_DOMAIN : clusterDomain;
    extraNames = List.copyOf(extraNames);
    ipAddresses = List.copyOf(ipAddresses);
    for (String ip : ipAddresses) {
      IpLiteral.canonical(ip); // fails early, naming the address
    }
  }

  public static ServingCertRequest forService(String service, String namespace) {
    return new ServingCertRequest(
        service,
        namespace,
        ServiceNames.DEFAULT_CLUSTER_DOMAIN,
        List.of(),
        List.of(),
        false,
        KeyType.DEFAULT,
        DEFAULT_LIFETIME);
  }

  public ServingCertRequest withClusterDomain(String domain) {
    return new ServingCertRequest(
        service, namespace, domain, extraNames, ipAddresses, headless, keyType, lifetime);
  }

  public ServingCertRequest withExtraNames(List<String> names) {
    return new ServingCertRequest(
        service, namespace, clusterDomain, names, ipAddresses, headless, keyType, lifetime);
  }

  public ServingCertRequest withIpAddresses(List<String> ips) {
    return new ServingCertRequest(
        service, namespace, clusterDomain, extraNames, ips, headless, keyType, lifetime);
  }

  public ServingCertRequest withHeadless(boolean h) {
    return new ServingCertRequest(
        service, namespace, clusterDomain, extraNames, ipAddresses, h, keyType, lifetime);
  }

  public ServingCertRequest withKeyType(KeyType type) {
    return new ServingCertRequest(
        service, namespace, clusterDomain, extraNames, ipAddresses, headless, type, lifetime);
  }

  public ServingCertRequest withLifetime(Duration d) {
    return new ServingCertRequest(
        service, namespace, clusterDomain, extraNames, ipAddresses, headless, keyType, d);
  }

  /** The Service's names first (the API server's {@code name.ns.svc} among them), then extras. */
  public List<String> dnsNames() {
    LinkedHashSet<String> all =
        new LinkedHashSet<>(ServiceNames.of(service, namespace, clusterDomain, headless));
    all.addAll(extraNames);
    return new ArrayList<>(all);
  }
}
