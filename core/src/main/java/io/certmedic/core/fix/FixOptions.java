package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServiceNames;
import java.time.Duration;

/**
 * What {@code certmedic fix} may do and how it issues: whether orphaned APIServices may be deleted,
 * the key type and lifetimes of what it issues, the cluster domain, and where the private keys of
 * in-cluster CAs can be read ({@link CaKeys}; the snapshot itself never holds one). Shared by the
 * CLI and the controller; defaults are the constants below.
 */
public record FixOptions(
    boolean allowDelete,
    KeyType keyType,
    Duration leafLifetime,
    Duration caLifetime,
    String clusterDomain,
    CaKeys caKeys) {

  /**
   * Serving certificates fix issues live a year: the clusters that need fix are the ones where
   * nothing renews (the doctor's CERT_NOT_MANAGED says so), and a year leaves time to hand the
   * Secret to a controller. cert-manager's 90 days suit certificates something renews.
   */
  public static final Duration DEFAULT_LEAF_LIFETIME = Duration.ofDays(365);

  public FixOptions {
    requireNonNull(keyType, "keyType == null");
    requireNonNull(leafLifetime, "leafLifetime == null");
    requireNonNull(caLifetime, "caLifetime == null");
    clusterDomain =
        clusterDomain == null || clusterDomain.isBlank()
            ? ServiceNames.DEFAULT_CLUSTER_DOMAIN
            : clusterDomain;
    caKeys = caKeys == null ? CaKeys.NONE : caKeys;
  }

  /**
   * The defaults: no deletes, ECDSA P-256, a one-year leaf, a five-year CA, no in-cluster CA keys.
   */
  public static FixOptions defaults() {
    return new FixOptions(
        false,
        KeyType.DEFAULT,
        DEFAULT_LEAF_LIFETIME,
        Issuer.CA_LIFETIME,
        ServiceNames.DEFAULT_CLUSTER_DOMAIN,
        CaKeys.NONE);
  }

  public FixOptions withAllowDelete(boolean allow) {
    return new FixOptions(allow, keyType, leafLifetime, caLifetime, clusterDomain, caKeys);
  }

  public FixOptions withCaKeys(CaKeys keys) {
    return new FixOptions(allowDelete, keyType, leafLifetime, caLifetime, clusterDomain, keys);
  }

  public FixOptions withClusterDomain(String domain) {
    return new FixOptions(allowDelete, keyType, leafLifetime, caLifetime, domain, caKeys);
  }

  public FixOptions withLeafLifetime(Duration lifetime) {
    return new FixOptions(allowDelete, keyType, lifetime, caLifetime, clusterDomain, caKeys);
  }

  public FixOptions withKeyType(KeyType type) {
    return new FixOptions(allowDelete, type, leafLifetime, caLifetime, clusterDomain, caKeys);
  }
}
