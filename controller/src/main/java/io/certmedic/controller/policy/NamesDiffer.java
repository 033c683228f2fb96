package io.certmedic.controller.policy;

import io.certmedic.core.x509.CertFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leaf's DNS SANs, as a set, are not exactly the names the Service needs now: a renamed Service
 * (the API server dials the new name and gets "certificate is valid for ..., not ..."), or a name
 * that should no longer be vouched for.
 */
final class NamesDiffer implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.NAMES_DIFFER;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.parsed()
        .flatMap(
            p -> differences(Set.copyOf(CertFacts.of(p.leaf()).dnsNames()), in.wantedDnsNames()));
  }

  private static Optional<String> differences(Set<String> has, Set<String> wanted) {
    Set<String> lacks = new TreeSet<>(wanted);
    lacks.removeAll(has);
    Set<String> unexpected = new TreeSet<>(has);
    unexpected.removeAll(wanted);
    if (lacks.isEmpty() && unexpected.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (!lacks.isEmpty()) {
      parts.add("lacks " + String.join(", ", lacks));
    }
    if (!unexpected.isEmpty()) {
      parts.add("has unexpected " + String.join(", ", unexpected));
    }
    return Optional.of("the certificate " + String.join("; ", parts));
  }
}
