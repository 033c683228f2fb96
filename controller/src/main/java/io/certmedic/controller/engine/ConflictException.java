package io.certmedic.controller.engine;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A write met a newer version of its object (HTTP 409: a stale resourceVersion, or a create of an
 * object that exists): someone else changed it first. The engine retries the key with backoff, and
 * the next reconcile reads the fresh object from the cache.
 */
public final class ConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String object;

  ConflictException(String object, String message, KubernetesClientException cause) {
    super(message, cause);
    this.object = object;
  }

  /** The object written, as {@code Kind ns/name}. */
  public String object() {
    return object;
  }
}
