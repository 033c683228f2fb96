package io.certmedic.core.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * A cert-manager Issuer or ClusterIssuer (the kind of {@code meta().ref()}): its type ({@code ca},
 * {@code selfSigned}, {@code acme}, {@code vault}, {@code venafi} ..., the key set under {@code
 * spec}, "" when none) and its status conditions.
 */
public record IssuerRecord(Meta meta, String type, List<Condition> conditions) {

  public IssuerRecord {
    type = type == null ? "" : type;
    conditions = List.copyOf(conditions);
  }

  public boolean cluster() {
    return "ClusterIssuer".equals(meta.ref().kind());
  }

  /** The Ready condition, if cert-manager wrote one. */
  public Optional<Condition> ready() {
    return Condition.find(conditions, "Ready");
  }
}
