package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.x509.CsrFacts;
import io.certmedic.kube.manifest.Document;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Maps a certificates.k8s.io/v1 CertificateSigningRequest into a record. The request's PEM is read
 * for its DNS and IP names; a request that does not read is kept with the problem, never dropped.
 */
final class CsrMapper {

  /** The API group of Kubernetes' CertificateSigningRequests. */
  static final String GROUP = "certificates.k8s.io";

  private CsrMapper() {}

  static boolean isKubernetesCsr(Document d) {
    return d.apiVersion().startsWith(GROUP + "/");
  }

  static CertificateSigningRequestRecord csr(Document d) {
    JsonNode spec = d.node().path("spec");
    JsonNode status = d.node().path("status");
    List<String> dns = List.of();
    List<String> ips = List.of();
    String problem = "";
    JsonNode req = spec.path("request");
    if (req.isString() && !req.asString().isEmpty()) {
      try {
        CsrFacts f = CsrFacts.read(Base64.getMimeDecoder().decode(req.asString()));
        dns = f.dnsNames();
        ips = f.ipAddresses();
      } catch (IOException e) {
        problem = e.getMessage();
      } catch (IllegalArgumentException e) {
        problem = "spec.request is not valid base64";
      }
    } else {
      problem = "spec.request is empty";
    }
    return new CertificateSigningRequestRecord(
        SnapshotReader.meta(d),
        spec.path("signerName").asString(""),
        spec.path("username").asString(""),
        Nodes.instant(d.node().path("metadata").path("creationTimestamp")),
        Nodes.conditions(status.path("conditions")),
        status.path("certificate").isString() && !status.path("certificate").asString().isEmpty(),
        dns,
        ips,
        problem);
  }
}
