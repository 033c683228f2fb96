package io.certmedic.core.fix;

import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificate in the input that signed a served chain: the Secret's own CA field first, then
 * any CA certificate in a Secret, a caBundle or a ConfigMap.
 */
final class ChainIssuer {

  private ChainIssuer() {}

  static Optional<CertInfo> find(
      Snapshot snapshot, ServingSecret sc, List<X509Certificate> chain, Instant inside) {
    List<CertInfo> candidates = new ArrayList<>(sc.ca());
    for (SecretRecord x : snapshot.secrets()) {
      x.fields()
          .values()
          .forEach(f -> f.certs().stream().filter(c -> c.facts().ca()).forEach(candidates::add));
    }
    for (Caller c : snapshot.callers()) {
      candidates.addAll(c.client().caBundle().certs());
    }
    for (ConfigMapRecord c : snapshot.configMaps()) {
      c.fields()
          .values()
          .forEach(f -> f.certs().stream().filter(x -> x.facts().ca()).forEach(candidates::add));
    }
    return candidates.stream().filter(c -> Bundles.verifies(chain, List.of(c), inside)).findFirst();
  }
}
