package io.certmedic.controller;

import java.util.List;

/**
 * Every API call the controller makes, as RBAC rules: the single source the deploy/ ClusterRole and
 * Role are checked against, and that the end-to-end tests check the calls against. Least privilege:
 * no verb here that the code does not use.
 */
public final class Rbac {

  /** One rule: verbs on a resource of an API group ("" is the core group). */
  public record Rule(String apiGroup, String resource, List<String> verbs, boolean clusterWide) {
    public Rule {
      verbs = List.copyOf(verbs);
    }
  }

  private static final List<String> WATCH = List.of("get", "list", "watch");
  private static final List<String> WATCH_UPDATE = List.of("get", "list", "watch", "update");
  private static final List<String> WATCH_PATCH = List.of("get", "list", "watch", "patch");

  /**
   * Read-only rules for the doctor over the caches ({@code clusterWideReads}, the default; never in
   * a namespaced install): running pods for POD_TRUST_STALE, Ingresses, kubelet CSRs, and the CRD
   * kinds the doctor judges (Gateway API, OpenShift Routes, cert-manager), each listed only when
   * discovery says it is served.
   */
  public static final List<Rule> CLUSTER_WIDE_READS =
      List.of(
          new Rule("", "pods", WATCH, true),
          new Rule("networking.k8s.io", "ingresses", WATCH, true),
          new Rule("certificates.k8s.io", "certificatesigningrequests", WATCH, true),
          // CRD kinds, each cached only where discovery says it is served: Gateway API listeners
          // and the ReferenceGrants that allow their cross-namespace certificate refs
          new Rule("gateway.networking.k8s.io", "gateways", WATCH, true),
          new Rule("gateway.networking.k8s.io", "referencegrants", WATCH, true),
          // OpenShift Routes' inline certificates (never their keys' bytes in any output)
          new Rule("route.openshift.io", "routes", WATCH, true),
          // cert-manager: Certificates, their Issuers and ClusterIssuers, and their requests
          new Rule("cert-manager.io", "certificates", WATCH, true),
          new Rule("cert-manager.io", "issuers", WATCH, true),
          new Rule("cert-manager.io", "clusterissuers", WATCH, true),
          new Rule("cert-manager.io", "certificaterequests", WATCH, true));

  /** Cluster-wide rules without {@link #CLUSTER_WIDE_READS} ({@code clusterWideReads: false}). */
  public static final List<Rule> CLUSTER_WITHOUT_READS =
      List.of(
          new Rule("", "services", WATCH, true),
          // serving Secrets are created and renewed in the Services' namespaces
          new Rule("", "secrets", List.of("get", "list", "watch", "create", "update"), true),
          // bundle ConfigMaps are injected; distributed copies are created, kept, and removed when
          // deselected
          new Rule(
              "",
              "configmaps",
              List.of("get", "list", "watch", "create", "update", "delete"),
              true),
          new Rule("", "namespaces", WATCH, true),
          new Rule("", "events", List.of("create"), true),
          new Rule(
              "admissionregistration.k8s.io",
              "validatingwebhookconfigurations",
              WATCH_UPDATE,
              true),
          new Rule(
              "admissionregistration.k8s.io", "mutatingwebhookconfigurations", WATCH_UPDATE, true),
          new Rule("apiextensions.k8s.io", "customresourcedefinitions", WATCH_UPDATE, true),
          new Rule("apiregistration.k8s.io", "apiservices", WATCH_UPDATE, true),
          // restart-on-rotation rolls a workload by patching two annotations (a JSON Patch guarded
          // by the resourceVersion): patch, never update, so no one can rewrite a whole workload
          new Rule("apps", "deployments", WATCH_PATCH, true),
          new Rule("apps", "statefulsets", WATCH_PATCH, true),
          new Rule("apps", "daemonsets", WATCH_PATCH, true));

  /** Cluster-wide rules (ClusterRole), the {@link #CLUSTER_WIDE_READS} last. */
  public static final List<Rule> CLUSTER = withReads();

  private static List<Rule> withReads() {
    List<Rule> all = new java.util.ArrayList<>(CLUSTER_WITHOUT_READS);
    all.addAll(CLUSTER_WIDE_READS);
    return List.copyOf(all);
  }

  /**
   * Rules in the controller's own namespace only (Role): the leader-election Lease. fabric8's
   * LeaseLock reads it by name, creates it, and renews, takes over and releases it with a JSON
   * merge PATCH (never a PUT), so it needs patch, not update, and no list or watch.
   */
  public static final List<Rule> NAMESPACED =
      List.of(new Rule("coordination.k8s.io", "leases", List.of("get", "create", "patch"), false));

  /**
   * The namespaced mode ({@code watchNamespaces} set): the ClusterRole keeps only what has no
   * namespace or must be cluster-wide. Namespaces are read (distribution picks them by label);
   * Events are created, since those on cluster-scoped objects (webhook configurations, CRDs,
   * APIServices) go to the "default" namespace; the four caBundle injection targets are
   * cluster-scoped. No Secret, ConfigMap, Service or workload rule: those are in {@link
   * #WATCHED_NAMESPACE}, one Role per watched namespace.
   */
  public static final List<Rule> NAMESPACED_MODE_CLUSTER =
      List.of(
          new Rule("", "namespaces", WATCH, true),
          new Rule("", "events", List.of("create"), true),
          new Rule(
              "admissionregistration.k8s.io",
              "validatingwebhookconfigurations",
              WATCH_UPDATE,
              true),
          new Rule(
              "admissionregistration.k8s.io", "mutatingwebhookconfigurations", WATCH_UPDATE, true),
          new Rule("apiextensions.k8s.io", "customresourcedefinitions", WATCH_UPDATE, true),
          new Rule("apiregistration.k8s.io", "apiservices", WATCH_UPDATE, true));

  /**
   * The namespaced mode: one Role per watched namespace, where annotated Services live, so serving
   * Secrets are written there and nowhere else. The same verbs as the cluster-wide rules.
   */
  public static final List<Rule> WATCHED_NAMESPACE =
      List.of(
          new Rule("", "services", WATCH, false),
          new Rule("", "secrets", List.of("get", "list", "watch", "create", "update"), false),
          new Rule(
              "",
              "configmaps",
              List.of("get", "list", "watch", "create", "update", "delete"),
              false),
          new Rule("apps", "deployments", WATCH_PATCH, false),
          new Rule("apps", "statefulsets", WATCH_PATCH, false),
          new Rule("apps", "daemonsets", WATCH_PATCH, false));

  /**
   * The namespaced mode, in the controller's own namespace: the CA Secret ({@code --ca-secret}),
   * created, rotated and watched by name there, whether or not that namespace is watched.
   */
  public static final List<Rule> CA_SECRET =
      List.of(new Rule("", "secrets", List.of("get", "list", "watch", "create", "update"), false));

  private Rbac() {}
}
