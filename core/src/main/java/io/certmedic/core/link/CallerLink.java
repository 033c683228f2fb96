package io.certmedic.core.link;

import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ServiceRecord;
import java.util.List;
import java.util.Optional;

/**
 * What certmedic knows about the server behind a caller: whether its Service and port exist, and
 * which Secrets it may serve, with the evidence for each hop.
 */
public record CallerLink(
    Caller caller,
    Status status,
    ServiceRecord service,
    ServiceRecord.Port port,
    List<ServingLink> serving,
    List<String> evidence) {

  /** How far the link got. */
  public enum Status {
    /** The caller dials a URL, not a Service: nothing to follow offline. */
    URL,
    /** {@code default/kubernetes:443}: the API server calls itself with its own loopback trust. */
    APISERVER_SELF,
    /**
     * The Service is not in the input, and the input holds that namespace's Services: it is gone.
     */
    SERVICE_MISSING,
    /** The Service is not in the input, which holds no Services of that namespace: unknown. */
    SERVICE_UNKNOWN,
    /** The Service exists but exposes no such port. */
    PORT_MISSING,
    /** The Service and port exist; {@code serving} lists the Secrets found (maybe none). */
    FOUND
  }

  public CallerLink {
    serving = List.copyOf(serving);
    evidence = List.copyOf(evidence);
  }

  /** The link judged to be what the caller is served: the first whose Secret is in the input. */
  public Optional<ServingLink> primary() {
    return serving.stream()
        .filter(l -> l.secret() != null && ServingSecret.of(l.secret()).isPresent())
        .findFirst();
  }
}
