package io.certmedic.core.fix;

import io.certmedic.core.doctor.TrustBundleStale;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's kubeconfig that lacks a cluster CA ({@code TRUST_BUNDLE_STALE} on a Kubeconfig): the API
 * cannot write node files, so a manual action names the cluster entry, the CAs, the exact commands,
 * and the base64 bundle as a file.
 */
final class NodeKubeconfigs implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Snapshot snapshot = in.snapshot();
    Map<String, List<CertInfo>> sources = sources(snapshot);
    Set<String> stale = new LinkedHashSet<>();
    in.report().findings().stream()
        .filter(
            f ->
                f.code() == FindingCode.TRUST_BUNDLE_STALE
                    && "Kubeconfig".equals(f.object().kind()))
        .forEach(f -> stale.add(f.object().name()));
    List<Step> steps = new ArrayList<>();
    for (KubeconfigRecord k : snapshot.kubeconfigs()) {
      if (!stale.contains(k.source())) {
        continue;
      }
      for (KubeconfigRecord.Cluster cl : k.clusters()) {
        List<CertInfo> trusted = cl.certificateAuthority().certs();
        for (Map.Entry<String, List<CertInfo>> src : sources.entrySet()) {
          if (src.getValue().stream().noneMatch(trusted::contains)) {
            continue;
          }
          List<CertInfo> lacking =
              src.getValue().stream().filter(c -> !trusted.contains(c)).toList();
          if (!lacking.isEmpty()) {
            steps.add(action(k, cl, trusted, lacking, src.getKey(), steps.size() + 1));
          }
        }
      }
    }
    return Decisions.of(steps);
  }

  /** The cluster CA sources that are in the input, by how the plan names them. */
  private static Map<String, List<CertInfo>> sources(Snapshot snapshot) {
    Map<String, List<CertInfo>> sources = new LinkedHashMap<>();
    TrustBundleStale.CLUSTER_CA_SOURCES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String[] nn = e.getKey().split("/");
              snapshot
                  .configMap(nn[0], nn[1])
                  .ifPresent(
                      c -> {
                        if (!c.field(e.getValue()).certs().isEmpty()) {
                          sources.put(
                              "ConfigMap " + e.getKey() + " " + e.getValue(),
                              c.field(e.getValue()).certs());
                        }
                      });
            });
    return sources;
  }

  private static Step.ManualAction action(
      KubeconfigRecord k,
      KubeconfigRecord.Cluster cl,
      List<CertInfo> trusted,
      List<CertInfo> lacking,
      String source,
      int n) {
    List<CertInfo> next = new ArrayList<>(trusted);
    next.addAll(lacking);
    String file = "kubeconfig-" + n + "-" + cl.name() + "-certificate-authority-data.b64";
    String data =
        Base64.getEncoder()
            .encodeToString(
                PemWriter.certificates(next.stream().map(CertInfo::certificate).toList())
                    .getBytes(StandardCharsets.US_ASCII));
    return new Step.ManualAction(
        ObjectRef.cluster("Kubeconfig", k.source()),
        "",
        "the kubeconfig read from "
            + k.source()
            + " (a node's /etc/kubernetes/kubeconfig) trusts "
            + trusted.size()
            + " CA(s) for cluster "
            + cl.name()
            + " ("
            + cl.server()
            + ") and lacks "
            + Bundles.describe(lacking)
            + " from "
            + source
            + ": the API cannot write node files. On every node with this kubeconfig,"
            + " set clusters["
            + cl.name()
            + "].cluster.certificate-authority-data to the base64 bundle in "
            + file
            + " ("
            + Bundles.describe(next)
            + "), then restart the kubelet",
        List.of(
            "cp /etc/kubernetes/kubeconfig /etc/kubernetes/kubeconfig.bak",
            "kubectl config set "
                + Shell.quote("clusters." + cl.name() + ".certificate-authority-data")
                + " \"$(cat "
                + Shell.quote(file)
                + ")\" --kubeconfig=/etc/kubernetes/kubeconfig",
            "systemctl restart kubelet",
            "# then delete the Multus pods on that node so they read the new bundle"),
        Map.of(file, data));
  }
}
