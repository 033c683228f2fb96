package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Maps a networking.k8s.io/v1 Ingress into an {@link IngressRecord}. */
final class IngressMapper {

  /** The annotation older Ingresses name their class with, before {@code ingressClassName}. */
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private IngressMapper() {}

  static IngressRecord ingress(Document d) {
    JsonNode spec = d.node().path("spec");
    List<IngressRecord.Tls> tls = new ArrayList<>();
    for (JsonNode t : spec.path("tls")) {
      tls.add(
          new IngressRecord.Tls(Nodes.list(t.path("hosts")), t.path("secretName").asString("")));
    }
    List<String> hosts = new ArrayList<>();
    for (JsonNode r : spec.path("rules")) {
      String h = r.path("host").asString("");
      if (!h.isEmpty()) {
        hosts.add(h);
      }
    }
    String cls = spec.path("ingressClassName").asString("");
    if (cls.isEmpty()) {
      cls = d.node().path("metadata").path("annotations").path(CLASS_ANNOTATION).asString("");
    }
    return new IngressRecord(SnapshotReader.meta(d), cls, tls, hosts);
  }
}
