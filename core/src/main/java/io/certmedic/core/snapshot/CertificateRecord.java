package io.certmedic.core.snapshot;

import java.util.List;

/** A cert-manager Certificate: which Secret it keeps, with which names, from which issuer. */
public record CertificateRecord(
    Meta meta,
    String secretName,
    List<String> dnsNames,
    List<String> ipAddresses,
    String issuerKind,
    String issuerName) {
  public CertificateRecord {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }
}
