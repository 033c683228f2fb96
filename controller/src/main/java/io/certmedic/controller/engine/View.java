package io.certmedic.controller.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Optional;

/**
 * What the reconcilers read: the informer caches in the cluster, a map in tests and in the rotation
 * simulation. Objects handed out are shared and must not be changed; a reconciler that wants to
 * write copies one first.
 *
 * <p>Kinds held: Service, Secret (those certmedic issued, its CA Secret, and Secrets named by an
 * {@code inject-cabundle-from} annotation), ConfigMap, Namespace,
 * Validating/MutatingWebhookConfiguration, CustomResourceDefinition, APIService, Deployment,
 * StatefulSet, DaemonSet.
 */
public interface View {

  /**
   * The object of {@code type} named {@code name} in {@code namespace} ("" or null when
   * cluster-scoped).
   */
  <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name);

  /** Every cached object of {@code type}. */
  <T extends HasMetadata> Collection<T> list(Class<T> type);

  /** Every cached object of {@code type} in {@code namespace}. */
  <T extends HasMetadata> Collection<T> list(Class<T> type, String namespace);

  /**
   * Every cached object of the CRD kind {@code kind} (Gateway, Route, Certificate ...), read-only
   * for the doctor; empty when the kind is not cached (not served, or not read), which is not the
   * same as cached and holding none.
   */
  default Optional<Collection<GenericKubernetesResource>> custom(String kind) {
    return Optional.empty();
  }
}
