package io.certmedic.core.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Service: what it selects, the ports it exposes, and whether it is headless. */
public record ServiceRecord(
    Meta meta, Map<String, String> selector, List<Port> ports, boolean headless, String type) {

  /** A Service port: {@code targetPort} is a number or a container port name, as written. */
  public record Port(String name, int port, String targetPort) {}

  public ServiceRecord {
    selector = Map.copyOf(selector);
    ports = List.copyOf(ports);
  }

  public Optional<Port> port(int number) {
    return ports.stream().filter(p -> p.port() == number).findFirst();
  }
}
