package io.certmedic.kube.live;

import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.kube.manifest.ManifestReader;
import io.certmedic.kube.snapshot.SnapshotReader;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.APIService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Reads the kinds the checks need from a live API server into the same snapshot a dump gives,
 * so the doctor's checks cannot tell the two apart.
 */
public final class LiveReader {

  private LiveReader() {}

  /** Lists every kind; {@code namespace} null reads all namespaces (cluster-scoped kinds always). */
  public static Snapshot read(KubernetesClient c, String namespace) throws LiveException {
    return read(c, namespace, java.util.function.UnaryOperator.identity());
  }

  /** As {@link #read(KubernetesClient, String)}, every object passing through {@code tap} on its way to the records. */
  public static Snapshot read(KubernetesClient c, String namespace, java.util.function.UnaryOperator<io.certmedic.kube.manifest.ManifestSink> tap)
      throws LiveException {
    Snapshot.Builder b = Snapshot.builder();
    io.certmedic.kube.manifest.ManifestSink sink = tap.apply(new SnapshotReader(b));
    String scope = namespace == null ? "*" : namespace;
    list(c, sink, b, "Secret", scope, () -> namespace == null ? c.secrets().inAnyNamespace().list() : c.secrets().inNamespace(namespace).list());
    list(c, sink, b, "ConfigMap", scope, () -> namespace == null ? c.configMaps().inAnyNamespace().list() : c.configMaps().inNamespace(namespace).list());
    list(c, sink, b, "Service", scope, () -> namespace == null ? c.services().inAnyNamespace().list() : c.services().inNamespace(namespace).list());
    list(c, sink, b, "Deployment", scope, () -> namespace == null ? c.apps().deployments().inAnyNamespace().list() : c.apps().deployments().inNamespace(namespace).list());
    list(c, sink, b, "StatefulSet", scope, () -> namespace == null ? c.apps().statefulSets().inAnyNamespace().list() : c.apps().statefulSets().inNamespace(namespace).list());
    list(c, sink, b, "DaemonSet", scope, () -> namespace == null ? c.apps().daemonSets().inAnyNamespace().list() : c.apps().daemonSets().inNamespace(namespace).list());
    list(c, sink, b, "Job", scope, () -> namespace == null ? c.batch().v1().jobs().inAnyNamespace().list() : c.batch().v1().jobs().inNamespace(namespace).list());
    list(c, sink, b, "CronJob", scope, () -> namespace == null ? c.batch().v1().cronjobs().inAnyNamespace().list() : c.batch().v1().cronjobs().inNamespace(namespace).list());
    list(c, sink, b, "ValidatingWebhookConfiguration", "*", () -> c.admissionRegistration().v1().validatingWebhookConfigurations().list());
    list(c, sink, b, "MutatingWebhookConfiguration", "*", () -> c.admissionRegistration().v1().mutatingWebhookConfigurations().list());
    list(c, sink, b, "CustomResourceDefinition", "*", () -> c.resources(CustomResourceDefinition.class).list());
    list(c, sink, b, "APIService", "*", () -> c.resources(APIService.class).list());
    try {
      list(c, sink, b, "Certificate", scope, () -> namespace == null
          ? c.genericKubernetesResources("cert-manager.io/v1", "Certificate").inAnyNamespace().list()
          : c.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace(namespace).list());
    } catch (LiveException e) {
      // cert-manager is not installed: nothing to know about Certificates
    }
    return b.build();
  }

  private static void list(KubernetesClient c, io.certmedic.kube.manifest.ManifestSink sink, Snapshot.Builder b, String kind, String scope,
      Supplier<? extends KubernetesResourceList<?>> lister) throws LiveException {
    KubernetesResourceList<?> list;
    try {
      list = lister.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 401 && !"Certificate".equals(kind)) {
        sink.unreadable("cluster " + c.getMasterUrl(), "could not list " + kind + "s (" + e.getCode() + " "
            + (e.getCode() == 403 ? "forbidden" : "unauthorized") + "); checks that need them were skipped");
        return;
      }
      if (e.getCode() == 404) {
        throw new LiveException(kind + " is not served by this cluster");
      }
      throw new LiveException("cannot list " + kind + "s from the API server at " + c.getMasterUrl() + ": " + ClusterConnection.rootMessage(e), e);
    }
    b.listed(kind, scope);
    String json = c.getKubernetesSerialization().asJson(list);
    try {
      ManifestReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "cluster " + kind, new WithKind(sink, kind));
    } catch (IOException e) {
      throw new LiveException("cannot read the " + kind + " list: " + e.getMessage(), e);
    }
  }

  /** List items come without kind; the list says what they are. */
  private record WithKind(io.certmedic.kube.manifest.ManifestSink sink, String kind) implements io.certmedic.kube.manifest.ManifestSink {
    @Override
    public void document(io.certmedic.kube.manifest.Document d) {
      if (d.kind().isEmpty() && d.node() instanceof tools.jackson.databind.node.ObjectNode o) {
        o.put("kind", kind);
      }
      sink.document(d);
    }

    @Override
    public void unreadable(String where, String problem) {
      sink.unreadable(where, problem);
    }
  }

}
