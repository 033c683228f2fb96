package io.certmedic.core.doctor;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Links;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.DefaultSslCertificate;
import io.certmedic.core.snapshot.GatewayRecord;
import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every check reads: the snapshot, the options, and the links from each caller to the
 * certificate it is served, resolved once. Checks that look at Secrets one by one use {@link
 * #servedTo(ObjectRef)} to leave linked Secrets to the caller checks, so a problem is reported
 * once, on the object whose requests it breaks.
 */
public final class Analysis {

  private final Snapshot snapshot;
  private final DoctorOptions options;
  private final List<CallerLink> links;
  private final Map<ObjectRef, List<CallerLink>> bySecret = new HashMap<>();
  private final Set<ObjectRef> edgeSecrets = new HashSet<>();
  private final Map<List<String>, Set<Caller>> sharing = new HashMap<>();

  public Analysis(Snapshot snapshot, DoctorOptions options) {
    this.snapshot = requireNonNull(snapshot, "snapshot == null");
    this.options = requireNonNull(options, "options == null");
    List<CallerLink> resolved = new ArrayList<>(snapshot.callers().size());
    for (Caller c : snapshot.callers()) {
      CallerLink l = Links.resolve(snapshot, c);
      resolved.add(l);
      var primary = l.primary();
      if (l.status() == CallerLink.Status.FOUND) {
        primary.ifPresent(
            p ->
                sharing
                    .computeIfAbsent(
                        List.of(p.secretNamespace(), p.secretName()),
                        k -> new java.util.LinkedHashSet<>())
                    .add(c));
      }
      if (c instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue; // ServingCertificate does not judge what it is served: CertificateHygiene must
      }
      primary.ifPresent(
          p -> bySecret.computeIfAbsent(p.secretRef(), k -> new ArrayList<>()).add(l));
    }
    this.links = List.copyOf(resolved);
    for (IngressRecord i : snapshot.ingresses()) {
      for (IngressRecord.Tls t : i.tls()) {
        if (!t.secretName().isEmpty()) {
          edgeSecrets.add(ObjectRef.of("Secret", i.meta().namespace(), t.secretName()));
        }
      }
    }
    for (GatewayRecord g : snapshot.gateways()) {
      for (GatewayRecord.Listener l : g.listeners()) {
        if (l.terminatesTls()) {
          l.certificateRefs().stream()
              .filter(GatewayRecord.CertificateRef::secret)
              .forEach(r -> edgeSecrets.add(ObjectRef.of("Secret", r.namespace(), r.name())));
        }
      }
    }
    for (DefaultSslCertificate d : snapshot.defaultSslCertificates()) {
      edgeSecrets.add(ObjectRef.of("Secret", d.namespace(), d.name()));
    }
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public DoctorOptions options() {
    return options;
  }

  /**
   * The callers, each once and in caller order, whose link was found and whose served certificate
   * is Secret {@code namespace/name}: indexed once here, where asking every link for every caller
   * took time quadratic in the callers.
   */
  public List<Caller> callersServedBy(String namespace, String name) {
    Set<Caller> c = sharing.get(List.of(namespace, name));
    return c == null ? List.of() : List.copyOf(c);
  }

  /** One link per caller, in the snapshot's caller order. */
  public List<CallerLink> links() {
    return links;
  }

  /**
   * The callers whose primary serving Secret is {@code secret} and whose served certificate {@link
   * ServingCertificate} judges (not an APIService that skips verification); empty when none.
   */
  public List<CallerLink> servedTo(ObjectRef secret) {
    return bySecret.getOrDefault(secret, List.of());
  }

  /**
   * True when an Ingress, a Gateway listener or ingress-nginx's default certificate serves Secret
   * {@code secret}: {@link IngressTls} and {@link GatewayListenerTls} judge its leaf and key there,
   * on the object a user reads first.
   */
  public boolean servesEdge(ObjectRef secret) {
    return edgeSecrets.contains(secret);
  }

  /** How bad a broken TLS link is for this caller: critical when it makes API requests fail. */
  public static Severity severityFor(Caller c) {
    return c.failClosed() ? Severity.CRITICAL : Severity.ERROR;
  }

  /** Which API requests a broken caller blocks, in words, for messages. */
  public static String blocks(Caller c) {
    if (c instanceof Caller.Webhook w) {
      String rules = w.rules().isEmpty() ? "the requests it matches" : String.join("; ", w.rules());
      return w.failClosed()
          ? "failurePolicy Fail: the API server refuses " + rules
          : "failurePolicy Ignore: "
              + rules
              + " go through unchecked; only the API server log shows the failure";
    }
    if (c instanceof Caller.Conversion cv) {
      return cv.versions().size() > 1
          ? "reads and writes of "
              + cv.meta().name()
              + " that need conversion between "
              + String.join(", ", cv.versions())
              + " fail"
          : "a single served version: the API server never calls it";
    }
    return "the API group "
        + c.meta().name()
        + " becomes unavailable; discovery and kubectl show errors for it";
  }
}
