package io.certmedic.kube.probe;

/**
 * A probe that did not get as far as a certificate: refused, timed out, unknown host, or a
 * handshake the server ended. The message is one line, e.g. {@code connection refused:
 * 127.0.0.1:8443}.
 */
public final class ProbeException extends Exception {

  public ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
