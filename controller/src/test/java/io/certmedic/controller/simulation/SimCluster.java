package io.certmedic.controller.simulation;

import static io.certmedic.controller.testing.Objects8.annotatedService;
import static io.certmedic.controller.testing.Objects8.configMap;
import static io.certmedic.controller.testing.Objects8.namespace;
import static io.certmedic.controller.testing.Objects8.webhook;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.simulation.Kubelet.Mount;
import io.certmedic.controller.testing.MapView;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The cluster the rotation simulation runs, as users would have annotated it:
 *
 * <ul>
 *   <li>{@code gatekeeper/policy-gate}, called by a ValidatingWebhookConfiguration and a
 *       MutatingWebhookConfiguration;
 *   <li>{@code widgets/widget-conversion}, the conversion webhook of CRD {@code
 *       widgets.example.com};
 *   <li>{@code metrics/metrics-api}, behind APIService {@code v1beta1.metrics.example.com}, and
 *       called by ValidatingWebhookConfiguration {@code metrics-guard}, which takes its bundle from
 *       the CA Secret's {@code ca.crt} ({@code inject-cabundle-from: certmedic/certmedic-ca});
 *   <li>{@code data/db}, a headless Service (clusterIP None) that pods dial by pod name too;
 *   <li>ConfigMap {@code trust/cluster-trust}, injected with the bundle and distributed to the
 *       namespaces labelled {@code trust=yes} ({@code team-a}, {@code team-b}, {@code data}; not
 *       {@code legacy}).
 * </ul>
 *
 * Each Service has two server pods mounting its Secret, each with its own kubelet delay; the two
 * {@code db} pods also dial each other by pod name, trusting the {@code ca.crt} of the Secret they
 * mount (a StatefulSet's peers). Each of {@code trust}, {@code team-a}, {@code team-b} and {@code
 * data} has a client pod mounting its copy of the bundle and dialling every Service.
 */
final class SimCluster {

  static final String BUNDLE_NAMESPACE = "trust";
  static final String BUNDLE = "cluster-trust";
  static final List<String> CLIENT_NAMESPACES =
      List.of(BUNDLE_NAMESPACE, "team-a", "team-b", "data");

  /** Server pods per Service. */
  static final int REPLICAS = 2;

  /** Secret name to the namespace of the Service that asks for it. */
  static final Map<String, String> SERVING_SECRETS =
      Map.of(
          "policy-gate-tls", "gatekeeper",
          "widget-conversion-tls", "widgets",
          "metrics-api-tls", "metrics",
          "db-tls", "data");

  private SimCluster() {}

  static void populate(MapView view) {
    for (String ns :
        List.of("certmedic", "gatekeeper", "widgets", "metrics", BUNDLE_NAMESPACE, "legacy")) {
      view.put(namespace(ns, Map.of()));
    }
    for (String ns : List.of("team-a", "team-b", "data")) {
      view.put(namespace(ns, Map.of("trust", "yes")));
    }
    Map<String, String> inject = Map.of(Annotations.INJECT_CABUNDLE, "true");

    view.put(annotatedService("gatekeeper", "policy-gate", "policy-gate-tls"));
    view.put(webhook("policy-gate", "gatekeeper", "policy-gate", inject));
    view.put(mutatingWebhook("policy-defaults", "gatekeeper", "policy-gate", inject));

    view.put(annotatedService("widgets", "widget-conversion", "widget-conversion-tls"));
    view.put(conversionCrd("widgets.example.com", "widgets", "widget-conversion", inject));

    view.put(annotatedService("metrics", "metrics-api", "metrics-api-tls"));
    view.put(apiService("v1beta1.metrics.example.com", "metrics", "metrics-api", inject));
    view.put(
        webhook(
            "metrics-guard",
            "metrics",
            "metrics-api",
            Map.of(Annotations.INJECT_CABUNDLE_FROM, "certmedic/certmedic-ca")));

    Service db = annotatedService("data", "db", "db-tls");
    db.getSpec().setClusterIP("None");
    view.put(db);

    view.put(
        configMap(
            BUNDLE_NAMESPACE,
            BUNDLE,
            Map.of(
                Annotations.INJECT_CABUNDLE,
                "true",
                Annotations.DISTRIBUTE,
                "true",
                Annotations.DISTRIBUTE_NAMESPACE_SELECTOR,
                "trust=yes"),
            Map.of()));
  }

  /**
   * The server pods of the Service asking for {@code secret} ({@code db-0}, {@code db-1}): they
   * serve that Secret's tls.crt.
   */
  static List<Mount> servers(String namespace, String secret) {
    String base = namespace + "/" + secret.replaceFirst("-tls$", "") + "-";
    return IntStream.range(0, REPLICAS)
        .mapToObj(i -> new Mount(base + i, Mount.Kind.SECRET, namespace, secret))
        .toList();
  }

  static List<Mount> servers() {
    return SERVING_SECRETS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(e -> servers(e.getValue(), e.getKey()).stream())
        .toList();
  }

  /** The client pods: each trusts its namespace's copy of the bundle ConfigMap. */
  static List<Mount> clients() {
    return CLIENT_NAMESPACES.stream()
        .map(ns -> new Mount(ns + "/client", Mount.Kind.CONFIGMAP, ns, BUNDLE))
        .toList();
  }

  static MutatingWebhookConfiguration mutatingWebhook(
      String name, String ns, String svc, Map<String, String> annotations) {
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .addNewWebhook()
        .withName("default." + name + ".example.com")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withNewService()
        .withNamespace(ns)
        .withName(svc)
        .withPath("/mutate")
        .endService()
        .endClientConfig()
        .endWebhook()
        .build();
  }

  static CustomResourceDefinition conversionCrd(
      String name, String ns, String svc, Map<String, String> annotations) {
    String[] parts = name.split("\\.", 2);
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withGroup(parts[1])
        .withScope("Namespaced")
        .withNewNames()
        .withPlural(parts[0])
        .withSingular("widget")
        .withKind("Widget")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .endVersion()
        .addNewVersion()
        .withName("v1beta1")
        .withServed(true)
        .withStorage(false)
        .endVersion()
        .withNewConversion()
        .withStrategy("Webhook")
        .withNewWebhook()
        .withConversionReviewVersions("v1")
        .withNewClientConfig()
        .withNewService()
        .withNamespace(ns)
        .withName(svc)
        .withPath("/convert")
        .withPort(443)
        .endService()
        .endClientConfig()
        .endWebhook()
        .endConversion()
        .endSpec()
        .build();
  }

  static APIService apiService(
      String name, String ns, String svc, Map<String, String> annotations) {
    String[] parts = name.split("\\.", 2);
    return new APIServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withGroup(parts[1])
        .withVersion(parts[0])
        .withGroupPriorityMinimum(1000)
        .withVersionPriority(100)
        .withNewService()
        .withNamespace(ns)
        .withName(svc)
        .withPort(443)
        .endService()
        .endSpec()
        .build();
  }
}
