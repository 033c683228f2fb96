package io.certmedic.kube.manifest;

import static java.util.Objects.requireNonNull;

/**
 * A field of an object that holds, or may hold, certificates or keys: {@code path} names it the way
 * kubectl's jsonpath would ({@code data.tls\.crt} is shown as {@code data[tls.crt]}). {@code bytes}
 * is null when the field's base64 does not decode. {@code meantForCerts} is true for fields whose
 * name says they hold certificates (tls.crt, caBundle, ...).
 */
public record CertField(Document owner, String path, byte[] bytes, boolean meantForCerts) {

  public CertField {
    requireNonNull(owner, "owner == null");
    requireNonNull(path, "path == null");
  }

  /** {@code Secret ns/name data[tls.crt]}. */
  public String describe() {
    return owner.describe() + " " + path;
  }

  @Override
  public String toString() {
    return "CertField[" + describe() + "]"; // never the bytes: they may be a private key
  }
}
