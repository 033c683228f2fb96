package io.certmedic.cli;

import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.live.ClusterConnection;
import io.certmedic.kube.live.ClusterOptions;
import io.certmedic.kube.live.LiveException;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.snapshot.DumpReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The snapshot the doctor judges, read the one way every command reads it: from files ({@code -f},
 * '-' for stdin) or from the live cluster with kubectl's flags. Shared by {@code doctor} and {@code
 * explain}; a problem becomes one line and exit 2.
 */
final class SnapshotInput {

  private SnapshotInput() {}

  /** A dump, directories of manifests, or '-' for stdin. */
  static Snapshot dump(List<String> paths) {
    try {
      return DumpReader.read(paths, System.in);
    } catch (ManifestException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /**
   * The current (or --context) cluster, read in {@code namespace} (null: all); {@code then} may
   * read more with the open client (probes) before it is closed.
   */
  static Snapshot cluster(
      ClusterFlags flags,
      String namespace,
      PrintWriter err,
      BiFunction<KubernetesClient, Snapshot, Snapshot> then) {
    ClusterOptions o = flags.options(namespace);
    LiveProgress progress = LiveProgress.onTerminal(err);
    try (KubernetesClient client = ClusterConnection.open(o)) {
      return then.apply(client, LiveReader.read(client, o.namespace(), progress));
    } catch (LiveException e) {
      throw ClusterFlags.failure(e, o);
    } finally {
      progress.finish();
    }
  }
}
