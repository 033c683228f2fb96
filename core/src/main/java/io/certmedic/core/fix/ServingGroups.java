package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ServiceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving Secrets fix may repair, each with the callers it serves: callers whose Service and
 * port were found and whose served Secret is in the input, in the snapshot's caller order. An
 * APIService that skips verification is left out (nothing it is served can break it).
 */
final class ServingGroups {

  private ServingGroups() {}

  /** One serving Secret and the callers it serves (never empty). */
  record ServingGroup(ObjectRef secret, List<CallerLink> callers) {
    ServingGroup {
      requireNonNull(secret, "secret == null");
      callers = List.copyOf(callers);
      if (callers.isEmpty()) {
        throw new IllegalArgumentException("a serving group has callers");
      }
    }

    /** How the first caller reaches the Secret. */
    ServingLink link() {
      return callers.get(0).primary().orElseThrow();
    }

    ServingSecret servingCert() {
      return ServingSecret.of(link().secret()).orElseThrow();
    }

    /** The first caller's Service. */
    ServiceRecord service() {
      return callers.get(0).service();
    }

    List<ObjectRef> callerRefs() {
      return callers.stream().map(l -> l.caller().meta().ref()).distinct().toList();
    }
  }

  static List<ServingGroup> of(List<CallerLink> links) {
    Map<ObjectRef, List<CallerLink>> groups = new LinkedHashMap<>();
    for (CallerLink l : links) {
      if (l.status() != CallerLink.Status.FOUND || l.primary().isEmpty()) {
        continue;
      }
      if (l.caller() instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue;
      }
      groups.computeIfAbsent(l.primary().get().secretRef(), k -> new ArrayList<>()).add(l);
    }
    List<ServingGroup> out = new ArrayList<>();
    groups.forEach((secret, callers) -> out.add(new ServingGroup(secret, callers)));
    return out;
  }
}
