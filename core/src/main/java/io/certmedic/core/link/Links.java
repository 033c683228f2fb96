package io.certmedic.core.link;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds which certificate a caller will be shown, the way a person would trace it: the caller's
 * Service and port, the target port, the workloads the Service selects, the container that serves
 * that port, and the Secrets it mounts; also the platform annotations on the Service (OpenShift
 * service-ca, certmedic), cert-manager Certificates naming the Service, and, with less confidence,
 * a Secret named in a container's arguments or environment values.
 */
public final class Links {

  /** Service annotations that name the Secret a platform keeps a serving cert in. */
  public static final List<String> SERVING_SECRET_ANNOTATIONS =
      List.of(
          "service.beta.openshift.io/serving-cert-secret-name",
          "service.alpha.openshift.io/serving-cert-secret-name",
          "certmedic.io/serving-cert-secret-name");

  private Links() {}

  public static CallerLink resolve(Snapshot s, Caller caller) {
    ClientConfig.ServiceRef ref = caller.client().service();
    List<String> evidence = new ArrayList<>();
    if (ref == null) {
      evidence.add(caller.describe() + " -> URL " + caller.client().url());
      return new CallerLink(caller, CallerLink.Status.URL, null, null, List.of(), evidence);
    }
    evidence.add(caller.describe() + " -> " + ref.url());
    if ("default".equals(ref.namespace()) && "kubernetes".equals(ref.name()) && ref.port() == 443) {
      return new CallerLink(
          caller, CallerLink.Status.APISERVER_SELF, null, null, List.of(), evidence);
    }
    Optional<ServiceRecord> svc = s.service(ref.namespace(), ref.name());
    if (svc.isEmpty()) {
      CallerLink.Status st =
          s.holds("Service", ref.namespace())
              ? CallerLink.Status.SERVICE_MISSING
              : CallerLink.Status.SERVICE_UNKNOWN;
      return new CallerLink(caller, st, null, null, List.of(), evidence);
    }
    ServiceRecord service = svc.get();
    Optional<ServiceRecord.Port> port = service.port(ref.port());
    if (port.isEmpty()) {
      return new CallerLink(
          caller, CallerLink.Status.PORT_MISSING, service, null, List.of(), evidence);
    }
    ServiceRecord.Port p = port.get();
    String svcHop =
        "Service "
            + ref.namespace()
            + "/"
            + ref.name()
            + ":"
            + p.port()
            + " -> targetPort "
            + p.targetPort();
    evidence.add(svcHop);
    List<ServingLink> links = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String a : SERVING_SECRET_ANNOTATIONS) {
      String name = service.meta().annotation(a);
      if (name != null && !name.isBlank() && seen.add(name)) {
        links.add(
            link(
                s,
                ref.namespace(),
                name,
                List.of(svcHop, "annotation " + a + " -> Secret " + ref.namespace() + "/" + name),
                ServingLink.Confidence.ANNOTATION,
                List.of()));
      }
    }
    String dns = ref.dnsName();
    for (CertificateRecord c : s.certificates()) {
      if (c.meta().namespace().equals(ref.namespace())
          && c.dnsNames().stream().anyMatch(n -> n.equalsIgnoreCase(dns))
          && seen.add(c.secretName())) {
        links.add(
            link(
                s,
                ref.namespace(),
                c.secretName(),
                List.of(
                    svcHop,
                    "cert-manager "
                        + c.meta().ref().describe()
                        + " (dnsNames has "
                        + dns
                        + ") -> Secret "
                        + ref.namespace()
                        + "/"
                        + c.secretName()),
                ServingLink.Confidence.CERTIFICATE,
                List.of()));
      }
    }
    for (WorkloadRecord w : selected(s, service)) {
      List<WorkloadRecord.Container> servers = serving(w, p);
      String wHop = w.meta().ref().describe();
      for (WorkloadRecord.Container c : servers) {
        for (WorkloadRecord.Mount m : c.mounts()) {
          for (WorkloadRecord.Volume v : w.volumes()) {
            if (!v.name().equals(m.volume())) {
              continue;
            }
            for (WorkloadRecord.Source src : v.sources()) {
              if ("Secret".equals(src.kind()) && !src.name().isEmpty() && seen.add(src.name())) {
                links.add(
                    link(
                        s,
                        ref.namespace(),
                        src.name(),
                        List.of(
                            svcHop,
                            wHop
                                + " container "
                                + c.name()
                                + " -> volume "
                                + v.name()
                                + " at "
                                + m.mountPath()
                                + " -> Secret "
                                + ref.namespace()
                                + "/"
                                + src.name()),
                        ServingLink.Confidence.VOLUME,
                        List.of(w.meta().ref())));
              }
            }
          }
        }
      }
      for (WorkloadRecord.Container c : servers) {
        for (String arg : c.args()) {
          for (String candidate : argumentValues(arg)) {
            if (!seen.contains(candidate) && servesCert(s, ref.namespace(), candidate)) {
              seen.add(candidate);
              links.add(
                  link(
                      s,
                      ref.namespace(),
                      candidate,
                      List.of(
                          svcHop,
                          wHop
                              + " container "
                              + c.name()
                              + " names Secret "
                              + candidate
                              + " in its arguments ('"
                              + arg
                              + "'; read through the API, not a volume: a lower-confidence link)"),
                      ServingLink.Confidence.ARGUMENT,
                      List.of(w.meta().ref())));
            }
          }
        }
        // operators configured by environment (WEBHOOK_SECRET_NAME=...) read the Secret the same
        // way
        for (WorkloadRecord.Env e : c.env()) {
          String candidate = e.value() == null ? "" : e.value().trim();
          if (!candidate.isEmpty()
              && !seen.contains(candidate)
              && servesCert(s, ref.namespace(), candidate)) {
            seen.add(candidate);
            links.add(
                link(
                    s,
                    ref.namespace(),
                    candidate,
                    List.of(
                        svcHop,
                        wHop
                            + " container "
                            + c.name()
                            + " names Secret "
                            + candidate
                            + " in its environment ("
                            + e.name()
                            + "="
                            + candidate
                            + "; read through the API, not a volume: a lower-confidence link)"),
                    ServingLink.Confidence.ARGUMENT,
                    List.of(w.meta().ref())));
          }
        }
      }
    }
    return new CallerLink(caller, CallerLink.Status.FOUND, service, p, links, evidence);
  }

  /** True when {@code ns/name} is a Secret in the input holding a serving certificate. */
  private static boolean servesCert(Snapshot s, String ns, String name) {
    return s.secret(ns, name).flatMap(ServingSecret::of).isPresent();
  }

  private static ServingLink link(
      Snapshot s,
      String ns,
      String name,
      List<String> via,
      ServingLink.Confidence c,
      List<ObjectRef> workloads) {
    SecretRecord secret = s.secret(ns, name).orElse(null);
    return new ServingLink(ns, name, secret, via, c, workloads);
  }

  /**
   * Workloads whose pod template the Service selects. A ReplicaSet or Pod owned by another workload
   * in the input is left out: its owner speaks for it.
   */
  public static List<WorkloadRecord> selected(Snapshot s, ServiceRecord service) {
    if (service.selector().isEmpty()) {
      return List.of();
    }
    List<WorkloadRecord> all = s.workloadsIn(service.meta().namespace());
    Set<ObjectRef> present = new LinkedHashSet<>();
    all.forEach(w -> present.add(w.meta().ref()));
    List<WorkloadRecord> out = new ArrayList<>();
    for (WorkloadRecord w : all) {
      if (!matches(service.selector(), w.podLabels())) {
        continue;
      }
      if (!ownedByPresent(w, present)) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * True when a workload in {@code present} owns {@code w} and so speaks for it: a direct owner,
   * or, when the ReplicaSet (Job) between them is not in the input, the Deployment (CronJob) whose
   * name that ReplicaSet's (Job's) name extends with {@code -<hash>}, as {@code kubectl get
   * deploy,pod} dumps them.
   */
  public static boolean ownedByPresent(WorkloadRecord w, Set<ObjectRef> present) {
    for (ObjectRef o : w.meta().owners()) {
      if (present.contains(o)) {
        return true;
      }
      String parent =
          switch (o.kind()) {
            case "ReplicaSet" -> "Deployment";
            case "Job" -> "CronJob";
            default -> null;
          };
      int dash = o.name().lastIndexOf('-');
      if (parent != null
          && dash > 0
          && present.contains(ObjectRef.of(parent, o.namespace(), o.name().substring(0, dash)))) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The containers that expose the Service's target port; all containers when none declares it. */
  static List<WorkloadRecord.Container> serving(WorkloadRecord w, ServiceRecord.Port p) {
    List<WorkloadRecord.Container> out = new ArrayList<>();
    for (WorkloadRecord.Container c : w.containers()) {
      if (c.init()) {
        continue;
      }
      for (WorkloadRecord.Port cp : c.ports()) {
        if (cp.name().equals(p.targetPort())
            || String.valueOf(cp.containerPort()).equals(p.targetPort())) {
          out.add(c);
          break;
        }
      }
    }
    if (out.isEmpty()) {
      w.containers().stream().filter(c -> !c.init()).forEach(out::add);
    }
    return out;
  }

  /** The values an argument carries: {@code --flag=value} gives value; a bare word gives itself. */
  static List<String> argumentValues(String arg) {
    int eq = arg.indexOf('=');
    String v = eq >= 0 ? arg.substring(eq + 1) : arg;
    if (v.isEmpty() || v.startsWith("-") || v.contains("/") || v.contains(" ")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
