package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import io.certmedic.kube.live.ClusterConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Port-forwards through the API server with fabric8 ({@code pods/portforward}), on 127.0.0.1. */
public final class Fabric8PortForwarder implements PortForwarder {

  private final KubernetesClient client;

  public Fabric8PortForwarder(KubernetesClient client) {
    this.client = requireNonNull(client, "client == null");
  }

  @Override
  public Forwarded open(String namespace, String pod, int port) throws IOException {
    LocalPortForward f;
    try {
      f = client.pods().inNamespace(namespace).withName(pod).portForward(port);
    } catch (KubernetesClientException e) {
      throw new IOException(
          "port-forward to pod "
              + namespace
              + "/"
              + pod
              + ":"
              + port
              + " refused: "
              + ClusterConnection.rootMessage(e),
          e);
    }
    String host;
    int localPort;
    try {
      host = f.getLocalAddress().getHostAddress();
      localPort = f.getLocalPort();
    } catch (IllegalStateException e) {
      // the forward's local socket closed before it could be used: the API server ended it
      try {
        f.close();
      } catch (IOException ignored) {
        // nothing left to report beyond the refusal below
      }
      throw new IOException(
          "port-forward to pod "
              + namespace
              + "/"
              + pod
              + ":"
              + port
              + " refused: it closed before it could be used",
          e);
    }
    return new Forwarded() {
      @Override
      public String host() {
        return host;
      }

      @Override
      public int localPort() {
        return localPort;
      }

      @Override
      public Optional<String> error() {
        if (!f.errorOccurred()) {
          return Optional.empty();
        }
        List<Throwable> all = new ArrayList<>(f.getClientThrowables());
        all.addAll(f.getServerThrowables());
        return Optional.of(
            all.isEmpty()
                ? "the port-forward failed"
                : "the port-forward failed: " + ClusterConnection.rootMessage(all.get(0)));
      }

      @Override
      public void close() {
        try {
          f.close();
        } catch (IOException ignored) {
          // closing a finished forward has nothing left to report
        }
      }
    };
  }
}
