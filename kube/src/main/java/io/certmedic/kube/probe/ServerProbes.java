package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.snapshot.ProbeObservation.ServerTarget;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The gather step of {@code doctor --kubeconfig-file F --probe}: shakes hands with the {@code
 * server} of every cluster entry of the kubeconfigs, SNI the server's host, and records the chain
 * presented. The {@code KubeconfigServerTrust} check judges it against the kubeconfig's own CA.
 * Entries that skip verification are not dialled.
 */
public final class ServerProbes {

  private ServerProbes() {}

  public static List<ProbeObservation> gather(
      List<KubeconfigRecord> kubeconfigs, Duration timeout, Clock clock) {
    requireNonNull(timeout, "timeout == null");
    requireNonNull(clock, "clock == null");
    List<ServerTarget> targets = new ArrayList<>();
    List<Callable<ProbeObservation>> tasks = new ArrayList<>();
    List<ProbeObservation> out = new ArrayList<>();
    for (KubeconfigRecord k : kubeconfigs) {
      for (KubeconfigRecord.Cluster c : k.clusters()) {
        if (c.insecureSkipTlsVerify() || c.server().isBlank()) {
          continue;
        }
        ServerTarget t = new ServerTarget(k.source(), c.name(), c.server());
        URI u;
        try {
          u = URI.create(c.server());
        } catch (IllegalArgumentException e) {
          out.add(
              ProbeObservation.failed(
                  t,
                  c.server(),
                  "",
                  Outcome.NOT_PROBED,
                  "the server is not a URL",
                  clock.instant()));
          continue;
        }
        if (u.getHost() == null
            || !"https".equals(String.valueOf(u.getScheme()).toLowerCase(Locale.ROOT))) {
          out.add(
              ProbeObservation.failed(
                  t,
                  c.server(),
                  "",
                  Outcome.NOT_PROBED,
                  "the server is not an https:// URL with a host",
                  clock.instant()));
          continue;
        }
        String host =
            u.getHost().startsWith("[")
                ? u.getHost().substring(1, u.getHost().length() - 1)
                : u.getHost();
        int port = u.getPort() < 0 ? 443 : u.getPort();
        targets.add(t);
        tasks.add(() -> shake(t, host, port, timeout, clock));
      }
    }
    List<ProbeObservation> results =
        ParallelProbes.run(
            tasks,
            ParallelProbes.MAX_PARALLEL,
            timeout,
            i ->
                ProbeObservation.failed(
                    targets.get(i),
                    targets.get(i).server(),
                    "",
                    Outcome.UNREACHABLE,
                    "timed out after "
                        + TlsProbe.words(timeout)
                        + " waiting for "
                        + targets.get(i).server(),
                    clock.instant()));
    out.addAll(results);
    return out;
  }

  private static ProbeObservation shake(
      ServerTarget t, String host, int port, Duration timeout, Clock clock) {
    String address = TlsProbe.target(host, port);
    try {
      ProbeResult r = TlsProbe.probe(host, port, host, timeout);
      return ProbeObservation.presented(
          t, address, host, r.presented().stream().map(CertInfo::of).toList(), clock.instant());
    } catch (ProbeException e) {
      return ProbeObservation.failed(
          t, address, host, Outcome.UNREACHABLE, e.getMessage(), clock.instant());
    }
  }
}
