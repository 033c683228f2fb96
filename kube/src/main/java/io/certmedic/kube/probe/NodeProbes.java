package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.NodeRecord;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.NodeTarget;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The gather step of {@code doctor --probe} for kubelets: shakes hands with every Node's kubelet
 * port at the address the API server dials for logs, exec and port-forward (InternalIP, then
 * ExternalIP, then Hostname), trusting nothing, and records the chain it presents. The {@code
 * KubeletServing} check judges it. Probes run on the same bounded pool and timeouts as the others.
 */
public final class NodeProbes {

  private NodeProbes() {}

  /** Probes the kubelet of every node in {@code nodes}. Never throws for one node. */
  public static List<ProbeObservation> gather(
      List<NodeRecord> nodes, Duration timeout, Clock clock) {
    requireNonNull(timeout, "timeout == null");
    requireNonNull(clock, "clock == null");
    List<NodeTarget> targets = new ArrayList<>();
    List<Callable<ProbeObservation>> tasks = new ArrayList<>();
    List<ProbeObservation> out = new ArrayList<>();
    for (NodeRecord n : nodes) {
      Optional<NodeRecord.Address> a = n.dialled();
      if (a.isEmpty()) {
        NodeTarget none = new NodeTarget(n.meta().name(), "", "", n.kubeletPort());
        out.add(
            ProbeObservation.failed(
                none,
                "node " + n.meta().name(),
                "",
                Outcome.NOT_PROBED,
                "the Node has no InternalIP, ExternalIP or Hostname address in status.addresses",
                clock.instant()));
        continue;
      }
      NodeTarget t =
          new NodeTarget(n.meta().name(), a.get().type(), a.get().address(), n.kubeletPort());
      targets.add(t);
      tasks.add(() -> shake(t, timeout, clock));
    }
    List<ProbeObservation> results =
        ParallelProbes.run(
            tasks,
            ParallelProbes.MAX_PARALLEL,
            timeout,
            i ->
                ProbeObservation.failed(
                    targets.get(i),
                    TlsProbe.target(targets.get(i).address(), targets.get(i).port()),
                    "",
                    Outcome.UNREACHABLE,
                    "timed out after "
                        + TlsProbe.words(timeout)
                        + " waiting for "
                        + TlsProbe.target(targets.get(i).address(), targets.get(i).port()),
                    clock.instant()));
    out.addAll(results);
    return out;
  }

  private static ProbeObservation shake(NodeTarget t, Duration timeout, Clock clock) {
    String address = TlsProbe.target(t.address(), t.port());
    String sni = TlsProbe.isDnsName(t.address()) ? t.address() : "";
    try {
      ProbeResult r = TlsProbe.probe(t.address(), t.port(), sni, timeout);
      return ProbeObservation.presented(
          t, address, sni, r.presented().stream().map(CertInfo::of).toList(), clock.instant());
    } catch (ProbeException e) {
      return ProbeObservation.failed(
          t, address, sni, Outcome.UNREACHABLE, e.getMessage(), clock.instant());
    }
  }
}
