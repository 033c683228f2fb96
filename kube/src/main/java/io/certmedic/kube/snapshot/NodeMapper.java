package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.NodeRecord;
import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Maps a v1 Node into a record: its addresses and its kubelet's port. */
final class NodeMapper {

  private NodeMapper() {}

  static boolean isCoreNode(Document d) {
    return "v1".equals(d.apiVersion());
  }

  static NodeRecord node(Document d) {
    JsonNode status = d.node().path("status");
    List<NodeRecord.Address> addresses = new ArrayList<>();
    for (JsonNode a : status.path("addresses")) {
      addresses.add(
          new NodeRecord.Address(a.path("type").asString(""), a.path("address").asString("")));
    }
    JsonNode port = status.path("daemonEndpoints").path("kubeletEndpoint").path("Port");
    int p = port.isIntegralNumber() ? port.asInt() : 0;
    return new NodeRecord(
        SnapshotReader.meta(d),
        addresses,
        p > 0 && p <= 65535 ? p : NodeRecord.DEFAULT_KUBELET_PORT);
  }
}
