package io.certmedic.kube.snapshot;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.CertificateRequestRecord;
import io.certmedic.core.snapshot.IssuerRecord;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.kube.manifest.Document;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps cert-manager's Certificates, Issuers, ClusterIssuers and CertificateRequests
 * (cert-manager.io/v1) into records, status included, as {@code cmctl status certificate} reads
 * them.
 */
final class CertManagerMapper {

  /** cert-manager's API group. */
  static final String GROUP = "cert-manager.io";

  /** The issuer types cert-manager ships, looked for first under an Issuer's {@code spec}. */
  static final List<String> ISSUER_TYPES = List.of("acme", "ca", "selfSigned", "vault", "venafi");

  private CertManagerMapper() {}

  static boolean isCertManager(Document d) {
    return d.apiVersion().startsWith(GROUP + "/");
  }

  static CertificateRecord certificate(Document d) {
    JsonNode spec = d.node().path("spec");
    JsonNode status = d.node().path("status");
    JsonNode issuer = spec.path("issuerRef");
    return new CertificateRecord(
        SnapshotReader.meta(d),
        spec.path("secretName").asString(""),
        Nodes.list(spec.path("dnsNames")),
        Nodes.list(spec.path("ipAddresses")),
        issuer.path("kind").asString("Issuer"),
        issuer.path("name").asString(""),
        issuer.path("group").asString(""),
        new CertificateRecord.Status(
            Nodes.conditions(status.path("conditions")),
            Nodes.instant(status.path("notAfter")),
            Nodes.instant(status.path("renewalTime")),
            status.path("failedIssuanceAttempts").asInt(0),
            Nodes.instant(status.path("lastFailureTime"))));
  }

  static IssuerRecord issuer(Document d) {
    JsonNode spec = d.node().path("spec");
    String type = ISSUER_TYPES.stream().filter(spec::has).findFirst().orElse("");
    if (type.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : spec.properties()) {
        if (e.getValue().isObject()) {
          type = e.getKey();
          break;
        }
      }
    }
    return new IssuerRecord(
        SnapshotReader.meta(d), type, Nodes.conditions(d.node().path("status").path("conditions")));
  }

  static CertificateRequestRecord certificateRequest(Document d) {
    Meta meta = SnapshotReader.meta(d);
    JsonNode spec = d.node().path("spec");
    JsonNode status = d.node().path("status");
    String cert = meta.annotation(CertificateRequestRecord.CERTIFICATE_NAME_ANNOTATION);
    if (cert == null || cert.isEmpty()) {
      cert =
          meta.owners().stream()
              .filter(o -> "Certificate".equals(o.kind()))
              .map(ObjectRef::name)
              .findFirst()
              .orElse("");
    }
    JsonNode issuer = spec.path("issuerRef");
    return new CertificateRequestRecord(
        meta,
        cert,
        issuer.path("kind").asString("Issuer"),
        issuer.path("name").asString(""),
        issuer.path("group").asString(GROUP),
        Nodes.conditions(status.path("conditions")),
        status.path("certificate").isString() && !status.path("certificate").asString().isEmpty());
  }
}
