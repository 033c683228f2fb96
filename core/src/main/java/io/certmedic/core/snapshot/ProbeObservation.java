package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import java.time.Instant;
import java.util.List;

/**
 * One live TLS handshake certmedic made as a client would, unjudged: whom it was made for ({@code
 * target}), where it went ({@code address}, e.g. {@code pod ns/web-7d9f:9443}), the name sent as
 * SNI and to be verified, and either the chain the server presented (leaf first, as sent) or why
 * there is none ({@code problem}, one line), at the instant it was made. The checks judge it;
 * gathering it is the {@code kube} module's job.
 */
public record ProbeObservation(
    Target target,
    String address,
    String serverName,
    Outcome outcome,
    List<CertInfo> presented,
    String problem,
    Instant at) {

  /** What became of the handshake. */
  public enum Outcome {
    /** The server presented a chain (possibly one that will not verify). */
    PRESENTED,
    /** No chain: what the real client would also meet (timeout, refused, reset, no ready pod). */
    UNREACHABLE,
    /**
     * certmedic could not make the handshake (port-forward refused, port not resolvable): says
     * nothing about the server.
     */
    NOT_PROBED
  }

  /** Whom a probe was made for. */
  public sealed interface Target {}

  /**
   * A caller's Service, dialled at one of its ready pods: {@code caller} is the object, {@code
   * webhook} the webhook entry's name ("" for conversion webhooks and APIServices), {@code pod} the
   * pod dialled (empty when none was ready) and {@code workload} its controller (null when
   * unknown), for the restart command.
   */
  public record CallerTarget(
      ObjectRef caller,
      String webhook,
      String namespace,
      String service,
      int servicePort,
      String pod,
      ObjectRef workload)
      implements Target {
    public CallerTarget {
      requireNonNull(caller, "caller == null");
      webhook = webhook == null ? "" : webhook;
      pod = pod == null ? "" : pod;
    }

    /** The webhook entry's name, or "" for callers that have one client config. */
    public static String entry(Caller c) {
      return c instanceof Caller.Webhook w ? w.webhook() : "";
    }

    public boolean isFor(Caller c) {
      return caller.equals(c.meta().ref()) && webhook.equals(entry(c));
    }
  }

  /** The {@code server} of one cluster entry in a kubeconfig ({@code kubeconfig} is its source). */
  public record ServerTarget(String kubeconfig, String cluster, String server) implements Target {
    public ServerTarget {
      requireNonNull(kubeconfig, "kubeconfig == null");
      requireNonNull(server, "server == null");
      cluster = cluster == null ? "" : cluster;
    }
  }

  /**
   * A Node's kubelet, dialled at the address the API server uses for it ({@code addressType} is
   * InternalIP, ExternalIP or Hostname; {@code address} its value) and its kubelet port.
   */
  public record NodeTarget(String node, String addressType, String address, int port)
      implements Target {
    public NodeTarget {
      requireNonNull(node, "node == null");
      requireNonNull(addressType, "addressType == null");
      requireNonNull(address, "address == null");
    }
  }

  public ProbeObservation {
    requireNonNull(target, "target == null");
    requireNonNull(address, "address == null");
    serverName = serverName == null ? "" : serverName;
    requireNonNull(outcome, "outcome == null");
    presented = List.copyOf(presented);
    requireNonNull(at, "at == null");
    if ((outcome == Outcome.PRESENTED) == presented.isEmpty()) {
      throw new IllegalArgumentException("a presented chain comes exactly with outcome PRESENTED");
    }
    if (outcome != Outcome.PRESENTED) {
      requireNonNull(problem, "problem == null");
    }
  }

  /** The server presented {@code chain}. */
  public static ProbeObservation presented(
      Target target, String address, String serverName, List<CertInfo> chain, Instant at) {
    return new ProbeObservation(target, address, serverName, Outcome.PRESENTED, chain, null, at);
  }

  /** No chain, for {@code outcome}'s reason {@code problem}. */
  public static ProbeObservation failed(
      Target target,
      String address,
      String serverName,
      Outcome outcome,
      String problem,
      Instant at) {
    return new ProbeObservation(target, address, serverName, outcome, List.of(), problem, at);
  }
}
