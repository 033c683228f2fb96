package io.certmedic.controller.simulation;

import static java.util.Objects.requireNonNull;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.simulation.Kubelet.Mount;
import io.certmedic.controller.simulation.Pems.Pem;
import io.certmedic.controller.testing.MapView;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The invariant: every certificate a pod serves chains, for the name its caller dials, to every
 * bundle that caller holds. Callers are the API server (it reads a webhook's, a CRD conversion's or
 * an APIService's caBundle the moment it changes), the client pods (they hold what the kubelet last
 * delivered of their bundle ConfigMap copy) and the pods of a headless Service dialling each other
 * (they trust the ca.crt of the Secret they serve from, as last delivered). A server pod serves
 * what the kubelet last delivered of its Secret's tls.crt; a caller dialling a Service may reach
 * any of its pods, so every one is judged. Judged by {@link ServingVerifier}, the API server's own
 * rules.
 *
 * <p>A verdict is cached by (what is served, the bundle, the name) with the validity window of the
 * chain it found: the verifier reads the clock only through validity periods, so a chain that
 * verified stays verified while every certificate in it is valid. A failure is never cached.
 */
final class Invariant {

  /**
   * Who verifies: a name for messages, the bundle it holds (null while it is not running), and what
   * it dials.
   */
  record Caller(String name, Supplier<Pem> bundle, List<Dial> dials) {}

  /**
   * A Service dialled as {@code serverName}, reaching any of its pods, or only {@code pod}
   * (ns/name) when not null.
   */
  record Dial(String namespace, String service, String serverName, String pod) {}

  /**
   * A pair that broke the invariant at {@code at}, said in one sentence with everything needed to
   * find out why.
   */
  record Violation(
      Instant at,
      String server,
      String caller,
      Dial dial,
      String phase,
      String reason,
      String detail) {
    String message() {
      return "at "
          + at
          + " (CA phase "
          + phase
          + "), "
          + caller
          + " dialling "
          + dial.serverName()
          + " rejects what "
          + server
          + " serves: "
          + reason
          + " ("
          + detail
          + ")";
    }

    @Override
    public String toString() {
      return message();
    }
  }

  private record Key(Pem served, Pem bundle, String serverName) {}

  /** Why a pair does not hold: the verifier's reason (or EXPIRES_WHILE_SERVED) and its words. */
  private record Rejection(String reason, String detail) {}

  private record Window(Instant from, Instant until) {
    boolean covers(Instant a, Instant b) {
      return !a.isBefore(from) && !b.isAfter(until);
    }
  }

  private final Kubelet kubelet;
  private final Pems pems;
  private final CaNames cas;
  private final List<Caller> apiServer = new ArrayList<>();
  private final List<Caller> pods = new ArrayList<>();
  private final List<Mount> clients;
  private final Map<String, List<Mount>> serversBehind =
      new HashMap<>(); // "ns/service" to its server pods' mounts
  private final Map<Key, Window> verified = new HashMap<>();
  private long pairChecks;
  private long verifierCalls;

  Invariant(Kubelet kubelet, Pems pems, CaNames cas, List<Mount> clients) {
    this.kubelet = requireNonNull(kubelet, "kubelet == null");
    this.pems = requireNonNull(pems, "pems == null");
    this.cas = requireNonNull(cas, "cas == null");
    this.clients = List.copyOf(clients);
  }

  /** Re-reads who calls what, and what the API server trusts, after the API objects changed. */
  void refresh(MapView view) {
    serversBehind.clear();
    pods.clear();
    List<Dial> everyService = new ArrayList<>();
    for (Service s : view.list(Service.class)) {
      String secret =
          s.getMetadata().getAnnotations() == null
              ? null
              : s.getMetadata().getAnnotations().get(Annotations.SERVING_CERT_SECRET_NAME);
      if (secret == null) {
        continue;
      }
      String ns = s.getMetadata().getNamespace();
      String name = s.getMetadata().getName();
      List<Mount> replicas = SimCluster.servers(ns, secret);
      serversBehind.put(ns + "/" + name, replicas);
      everyService.add(new Dial(ns, name, ServiceNames.apiServerName(name, ns), null));
      if ("None".equals(s.getSpec().getClusterIP())) {
        for (Mount r :
            replicas) { // a StatefulSet pod's own name, which the headless Service's wildcard
          // covers
          everyService.add(podDial(r, name));
        }
        for (Mount self : replicas) { // peers trust the ca.crt of the Secret they serve from
          List<Dial> others =
              replicas.stream().filter(r -> !r.equals(self)).map(r -> podDial(r, name)).toList();
          pods.add(
              new Caller(
                  self + " as a client, trusting its ca.crt",
                  () -> kubelet.seen(self, "ca.crt"),
                  others));
        }
      }
    }
    for (Mount m : clients) {
      pods.add(
          new Caller(
              m.toString(), () -> kubelet.seen(m, Annotations.CONFIGMAP_BUNDLE_KEY), everyService));
    }
    apiServer.clear();
    for (ValidatingWebhookConfiguration v : view.list(ValidatingWebhookConfiguration.class)) {
      for (ValidatingWebhook w : v.getWebhooks()) {
        webhook(
            "ValidatingWebhookConfiguration "
                + v.getMetadata().getName()
                + " webhook "
                + w.getName(),
            w.getClientConfig());
      }
    }
    for (MutatingWebhookConfiguration m : view.list(MutatingWebhookConfiguration.class)) {
      for (MutatingWebhook w : m.getWebhooks()) {
        webhook(
            "MutatingWebhookConfiguration " + m.getMetadata().getName() + " webhook " + w.getName(),
            w.getClientConfig());
      }
    }
    for (CustomResourceDefinition c : view.list(CustomResourceDefinition.class)) {
      var conv = c.getSpec().getConversion();
      if (conv != null && "Webhook".equals(conv.getStrategy())) {
        var cc = conv.getWebhook().getClientConfig();
        var svc = cc.getService();
        apiServer(
            c.getKind() + " " + c.getMetadata().getName() + " conversion",
            cc.getCaBundle(),
            svc.getNamespace(),
            svc.getName());
      }
    }
    for (APIService a : view.list(APIService.class)) {
      ServiceReference svc = a.getSpec().getService();
      if (svc != null) {
        apiServer(
            "APIService " + a.getMetadata().getName(),
            a.getSpec().getCaBundle(),
            svc.getNamespace(),
            svc.getName());
      }
    }
  }

  private static Dial podDial(Mount pod, String service) {
    return new Dial(
        pod.namespace(),
        service,
        pod.podName() + "." + service + "." + pod.namespace() + ".svc",
        pod.pod());
  }

  private void webhook(String what, WebhookClientConfig cc) {
    if (cc != null && cc.getService() != null) {
      apiServer(what, cc.getCaBundle(), cc.getService().getNamespace(), cc.getService().getName());
    }
  }

  private void apiServer(String what, String caBundle, String ns, String svc) {
    Pem bundle =
        pems.of(
            caBundle == null
                ? ""
                : new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII));
    apiServer.add(
        new Caller(
            "the API server (" + what + ")",
            () -> bundle,
            List.of(new Dial(ns, svc, ServiceNames.apiServerName(svc, ns), null))));
  }

  /**
   * Judges every pair at {@code at}, for the whole interval up to {@code until} (the next instant
   * anything changes): a chain that expires before then breaks the invariant too. Returns every
   * violation; {@code phase} describes the CA state for their messages.
   */
  List<Violation> check(Instant at, Instant until, String phase) {
    List<Violation> out = new ArrayList<>();
    check(apiServer, at, until, phase, out);
    check(pods, at, until, phase, out);
    return out;
  }

  private void check(
      List<Caller> callers, Instant at, Instant until, String phase, List<Violation> out) {
    for (Caller c : callers) {
      Pem bundle = c.bundle().get();
      if (bundle == null) {
        continue; // the pod is not running yet: its bundle never arrived
      }
      for (Dial d : c.dials()) {
        List<Mount> servers = serversBehind.get(d.namespace() + "/" + d.service());
        if (servers == null) {
          out.add(
              new Violation(
                  at,
                  "no pod",
                  c.name(),
                  d,
                  phase,
                  "NO_ENDPOINTS",
                  "no Service "
                      + d.namespace()
                      + "/"
                      + d.service()
                      + " asks certmedic for a serving certificate"));
          continue;
        }
        for (Mount server : servers) {
          if (d.pod() != null && !d.pod().equals(server.pod())) {
            continue;
          }
          Pem served = kubelet.seen(server, "tls.crt");
          if (served == null) {
            continue; // the server pod is not running yet: its Secret never arrived
          }
          pairChecks++;
          verdict(served, bundle, d.serverName(), at, until)
              .ifPresent(
                  why ->
                      out.add(
                          new Violation(
                              at,
                              server.toString(),
                              c.name(),
                              d,
                              phase,
                              why.reason(),
                              why.detail()
                                  + "; serves "
                                  + describeServed(served)
                                  + "; trusts "
                                  + describeBundle(bundle))));
        }
      }
    }
  }

  /** Empty when the pair holds from {@code at} to {@code until}. */
  private Optional<Rejection> verdict(
      Pem served, Pem bundle, String serverName, Instant at, Instant until) {
    Key k = new Key(served, bundle, serverName);
    Window w = verified.get(k);
    if (w != null && w.covers(at, until)) {
      return Optional.empty();
    }
    verifierCalls++;
    VerifyResult r = ServingVerifier.verify(served.certs(), bundle.certs(), serverName, at);
    if (r instanceof VerifyFailure f) {
      return Optional.of(new Rejection(f.reason().name(), f.message()));
    }
    List<X509Certificate> chain = ((Verified) r).chain();
    Instant from =
        chain.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElseThrow();
    Instant to =
        chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    Window found = new Window(from, to);
    verified.put(k, found);
    if (!found.covers(at, until)) {
      return Optional.of(
          new Rejection(
              "EXPIRES_WHILE_SERVED",
              "the chain verifies at "
                  + at
                  + " but expires at "
                  + to
                  + ", before the next change at "
                  + until));
    }
    return Optional.empty();
  }

  private String describeServed(Pem served) {
    if (served.certs().isEmpty()) {
      return "no certificate";
    }
    X509Certificate leaf = served.certs().get(0);
    return "serial "
        + leaf.getSerialNumber().toString(16)
        + " valid "
        + leaf.getNotBefore().toInstant()
        + ".."
        + leaf.getNotAfter().toInstant()
        + " signed by "
        + cas.signerOf(leaf);
  }

  private String describeBundle(Pem bundle) {
    if (bundle.certs().isEmpty()) {
      return "an empty bundle";
    }
    List<String> names = new ArrayList<>();
    for (X509Certificate c : bundle.certs()) {
      names.add(cas.name(c));
    }
    return String.join(", ", names);
  }

  /** Pairs judged (a verdict from the cache counts: it is the same verdict). */
  long pairChecks() {
    return pairChecks;
  }

  long verifierCalls() {
    return verifierCalls;
  }
}
