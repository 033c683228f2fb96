package io.certmedic.core.snapshot;

import java.util.List;
import java.util.Map;

/**
 * Something that runs pods: a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or a
 * bare Pod, reduced to its pod template: labels, containers and volumes.
 */
public record WorkloadRecord(
    Meta meta, Map<String, String> podLabels, List<Container> containers, List<Volume> volumes) {

  public WorkloadRecord {
    podLabels = Map.copyOf(podLabels);
    containers = List.copyOf(containers);
    volumes = List.copyOf(volumes);
  }

  /** A container: its arguments (command then args), environment, mounts and ports. */
  public record Container(
      String name,
      boolean init,
      List<String> args,
      List<Env> env,
      List<Mount> mounts,
      List<Port> ports) {
    public Container {
      args = List.copyOf(args);
      env = List.copyOf(env);
      mounts = List.copyOf(mounts);
      ports = List.copyOf(ports);
    }
  }

  /**
   * An environment variable: a literal value, or where it comes from (e.g. {@code secret x/key}).
   */
  public record Env(String name, String value, String valueFrom) {}

  /** A volume mount. */
  public record Mount(String volume, String mountPath, String subPath) {}

  /** A container port. */
  public record Port(String name, int containerPort) {}

  /**
   * A volume and the Secrets and ConfigMaps behind it (one for a plain secret/configMap volume,
   * several for a projected one). {@code items} maps a key to the file name it is mounted as.
   */
  public record Volume(String name, List<Source> sources, boolean emptyDir) {
    public Volume {
      sources = List.copyOf(sources);
    }
  }

  /** One Secret or ConfigMap a volume draws from, with the key-to-path items if any. */
  public record Source(String kind, String name, Map<String, String> items, boolean optional) {
    public Source {
      items = Map.copyOf(items);
    }
  }
}
