package io.certmedic.kube.probe;

import java.io.IOException;
import java.util.Optional;

/**
 * The seam between probing and Kubernetes: opens a local TCP port that reaches {@code port} of
 * {@code pod}, as {@code kubectl port-forward} does. The fabric8 implementation tunnels through the
 * API server; tests point it at a real TLS server on 127.0.0.1, so the handshake itself is never
 * simulated.
 */
public interface PortForwarder {

  /** Opens a forward to {@code namespace/pod:port}; close it when the probe is done. */
  Forwarded open(String namespace, String pod, int port) throws IOException;

  /** A local end of a forward. */
  interface Forwarded extends AutoCloseable {

    /** Where to connect locally, e.g. {@code 127.0.0.1}. */
    String host();

    int localPort();

    /**
     * The forward's own failure, if it had one (the API server refused the port-forward, the pod
     * went away): tells "certmedic could not reach it" apart from "the server did not answer".
     */
    Optional<String> error();

    @Override
    void close();
  }
}
