package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.CallerTarget;
import io.certmedic.core.snapshot.ProbeObservation.Outcome;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.live.ClusterConnection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The gather step of {@code doctor --probe} for callers: for every webhook, conversion webhook and
 * APIService that names a Service, finds the ready pods the Service selects, port-forwards to the
 * target port (a named one resolved against the pod's container ports) and shakes hands with SNI
 * {@code svc.ns.svc}, as the API server dials it. The result is unjudged {@link ProbeObservation}s,
 * one per caller and pod; the {@code ServedCertificate} check judges them.
 *
 * <p>One handshake per pod, port and name serves every caller that dials it (a configuration with
 * ten webhooks on one Service costs one probe per pod). Probes run in parallel on a bounded pool;
 * each is bounded by the timeout for connect and again for the handshake.
 */
public final class ServingProbes {

  /**
   * A probe gives up after this long for connect and again for the handshake, as a patient API
   * server call would.
   */
  public static final Duration DEFAULT_TIMEOUT = TlsProbe.DEFAULT_TIMEOUT;

  /**
   * Ready pods probed per Service: a rollout restarted halfway leaves some pods serving the old
   * certificate, and three catch that without dialling every replica of a large DaemonSet.
   */
  public static final int MAX_PODS_PER_SERVICE = 3;

  private ServingProbes() {}

  /**
   * Probes every Service-backed caller in {@code s} at its ready pods. Never throws for one target.
   */
  public static List<ProbeObservation> gather(
      KubernetesClient client, Snapshot s, PortForwarder forwarder, Duration timeout, Clock clock) {
    return gather(client, s, forwarder, timeout, clock, ParallelProbes.MAX_PARALLEL);
  }

  static List<ProbeObservation> gather(
      KubernetesClient client,
      Snapshot s,
      PortForwarder forwarder,
      Duration timeout,
      Clock clock,
      int parallel) {
    requireNonNull(client, "client == null");
    requireNonNull(forwarder, "forwarder == null");
    requireNonNull(timeout, "timeout == null");
    requireNonNull(clock, "clock == null");
    Map<String, PodsOrProblem> podsByService = new HashMap<>();
    Map<String, ObjectRef> ownerCache = new HashMap<>();
    Map<Endpoint, List<Caller>> callersByEndpoint = new LinkedHashMap<>();
    Map<Key, CallerTarget> targets = new HashMap<>();
    List<ProbeObservation> out = new ArrayList<>();

    for (Caller c : s.callers()) {
      ClientConfig.ServiceRef ref = c.client().service();
      if (ref == null || ("default".equals(ref.namespace()) && "kubernetes".equals(ref.name()))) {
        continue; // a URL, or the API server itself: no pod to dial
      }
      if (c instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue; // nothing is verified; InsecureSkipTlsVerify reports it
      }
      Optional<ServiceRecord> svc = s.service(ref.namespace(), ref.name());
      Optional<ServiceRecord.Port> port = svc.flatMap(x -> x.port(ref.port()));
      if (port.isEmpty()) {
        continue; // ServiceReference reports a missing Service or port
      }
      String sni = ref.dnsName();
      CallerTarget none =
          new CallerTarget(
              c.meta().ref(),
              CallerTarget.entry(c),
              ref.namespace(),
              ref.name(),
              ref.port(),
              "",
              null);
      String where = "Service " + ref.namespace() + "/" + ref.name() + ":" + ref.port();
      if (svc.get().selector().isEmpty()) {
        out.add(
            ProbeObservation.failed(
                none,
                where,
                sni,
                Outcome.NOT_PROBED,
                "the Service has no selector (its endpoints are managed by hand), so there is no pod to port-forward to",
                clock.instant()));
        continue;
      }
      PodsOrProblem pods =
          podsByService.computeIfAbsent(
              ref.namespace() + "/" + ref.name(), k -> readyPods(client, svc.get()));
      if (pods.problem() != null) {
        out.add(
            ProbeObservation.failed(
                none, where, sni, Outcome.NOT_PROBED, pods.problem(), clock.instant()));
        continue;
      }
      if (pods.pods().isEmpty()) {
        out.add(
            ProbeObservation.failed(
                none,
                where,
                sni,
                Outcome.UNREACHABLE,
                "no ready pod behind Service "
                    + ref.namespace()
                    + "/"
                    + ref.name()
                    + " (the API server gets: no endpoints available for service \""
                    + ref.name()
                    + "\")",
                clock.instant()));
        continue;
      }
      for (Pod pod : pods.pods()) {
        String podName = pod.getMetadata().getName();
        ObjectRef workload = owner(client, pod, ownerCache);
        CallerTarget target =
            new CallerTarget(
                c.meta().ref(),
                CallerTarget.entry(c),
                ref.namespace(),
                ref.name(),
                ref.port(),
                podName,
                workload);
        Optional<Integer> podPort = resolve(port.get().targetPort(), pod);
        if (podPort.isEmpty()) {
          out.add(
              ProbeObservation.failed(
                  target,
                  "pod " + ref.namespace() + "/" + podName,
                  sni,
                  Outcome.UNREACHABLE,
                  "targetPort \""
                      + port.get().targetPort()
                      + "\" names no container port of pod "
                      + podName
                      + " (the API server cannot reach it either)",
                  clock.instant()));
          continue;
        }
        callersByEndpoint
            .computeIfAbsent(
                new Endpoint(ref.namespace(), podName, podPort.get(), sni), k -> new ArrayList<>())
            .add(c);
        targets.put(new Key(c, podName), target);
      }
    }

    List<Endpoint> endpoints = new ArrayList<>(callersByEndpoint.keySet());
    List<Callable<Handshake>> tasks = new ArrayList<>();
    for (Endpoint e : endpoints) {
      tasks.add(() -> shake(forwarder, e, timeout));
    }
    List<Handshake> results =
        ParallelProbes.run(
            tasks,
            parallel,
            timeout,
            i ->
                new Handshake(
                    List.of(),
                    Outcome.UNREACHABLE,
                    "timed out after "
                        + TlsProbe.words(timeout)
                        + " waiting for "
                        + endpoints.get(i).describe()));
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      Handshake h = results.get(i);
      for (Caller c : callersByEndpoint.get(e)) {
        CallerTarget t = targets.get(new Key(c, e.pod()));
        out.add(
            h.outcome() == Outcome.PRESENTED
                ? ProbeObservation.presented(
                    t, e.describe(), e.serverName(), h.chain(), clock.instant())
                : ProbeObservation.failed(
                    t, e.describe(), e.serverName(), h.outcome(), h.problem(), clock.instant()));
      }
    }
    return out;
  }

  private record Key(Caller caller, String pod) {}

  /** One pod port dialled with one name. */
  record Endpoint(String namespace, String pod, int port, String serverName) {
    String describe() {
      return "pod " + namespace + "/" + pod + ":" + port;
    }
  }

  private record Handshake(List<CertInfo> chain, Outcome outcome, String problem) {}

  private record PodsOrProblem(List<Pod> pods, String problem) {}

  private static Handshake shake(PortForwarder forwarder, Endpoint e, Duration timeout) {
    PortForwarder.Forwarded f;
    try {
      f = forwarder.open(e.namespace(), e.pod(), e.port());
    } catch (IOException | RuntimeException ex) {
      return new Handshake(
          List.of(),
          Outcome.NOT_PROBED,
          ex.getMessage() == null ? "the port-forward failed" : ex.getMessage());
    }
    try (f) {
      ProbeResult r = TlsProbe.probe(f.host(), f.localPort(), e.serverName(), timeout);
      return new Handshake(
          r.presented().stream().map(CertInfo::of).toList(), Outcome.PRESENTED, null);
    } catch (ProbeException ex) {
      Optional<String> forwardError = f.error();
      if (forwardError.isPresent()) {
        return new Handshake(List.of(), Outcome.NOT_PROBED, forwardError.get());
      }
      String local = TlsProbe.target(f.host(), f.localPort());
      return new Handshake(
          List.of(), Outcome.UNREACHABLE, ex.getMessage().replace(local, e.describe()));
    }
  }

  /** The Service's ready pods, by name, at most {@link #MAX_PODS_PER_SERVICE}. */
  private static PodsOrProblem readyPods(KubernetesClient client, ServiceRecord svc) {
    List<Pod> all;
    try {
      all =
          client
              .pods()
              .inNamespace(svc.meta().namespace())
              .withLabels(svc.selector())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      return new PodsOrProblem(
          List.of(),
          "cannot list the pods of Service "
              + svc.meta().namespace()
              + "/"
              + svc.meta().name()
              + ": "
              + ClusterConnection.rootMessage(e));
    }
    List<Pod> ready =
        all.stream()
            .filter(ServingProbes::ready)
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .limit(MAX_PODS_PER_SERVICE)
            .toList();
    return new PodsOrProblem(ready, null);
  }

  /** Ready as endpoints count it: condition Ready=True, an IP, not terminating. */
  static boolean ready(Pod p) {
    if (p.getMetadata().getDeletionTimestamp() != null || p.getStatus() == null) {
      return false;
    }
    String ip = p.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    for (PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A Service's targetPort on {@code pod}: a number as is, a name through the containers' ports.
   */
  static Optional<Integer> resolve(String targetPort, Pod pod) {
    try {
      return Optional.of(Integer.parseInt(targetPort));
    } catch (NumberFormatException notANumber) {
      for (Container c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts()) {
          if (targetPort.equals(p.getName()) && p.getContainerPort() != null) {
            return Optional.of(p.getContainerPort());
          }
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The workload that controls {@code pod}: a ReplicaSet's Deployment, else the controller itself;
   * null when none.
   */
  private static ObjectRef owner(KubernetesClient client, Pod pod, Map<String, ObjectRef> cache) {
    String ns = pod.getMetadata().getNamespace();
    OwnerReference o = controller(pod.getMetadata().getOwnerReferences());
    if (o == null) {
      return ObjectRef.of("Pod", ns, pod.getMetadata().getName());
    }
    if (!"ReplicaSet".equals(o.getKind())) {
      return ObjectRef.of(o.getKind(), ns, o.getName());
    }
    return cache.computeIfAbsent(
        ns + "/" + o.getName(),
        k -> {
          try {
            ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(o.getName()).get();
            OwnerReference d =
                rs == null ? null : controller(rs.getMetadata().getOwnerReferences());
            return d == null
                ? ObjectRef.of("ReplicaSet", ns, o.getName())
                : ObjectRef.of(d.getKind(), ns, d.getName());
          } catch (KubernetesClientException e) {
            return ObjectRef.of("ReplicaSet", ns, o.getName());
          }
        });
  }

  private static OwnerReference controller(List<OwnerReference> owners) {
    if (owners == null) {
      return null;
    }
    return owners.stream()
        .filter(x -> Boolean.TRUE.equals(x.getController()))
        .findFirst()
        .orElse(owners.isEmpty() ? null : owners.get(0));
  }
}
