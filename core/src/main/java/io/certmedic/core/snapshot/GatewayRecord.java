package io.certmedic.core.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * A Gateway API Gateway (gateway.networking.k8s.io v1 or v1beta1, as {@code apiVersion} says): its
 * class, its listeners and its own status conditions (Accepted, Programmed ...).
 */
public record GatewayRecord(
    Meta meta,
    String apiVersion,
    String gatewayClassName,
    List<Listener> listeners,
    List<Condition> conditions) {

  public GatewayRecord {
    gatewayClassName = gatewayClassName == null ? "" : gatewayClassName;
    listeners = List.copyOf(listeners);
    conditions = List.copyOf(conditions);
  }

  /**
   * A listener: {@code hostname} "" when it matches every host, {@code tlsMode} "" when the
   * listener has no {@code tls} (else Terminate or Passthrough), and the conditions the Gateway's
   * status reports for this listener (ResolvedRefs=False says why its certificate refs fail).
   */
  public record Listener(
      String name,
      String protocol,
      int port,
      String hostname,
      String tlsMode,
      List<CertificateRef> certificateRefs,
      List<Condition> conditions) {

    public Listener {
      hostname = hostname == null ? "" : hostname;
      tlsMode = tlsMode == null ? "" : tlsMode;
      certificateRefs = List.copyOf(certificateRefs);
      conditions = List.copyOf(conditions);
    }

    /** HTTPS, or TLS in Terminate mode: the Gateway serves a certificate of its own. */
    public boolean terminatesTls() {
      return ("HTTPS".equals(protocol) || "TLS".equals(protocol)) && !"Passthrough".equals(tlsMode);
    }

    public Optional<Condition> condition(String type) {
      return Condition.find(conditions, type);
    }
  }

  /**
   * A {@code tls.certificateRefs} entry with the API's defaults applied: group "" (core), kind
   * Secret, namespace the Gateway's.
   */
  public record CertificateRef(String group, String kind, String namespace, String name) {

    /** True for a core Secret, the one kind every implementation supports. */
    public boolean secret() {
      return group.isEmpty() && "Secret".equals(kind);
    }
  }

  public Optional<Condition> condition(String type) {
    return Condition.find(conditions, type);
  }
}
