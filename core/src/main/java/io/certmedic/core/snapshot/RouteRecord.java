package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

/**
 * An OpenShift Route (route.openshift.io/v1): its host, the Service it routes to, and {@code
 * spec.tls}: {@code termination} ("" without tls; edge, passthrough or reencrypt) and the inline
 * PEM fields. The {@code key} is never kept: only its description and public-key id, as for a
 * Secret's {@code tls.key}.
 */
public record RouteRecord(
    Meta meta,
    String host,
    String serviceName,
    String termination,
    String insecureEdgeTerminationPolicy,
    DataField certificate,
    DataField key,
    DataField caCertificate,
    DataField destinationCaCertificate) {

  public RouteRecord {
    host = host == null ? "" : host;
    serviceName = serviceName == null ? "" : serviceName;
    termination = termination == null ? "" : termination;
    insecureEdgeTerminationPolicy =
        insecureEdgeTerminationPolicy == null ? "" : insecureEdgeTerminationPolicy;
    requireNonNull(certificate, "certificate == null");
    requireNonNull(key, "key == null");
    requireNonNull(caCertificate, "caCertificate == null");
    requireNonNull(destinationCaCertificate, "destinationCaCertificate == null");
  }
}
