package io.certmedic.core.snapshot;

import io.certmedic.core.finding.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Pod as it runs (its template is also a {@link WorkloadRecord}): its phase, node, the workload
 * that owns it ({@code owner}, null for a bare Pod: a ReplicaSet's Deployment, or the StatefulSet,
 * DaemonSet, Job ... named by its ownerReferences), its containers with their mounts and
 * environment, its volumes (projected ones with every ConfigMap and Secret source, {@code
 * kube-root-ca.crt} among them), and when each container started running.
 */
public record PodRecord(
    Meta meta,
    String phase,
    String nodeName,
    ObjectRef owner,
    List<WorkloadRecord.Container> containers,
    List<WorkloadRecord.Volume> volumes,
    List<ContainerState> states) {

  /** Environment variables that point a TLS client at a CA file or directory. */
  public static final List<String> CA_PATH_ENV =
      List.of(
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "NODE_EXTRA_CA_CERTS",
          "REQUESTS_CA_BUNDLE",
          "CURL_CA_BUNDLE");

  /** The label a Deployment's ReplicaSet and Pods carry; the ReplicaSet's name ends with it. */
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";

  public PodRecord {
    phase = phase == null ? "" : phase;
    nodeName = nodeName == null ? "" : nodeName;
    containers = List.copyOf(containers);
    volumes = List.copyOf(volumes);
    states = List.copyOf(states);
  }

  /** A container's state: {@code startedAt} is when it started running, null unless running. */
  public record ContainerState(String name, boolean init, Instant startedAt) {}

  /** When container {@code name} started running, if it is running. */
  public Optional<Instant> startedAt(String name) {
    return states.stream()
        .filter(s -> s.name().equals(name) && !s.init())
        .map(ContainerState::startedAt)
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** The environment variables of {@code c} named in {@link #CA_PATH_ENV}. */
  public static List<WorkloadRecord.Env> caPathEnv(WorkloadRecord.Container c) {
    return c.env().stream().filter(e -> CA_PATH_ENV.contains(e.name())).toList();
  }

  /**
   * The workload that owns a Pod with these owners and labels: a ReplicaSet named {@code
   * <deployment>-<pod-template-hash>} stands for its Deployment; any other owner is itself; null
   * when there is none.
   */
  public static ObjectRef owningWorkload(List<ObjectRef> owners, Map<String, String> labels) {
    if (owners.isEmpty()) {
      return null;
    }
    ObjectRef o = owners.get(0);
    String hash = labels.get(POD_TEMPLATE_HASH);
    if ("ReplicaSet".equals(o.kind())
        && hash != null
        && !hash.isEmpty()
        && o.name().endsWith("-" + hash)
        && o.name().length() > hash.length() + 1) {
      return ObjectRef.of(
          "Deployment",
          o.namespace(),
          o.name().substring(0, o.name().length() - hash.length() - 1));
    }
    return o;
  }
}
