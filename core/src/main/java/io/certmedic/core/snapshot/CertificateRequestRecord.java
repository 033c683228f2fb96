package io.certmedic.core.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * A cert-manager CertificateRequest: the Certificate it was made for ({@code certificateName}, from
 * the {@code cert-manager.io/certificate-name} annotation or its owner, "" when neither says), the
 * issuer it asks, its conditions (Approved, Denied, Ready, InvalidRequest) and whether a
 * certificate was issued.
 */
public record CertificateRequestRecord(
    Meta meta,
    String certificateName,
    String issuerKind,
    String issuerName,
    String issuerGroup,
    List<Condition> conditions,
    boolean issued) {

  /** The annotation cert-manager puts on a request naming its Certificate. */
  public static final String CERTIFICATE_NAME_ANNOTATION = "cert-manager.io/certificate-name";

  public CertificateRequestRecord {
    certificateName = certificateName == null ? "" : certificateName;
    conditions = List.copyOf(conditions);
  }

  public Optional<Condition> condition(String type) {
    return Condition.find(conditions, type);
  }
}
