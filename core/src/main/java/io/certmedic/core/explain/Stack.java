package io.certmedic.core.explain;

/** The TLS implementation whose wording a line carries; {@link #json()} is a stable JSON value. */
public enum Stack {
  GO("go"),
  JDK("jdk"),
  OPENSSL("openssl"),
  CURL("curl"),
  PYTHON("python"),
  NODE("node"),
  RUSTLS("rustls"),
  DOTNET("dotnet"),
  ENVOY("envoy"),
  NGINX("nginx");

  private final String json;

  Stack(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }
}
