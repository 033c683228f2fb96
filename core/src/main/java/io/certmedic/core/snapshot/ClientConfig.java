package io.certmedic.core.snapshot;

/**
 * How the API server reaches a webhook, conversion webhook or aggregated API: a Service reference
 * or a URL, and the caBundle it verifies the server with.
 */
public record ClientConfig(ServiceRef service, String url, DataField caBundle) {

  /** {@code port} is 443 when the object omits it, as the API server defaults it. */
  public record ServiceRef(String namespace, String name, int port, String path) {

    /** The default port the API server dials when none is given. */
    public static final int DEFAULT_PORT = 443;

    /** The name the API server verifies: {@code name.namespace.svc}. */
    public String dnsName() {
      return name + "." + namespace + ".svc";
    }

    public String url() {
      return "https://" + dnsName() + ":" + port + (path == null ? "" : path);
    }
  }

  public ClientConfig {
    caBundle = caBundle == null ? DataField.EMPTY : caBundle;
  }
}
