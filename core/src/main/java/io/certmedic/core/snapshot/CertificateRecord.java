package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A cert-manager Certificate: which Secret it keeps, with which names, from which issuer ({@code
 * issuerGroup} "cert-manager.io" unless an external issuer's), and what its status says.
 */
public record CertificateRecord(
    Meta meta,
    String secretName,
    List<String> dnsNames,
    List<String> ipAddresses,
    String issuerKind,
    String issuerName,
    String issuerGroup,
    Status status) {

  /** cert-manager's own API group, the default of {@code issuerRef.group}. */
  public static final String CERT_MANAGER_GROUP = "cert-manager.io";

  public CertificateRecord {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    issuerGroup = issuerGroup == null || issuerGroup.isEmpty() ? CERT_MANAGER_GROUP : issuerGroup;
    requireNonNull(status, "status == null");
  }

  /** A Certificate with no status (an install manifest's). */
  public CertificateRecord(
      Meta meta,
      String secretName,
      List<String> dnsNames,
      List<String> ipAddresses,
      String issuerKind,
      String issuerName) {
    this(
        meta,
        secretName,
        dnsNames,
        ipAddresses,
        issuerKind,
        issuerName,
        CERT_MANAGER_GROUP,
        Status.NONE);
  }

  /**
   * The status cert-manager wrote: conditions (Ready, Issuing), when the current certificate
   * expires and is due for renewal, and how issuing has been failing. Times are null when absent.
   */
  public record Status(
      List<Condition> conditions,
      Instant notAfter,
      Instant renewalTime,
      int failedIssuanceAttempts,
      Instant lastFailureTime) {

    /** No status at all. */
    public static final Status NONE = new Status(List.of(), null, null, 0, null);

    public Status {
      conditions = List.copyOf(conditions);
    }
  }

  /** The Ready condition, if cert-manager wrote one. */
  public Optional<Condition> ready() {
    return Condition.find(status.conditions(), "Ready");
  }
}
