package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a certificate-bearing field (Secret or ConfigMap key, caBundle, kubeconfig data) held.
 * Private keys are never kept: only their type and the id of their public half.
 */
public sealed interface DataField {

  /** The field is absent or empty. */
  record Empty() implements DataField {}

  /** Certificates, in the order the field lists them. */
  record Certs(List<CertInfo> certificates) implements DataField {
    public Certs {
      certificates = List.copyOf(certificates);
    }
  }

  /**
   * A private key (or a redacted snapshot's public-key stand-in for one): its description and the
   * id of its public half, null when encrypted or unreadable.
   */
  record Key(String description, String publicKeyId, boolean standIn) implements DataField {
    public Key {
      requireNonNull(description, "description == null");
    }
  }

  /**
   * The field is meant to hold certificates or keys and does not parse: {@code problem} says why.
   */
  record Unparsable(String problem) implements DataField {
    public Unparsable {
      requireNonNull(problem, "problem == null");
    }
  }

  Empty EMPTY = new Empty();

  /** The certificates held, or an empty list. */
  default List<CertInfo> certs() {
    return this instanceof Certs c ? c.certificates() : List.of();
  }
}
