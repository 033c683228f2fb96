package io.certmedic.kube.live;

/**
 * The cluster cannot be read at all (unreachable, bad credentials, no kubeconfig): one line says
 * why.
 */
public final class LiveException extends Exception {
  public LiveException(String message) {
    super(message);
  }

  public LiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
