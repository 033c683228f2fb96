package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes Node (v1), as far as its kubelet's serving certificate matters: its addresses
 * ({@code status.addresses}, type and value) and the kubelet's port ({@code
 * status.daemonEndpoints.kubeletEndpoint.Port}, {@link #DEFAULT_KUBELET_PORT} when absent).
 */
public record NodeRecord(Meta meta, List<Address> addresses, int kubeletPort) {

  /** The kubelet's port when the Node does not say. */
  public static final int DEFAULT_KUBELET_PORT = 10250;

  /**
   * The address types the API server dials a kubelet by, in the order it tries them: {@code
   * --kubelet-preferred-address-types}' default, without the legacy and internal DNS types a Node
   * rarely carries. Hostname comes last.
   */
  public static final List<String> PREFERRED_ADDRESS_TYPES =
      List.of("InternalIP", "ExternalIP", "Hostname");

  /** One entry of {@code status.addresses}. */
  public record Address(String type, String address) {
    public Address {
      type = type == null ? "" : type;
      address = address == null ? "" : address;
    }

    /** True for the IP types, which a certificate must carry as IP SANs. */
    public boolean ip() {
      return !"Hostname".equals(type);
    }
  }

  public NodeRecord {
    requireNonNull(meta, "meta == null");
    addresses = List.copyOf(addresses);
  }

  /** The address the API server dials for logs, exec and port-forward, if the Node has one. */
  public Optional<Address> dialled() {
    for (String type : PREFERRED_ADDRESS_TYPES) {
      for (Address a : addresses) {
        if (type.equals(a.type()) && !a.address().isBlank()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
