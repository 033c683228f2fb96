package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.GatewayRecord;
import io.certmedic.core.snapshot.ReferenceGrantRecord;
import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps Gateway API Gateways and ReferenceGrants (gateway.networking.k8s.io v1 and v1beta1) into
 * records, applying the API's defaults to certificate refs.
 */
final class GatewayMapper {

  /** The Gateway API group. */
  static final String GROUP = "gateway.networking.k8s.io";

  private GatewayMapper() {}

  static boolean isGatewayApi(Document d) {
    return d.apiVersion().startsWith(GROUP + "/");
  }

  static GatewayRecord gateway(Document d) {
    JsonNode spec = d.node().path("spec");
    JsonNode status = d.node().path("status");
    Map<String, List<Condition>> byListener = new HashMap<>();
    for (JsonNode l : status.path("listeners")) {
      byListener.put(l.path("name").asString(""), Nodes.conditions(l.path("conditions")));
    }
    List<GatewayRecord.Listener> listeners = new ArrayList<>();
    for (JsonNode l : spec.path("listeners")) {
      String name = l.path("name").asString("");
      JsonNode tls = l.path("tls");
      List<GatewayRecord.CertificateRef> refs = new ArrayList<>();
      for (JsonNode r : tls.path("certificateRefs")) {
        String ns = r.path("namespace").asString("");
        refs.add(
            new GatewayRecord.CertificateRef(
                r.path("group").asString(""),
                r.path("kind").asString("Secret"),
                ns.isEmpty() ? d.namespace() : ns,
                r.path("name").asString("")));
      }
      String mode = "";
      if (tls.isObject()) {
        mode = tls.path("mode").asString("Terminate");
      }
      listeners.add(
          new GatewayRecord.Listener(
              name,
              l.path("protocol").asString(""),
              l.path("port").asInt(0),
              l.path("hostname").asString(""),
              mode,
              refs,
              byListener.getOrDefault(name, List.of())));
    }
    return new GatewayRecord(
        SnapshotReader.meta(d),
        d.apiVersion(),
        spec.path("gatewayClassName").asString(""),
        listeners,
        Nodes.conditions(status.path("conditions")));
  }

  static ReferenceGrantRecord referenceGrant(Document d) {
    JsonNode spec = d.node().path("spec");
    List<ReferenceGrantRecord.From> from = new ArrayList<>();
    for (JsonNode f : spec.path("from")) {
      from.add(
          new ReferenceGrantRecord.From(
              f.path("group").asString(""),
              f.path("kind").asString(""),
              f.path("namespace").asString("")));
    }
    List<ReferenceGrantRecord.To> to = new ArrayList<>();
    for (JsonNode t : spec.path("to")) {
      to.add(
          new ReferenceGrantRecord.To(
              t.path("group").asString(""),
              t.path("kind").asString(""),
              t.path("name").asString("")));
    }
    return new ReferenceGrantRecord(SnapshotReader.meta(d), from, to);
  }
}
