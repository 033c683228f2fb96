package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies of a trust bundle that lack a CA the others have (the OKD incident: a rotated CA that
 * never reached the kubelets' kubeconfigs nor openshift-multus' {@code kube-root-ca.crt}).
 *
 * <p>Two comparisons: the copies of a distributed ConfigMap across namespaces (a copy lacking a CA
 * that at least half the copies hold is stale); and each kubeconfig against the cluster's CA
 * sources in the input, when it trusts at least one of their CAs (same cluster).
 */
public final class TrustBundleStale implements Check {

  /** ConfigMaps Kubernetes, OpenShift or trust-manager copy into many namespaces: name -> key. */
  public static final Map<String, String> DISTRIBUTED =
      Map.of("kube-root-ca.crt", "ca.crt", "openshift-service-ca.crt", "service-ca.crt");

  /** Labels that mark a ConfigMap as a copy of a distributed bundle. */
  public static final List<String> DISTRIBUTION_LABELS =
      List.of("trust.cert-manager.io/bundle", "certmedic.io/trust-bundle");

  /** Where a cluster keeps the CAs its API server endpoints are served with: ns/name -> key. */
  public static final Map<String, String> CLUSTER_CA_SOURCES =
      Map.of(
          "openshift-kube-apiserver-operator/loadbalancer-serving-ca", "ca-bundle.crt",
          "openshift-kube-apiserver/kube-apiserver-server-ca", "ca-bundle.crt",
          "openshift-config-managed/kube-apiserver-server-ca", "ca-bundle.crt");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    copies(a, out);
    kubeconfigs(a, out);
    return out;
  }

  private static void copies(Analysis a, List<Finding> out) {
    Map<String, List<ConfigMapRecord>> groups = new LinkedHashMap<>();
    for (ConfigMapRecord c : a.snapshot().configMaps()) {
      String group = null;
      if (DISTRIBUTED.containsKey(c.meta().name())) {
        group = c.meta().name();
      } else {
        for (String l : DISTRIBUTION_LABELS) {
          if (c.meta().labels().containsKey(l)) {
            group = l + "=" + c.meta().labels().get(l) + ":" + c.meta().name();
          }
        }
      }
      if (group != null) {
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(c);
      }
    }
    for (List<ConfigMapRecord> copies : groups.values()) {
      if (copies.size() < 2) {
        continue;
      }
      Map<String, Integer> holders = new LinkedHashMap<>();
      Map<String, CertInfo> byId = new LinkedHashMap<>();
      for (ConfigMapRecord c : copies) {
        for (CertInfo ci : cas(c)) {
          holders.merge(ci.facts().sha256(), 1, Integer::sum);
          byId.putIfAbsent(ci.facts().sha256(), ci);
        }
      }
      for (ConfigMapRecord c : copies) {
        Set<String> mine = ids(cas(c));
        List<CertInfo> lacking = new ArrayList<>();
        int holding = copies.size() - 1; // how many other copies hold every CA this one lacks
        for (Map.Entry<String, Integer> h : holders.entrySet()) {
          if (!mine.contains(h.getKey()) && h.getValue() * 2 >= copies.size()) {
            lacking.add(byId.get(h.getKey()));
            holding = Math.min(holding, h.getValue());
          }
        }
        if (lacking.isEmpty()) {
          continue;
        }
        out.add(
            new Finding(
                FindingCode.TRUST_BUNDLE_STALE,
                c.meta().live() ? Severity.ERROR : Severity.WARNING,
                c.meta().ref(),
                List.of(),
                c.meta().ref().describe()
                    + " lacks "
                    + describe(lacking)
                    + ", which "
                    + holding
                    + " other copies of "
                    + c.meta().name()
                    + " hold: pods in "
                    + c.meta().namespace()
                    + " cannot verify servers whose certificates chain to it",
                List.of(
                    "copies compared: "
                        + String.join(
                            ", ", copies.stream().map(x -> x.meta().namespace()).toList())),
                "Copy the current bundle into it (kubectl -n "
                    + Shell.quote(c.meta().namespace())
                    + " get configmap "
                    + Shell.quote(c.meta().name())
                    + " -o yaml; its source is usually kube-system or the"
                    + " distributing controller's namespace), then restart the pods that read it at start (for Multus: delete its pods)."));
      }
    }
  }

  private static void kubeconfigs(Analysis a, List<Finding> out) {
    Map<String, List<CertInfo>> sources = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : CLUSTER_CA_SOURCES.entrySet()) {
      String[] nn = e.getKey().split("/");
      a.snapshot()
          .configMap(nn[0], nn[1])
          .ifPresent(
              c -> {
                List<CertInfo> cas = c.field(e.getValue()).certs();
                if (!cas.isEmpty()) {
                  sources.put("ConfigMap " + e.getKey() + " " + e.getValue(), cas);
                }
              });
    }
    if (sources.isEmpty()) {
      return;
    }
    for (KubeconfigRecord k : a.snapshot().kubeconfigs()) {
      for (KubeconfigRecord.Cluster cl : k.clusters()) {
        Set<String> trusted = ids(cl.certificateAuthority().certs());
        if (trusted.isEmpty()) {
          continue;
        }
        for (Map.Entry<String, List<CertInfo>> src : sources.entrySet()) {
          Set<String> current = ids(src.getValue());
          if (current.stream().noneMatch(trusted::contains) && !apiEndpoint(cl.server())) {
            continue; // shares no CA with this source and is not an API endpoint: another cluster,
            // or a different endpoint
          }
          List<CertInfo> lacking =
              src.getValue().stream().filter(ci -> !trusted.contains(ci.facts().sha256())).toList();
          if (lacking.isEmpty()) {
            continue;
          }
          ObjectRef ref = ObjectRef.cluster("Kubeconfig", k.source());
          out.add(
              new Finding(
                  FindingCode.TRUST_BUNDLE_STALE,
                  Severity.CRITICAL,
                  ref,
                  List.of(),
                  "kubeconfig "
                      + k.source()
                      + " cluster "
                      + cl.name()
                      + " ("
                      + cl.server()
                      + ") trusts "
                      + trusted.size()
                      + " CA(s) but lacks "
                      + describe(lacking)
                      + " from "
                      + src.getKey()
                      + ": once the API server presents a certificate signed by it, this client (a kubelet, Multus) cannot verify it and the node goes NotReady",
                  List.of(
                      "kubeconfig CAs: "
                          + String.join(
                              "; ",
                              cl.certificateAuthority().certs().stream()
                                  .map(
                                      c ->
                                          c.facts().subject()
                                              + " "
                                              + c.facts().sha256().substring(0, 16))
                                  .toList()),
                      src.getKey()
                          + ": "
                          + String.join(
                              "; ",
                              src.getValue().stream()
                                  .map(
                                      c ->
                                          c.facts().subject()
                                              + " "
                                              + c.facts().sha256().substring(0, 16))
                                  .toList())),
                  "Write the current bundle into certificate-authority-data on every node, before any serving certificate signed by the new CA is used: "
                      + "oc -n "
                      + src.getKey().split(" ")[1].split("/")[0]
                      + " get configmap "
                      + src.getKey().split(" ")[1].split("/")[1]
                      + " -o jsonpath='{.data.ca-bundle\\.crt}' | base64 -w0 → /etc/kubernetes/kubeconfig certificate-authority-data; then systemctl restart kubelet"));
        }
      }
    }
  }

  /**
   * A kubeconfig server that is an OpenShift-style API endpoint ({@code api-int.*}, {@code api.*}):
   * the sources above describe exactly those, so a kubeconfig for one that trusts none of their CAs
   * has missed a full rotation rather than belonging to another cluster.
   */
  static boolean apiEndpoint(String server) {
    String host = server.replaceFirst("^https?://", "");
    return host.startsWith("api-int.") || host.startsWith("api.");
  }

  private static List<CertInfo> cas(ConfigMapRecord c) {
    String key = DISTRIBUTED.get(c.meta().name());
    if (key != null) {
      return c.field(key).certs();
    }
    List<CertInfo> all = new ArrayList<>();
    c.fields().values().forEach(f -> all.addAll(f.certs()));
    return all;
  }

  private static Set<String> ids(List<CertInfo> certs) {
    Set<String> s = new LinkedHashSet<>();
    certs.forEach(c -> s.add(c.facts().sha256()));
    return s;
  }

  private static String describe(List<CertInfo> cas) {
    return (cas.size() == 1 ? "CA " : cas.size() + " CAs: ")
        + String.join(
            ", ",
            cas.stream()
                .map(
                    c ->
                        c.facts().subject()
                            + " (from "
                            + c.facts().notBefore()
                            + ", sha256 "
                            + c.facts().sha256().substring(0, 16)
                            + "…)")
                .toList());
  }
}
