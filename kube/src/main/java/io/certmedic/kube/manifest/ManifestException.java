package io.certmedic.kube.manifest;

/** An input that cannot be read at all (missing, a directory loop, not YAML or JSON). */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
