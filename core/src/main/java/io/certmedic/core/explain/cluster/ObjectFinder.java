package io.certmedic.core.explain.cluster;

import io.certmedic.core.explain.CrdRef;
import io.certmedic.core.explain.ErrorFacts;
import io.certmedic.core.explain.ServiceRef;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.NodeRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the object a failure group's lines name in a snapshot, in the order a line is most specific
 * about: the webhook (its name in {@code webhooks[].name}), the converted kind's
 * CustomResourceDefinition, the APIService, the Service of a {@code svc.ns.svc} host, a
 * kubeconfig's server, a Node's address, an Ingress host. Pure: the snapshot is read, nothing else.
 */
final class ObjectFinder {

  private static final String WEBHOOK_KINDS =
      "ValidatingWebhookConfigurations or MutatingWebhookConfigurations";

  private final Snapshot snapshot;
  private final String input;

  /** {@code input} names where the snapshot came from in sentences: "the cluster", "the dump". */
  ObjectFinder(Snapshot snapshot, String input) {
    this.snapshot = snapshot;
    this.input = input;
  }

  Lookup find(ErrorFacts f) {
    if (f.webhook() != null) {
      return webhook(f.webhook());
    }
    if (f.crd() != null) {
      return conversion(f.crd());
    }
    if (f.apiService() != null) {
      return apiService(f.apiService());
    }
    if (f.service() != null) {
      return service(f.service());
    }
    if (f.host() != null) {
      Optional<Lookup> server = kubeconfigServer(f.host(), f.port());
      if (server.isPresent()) {
        return server.get();
      }
      Optional<Lookup> node = node(f.host());
      if (node.isPresent()) {
        return node.get();
      }
      Optional<Lookup> ingress = ingress(f.host());
      if (ingress.isPresent()) {
        return ingress.get();
      }
    }
    String target = f.target().equals("-") ? "the lines" : f.target();
    return new Lookup.Unnamed(
        target
            + " names no object certmedic reads in "
            + input
            + " (a webhook, APIService, conversion webhook, svc.ns.svc Service, kubeconfig server,"
            + " Node address or Ingress host)");
  }

  private Lookup webhook(String name) {
    List<Caller.Webhook> hooks = new ArrayList<>();
    for (Caller c : snapshot.callers()) {
      if (c instanceof Caller.Webhook w && w.webhook().equals(name)) {
        hooks.add(w);
      }
    }
    if (hooks.isEmpty()) {
      boolean holds =
          holds("ValidatingWebhookConfiguration", Caller.Webhook.class)
              || holds("MutatingWebhookConfiguration", Caller.Webhook.class);
      return holds
          ? new Lookup.Missing(
              null, "no webhook configuration in " + input + " has a webhook named " + name)
          : new Lookup.Unjudged(
              null,
              "webhook "
                  + name
                  + ": "
                  + input
                  + " holds no "
                  + WEBHOOK_KINDS
                  + ", so certmedic cannot tell whether it exists");
    }
    Caller.Webhook w = hooks.get(0);
    ObjectRef config = w.meta().ref();
    String quoted = "webhook \"" + name + "\"";
    return new Lookup.Found(
        config,
        "webhook " + name + calls(w.client()),
        via(w.client()),
        f ->
            f.object().equals(config)
                && (f.message().contains(quoted) || !f.message().contains("webhook \"")));
  }

  private Lookup conversion(CrdRef crd) {
    List<Caller.Conversion> inGroup = new ArrayList<>();
    for (Caller c : snapshot.callers()) {
      if (c instanceof Caller.Conversion v && v.meta().name().endsWith("." + crd.group())) {
        inGroup.add(v);
      }
    }
    String kind = crd.kind().toLowerCase(Locale.ROOT);
    Caller.Conversion pick =
        inGroup.stream()
            .filter(v -> v.meta().name().startsWith(kind))
            .findFirst()
            .orElse(inGroup.size() == 1 ? inGroup.get(0) : null);
    if (pick == null) {
      String sentence =
          "the CustomResourceDefinition of "
              + crd.kind()
              + "."
              + crd.group()
              + " with a conversion webhook is not in "
              + input;
      return holds("CustomResourceDefinition", Caller.Conversion.class)
          ? new Lookup.Missing(null, sentence)
          : new Lookup.Unjudged(
              null,
              "conversion of "
                  + crd.kind()
                  + "."
                  + crd.group()
                  + ": "
                  + input
                  + " holds no CustomResourceDefinitions, so certmedic cannot tell whether it"
                  + " exists");
    }
    ObjectRef ref = pick.meta().ref();
    return new Lookup.Found(
        ref,
        "the conversion webhook of CustomResourceDefinition " + ref.name() + calls(pick.client()),
        via(pick.client()),
        f -> f.object().equals(ref));
  }

  private Lookup apiService(String name) {
    ObjectRef ref = ObjectRef.cluster("APIService", name);
    for (Caller c : snapshot.callers()) {
      if (c instanceof Caller.ApiService a && a.meta().name().equals(name)) {
        return new Lookup.Found(
            ref, "APIService " + name + calls(a.client()), via(a.client()), f -> about(f, ref));
      }
    }
    return holds("APIService", Caller.ApiService.class)
        ? new Lookup.Missing(ref, "the APIService " + name + " is not in " + input)
        : new Lookup.Unjudged(
            ref,
            "APIService "
                + name
                + ": "
                + input
                + " holds no APIServices, so certmedic cannot tell whether it exists");
  }

  private Lookup service(ServiceRef s) {
    ObjectRef ref = ObjectRef.of("Service", s.namespace(), s.name());
    if (snapshot.service(s.namespace(), s.name()).isPresent()) {
      List<ObjectRef> callers = new ArrayList<>();
      for (Caller c : snapshot.callers()) {
        ClientConfig.ServiceRef cs = c.client().service();
        if (cs != null && cs.namespace().equals(s.namespace()) && cs.name().equals(s.name())) {
          callers.add(c.meta().ref());
        }
      }
      return new Lookup.Found(
          ref, "Service " + s + " (" + s.dnsName() + ")", callers, f -> about(f, ref));
    }
    return snapshot.holds("Service", s.namespace())
        ? new Lookup.Missing(
            ref, "the Service " + s.name() + " in " + s.namespace() + " is not in " + input)
        : new Lookup.Unjudged(
            ref,
            "Service "
                + s
                + ": "
                + input
                + " holds no Services in "
                + s.namespace()
                + ", so certmedic cannot tell whether it exists");
  }

  private Optional<Lookup> kubeconfigServer(String host, Integer port) {
    for (KubeconfigRecord k : snapshot.kubeconfigs()) {
      for (KubeconfigRecord.Cluster c : k.clusters()) {
        if (sameServer(c.server(), host, port)) {
          ObjectRef ref = ObjectRef.cluster("Kubeconfig", k.source());
          return Optional.of(
              new Lookup.Found(
                  ref,
                  "kubeconfig "
                      + k.source()
                      + " cluster "
                      + c.name()
                      + " (server "
                      + c.server()
                      + ")",
                  List.of(),
                  f -> f.object().equals(ref)));
        }
      }
    }
    return Optional.empty();
  }

  /** True when {@code server} (a kubeconfig's URL) is {@code host}, and {@code port} if given. */
  static boolean sameServer(String server, String host, Integer port) {
    if (server == null || server.isEmpty()) {
      return false;
    }
    try {
      URI u = new URI(server);
      String h = u.getHost();
      if (h == null) {
        return false;
      }
      h = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
      int p = u.getPort() >= 0 ? u.getPort() : "http".equals(u.getScheme()) ? 80 : 443;
      return h.equalsIgnoreCase(host) && (port == null || port == p);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * A Node one of whose {@code status.addresses} is {@code host}: the API server dialling a kubelet
   * (logs, exec, port-forward, metrics) names the node by the address it dialled.
   */
  private Optional<Lookup> node(String host) {
    for (NodeRecord n : snapshot.nodes()) {
      for (NodeRecord.Address a : n.addresses()) {
        if (a.address().equalsIgnoreCase(host)) {
          ObjectRef ref = n.meta().ref();
          return Optional.of(
              new Lookup.Found(
                  ref,
                  "Node "
                      + ref.name()
                      + " ("
                      + a.type()
                      + " "
                      + host
                      + ", kubelet port "
                      + n.kubeletPort()
                      + ")",
                  List.of(),
                  f -> about(f, ref)));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Lookup> ingress(String host) {
    for (IngressRecord i : snapshot.ingresses()) {
      List<String> hosts = new ArrayList<>(i.ruleHosts());
      i.tls().forEach(t -> hosts.addAll(t.hosts()));
      for (String h : hosts) {
        if (hostMatches(h, host)) {
          ObjectRef ref = i.meta().ref();
          return Optional.of(
              new Lookup.Found(
                  ref,
                  "Ingress " + ref.namespace() + "/" + ref.name() + " (host " + host + ")",
                  List.of(),
                  f -> about(f, ref)));
        }
      }
    }
    return Optional.empty();
  }

  /** An Ingress host, {@code *.example.com} matching one label, against the host a line names. */
  static boolean hostMatches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
    return p.equals(h);
  }

  /**
   * True when absence of a cluster-scoped {@code kind} means something: the input holds one such
   * caller, or a live read listed the kind (a dump records no kind for callers it does not hold).
   */
  private boolean holds(String kind, Class<? extends Caller> type) {
    return snapshot.holds(kind, "") || snapshot.callers().stream().anyMatch(type::isInstance);
  }

  private static boolean about(Finding f, ObjectRef ref) {
    return f.object().equals(ref) || f.related().contains(ref);
  }

  private static String calls(ClientConfig c) {
    if (c.service() != null) {
      return " calls " + c.service().dnsName();
    }
    return c.url() == null || c.url().isEmpty() ? "" : " calls " + c.url();
  }

  private static List<ObjectRef> via(ClientConfig c) {
    return c.service() == null
        ? List.of()
        : List.of(ObjectRef.of("Service", c.service().namespace(), c.service().name()));
  }
}
