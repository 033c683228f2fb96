package io.certmedic.controller.engine;

import io.certmedic.kube.live.ApiKind;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRD kinds the doctor judges (Gateway API, OpenShift Routes, cert-manager): the live reader's
 * optional kinds ({@link LiveReader#KINDS}), so the controller and {@code certmedic doctor} read
 * the same kinds at the same versions. Each is cached only where the API server's discovery lists
 * it: a cluster without cert-manager costs one discovery request and says nothing.
 */
final class CustomKinds {

  /** Every optional kind of the live reader, in its order. */
  static final List<ApiKind> ALL = LiveReader.KINDS.stream().filter(ApiKind::optional).toList();

  private static final Logger log = LoggerFactory.getLogger(CustomKinds.class);

  private CustomKinds() {}

  /**
   * The version of {@code k} discovery says is served: {@code k}, else its older version (Gateway
   * API v1beta1), else empty. A discovery that fails counts as "not served" and is logged.
   */
  static Optional<ApiKind> served(KubernetesClient client, ApiKind k) {
    for (ApiKind v = k; v != null; v = v.older()) {
      if (lists(client, v)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static boolean lists(KubernetesClient client, ApiKind k) {
    APIResourceList resources;
    try {
      resources = client.getApiResources(k.apiVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        log.warn(
            "discovery of {} failed ({}); {} are not cached",
            k.apiVersion(),
            e.getMessage(),
            k.kindPlural());
      }
      return false;
    }
    if (resources == null || resources.getResources() == null) {
      return false;
    }
    for (APIResource r : resources.getResources()) {
      if (k.plural().equals(r.getName())) {
        return true;
      }
    }
    return false;
  }

  /** How fabric8's generic client addresses {@code k}. */
  static ResourceDefinitionContext context(ApiKind k) {
    int slash = k.apiVersion().indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(slash < 0 ? "" : k.apiVersion().substring(0, slash))
        .withVersion(k.apiVersion().substring(slash + 1))
        .withKind(k.kind())
        .withPlural(k.plural())
        .withNamespaced(k.namespaced())
        .build();
  }
}
