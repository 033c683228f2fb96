package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a TLS server presented, unverified: its chain as sent (leaf first), the protocol and cipher
 * suite.
 */
public record ProbeResult(
    String host,
    int port,
    String serverName,
    List<X509Certificate> presented,
    String protocol,
    String cipherSuite) {

  public ProbeResult {
    requireNonNull(host, "host == null");
    presented = List.copyOf(presented);
    requireNonNull(protocol, "protocol == null");
    requireNonNull(cipherSuite, "cipherSuite == null");
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String target() {
    return TlsProbe.target(host, port);
  }
}
