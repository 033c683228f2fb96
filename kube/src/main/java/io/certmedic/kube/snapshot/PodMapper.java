package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.PodRecord;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Maps a Pod as it runs into a {@link PodRecord}: its spec as the {@link WorkloadRecord} already
 * read from it holds it, plus phase, node, owning workload and each container's start time.
 */
final class PodMapper {

  private PodMapper() {}

  static PodRecord pod(Document d, WorkloadRecord spec) {
    JsonNode status = d.node().path("status");
    List<PodRecord.ContainerState> states = new ArrayList<>();
    states(status.path("initContainerStatuses"), true, states);
    states(status.path("containerStatuses"), false, states);
    Meta meta = spec.meta();
    return new PodRecord(
        meta,
        status.path("phase").asString(""),
        d.node().path("spec").path("nodeName").asString(""),
        PodRecord.owningWorkload(meta.owners(), meta.labels()),
        spec.containers(),
        spec.volumes(),
        states);
  }

  private static void states(JsonNode arr, boolean init, List<PodRecord.ContainerState> out) {
    for (JsonNode c : arr) {
      out.add(
          new PodRecord.ContainerState(
              c.path("name").asString(""),
              init,
              Nodes.instant(c.path("state").path("running").path("startedAt"))));
    }
  }
}
