package io.certmedic.kube.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.fix.CaKeys;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestSink;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The objects as they were read, by reference, beside the snapshot made from them: fix needs what
 * the snapshot leaves out (the whole object to patch or print, its resourceVersion for the guard,
 * the private key of an in-cluster CA). Filled by {@link #tee} while a reader reads.
 */
public final class ObjectIndex {

  private final Map<ObjectRef, Document> documents = new LinkedHashMap<>();

  /** A sink that records each document, then hands it to {@code next}. */
  public ManifestSink tee(ManifestSink next) {
    return new ManifestSink() {
      @Override
      public void document(Document d) {
        if (!d.kind().isEmpty() && !d.name().isEmpty()) {
          documents.put(ObjectRef.of(d.kind(), d.namespace(), d.name()), d);
        }
        next.document(d);
      }

      @Override
      public void unreadable(String where, String problem) {
        next.unreadable(where, problem);
      }
    };
  }

  public Optional<JsonNode> get(ObjectRef ref) {
    return Optional.ofNullable(documents.get(ref)).map(Document::node);
  }

  public Optional<Document> document(ObjectRef ref) {
    return Optional.ofNullable(documents.get(ref));
  }

  /** The resourceVersion the object had when read; "" for manifests that carry none. */
  public String resourceVersion(ObjectRef ref) {
    return get(ref).map(n -> n.path("metadata").path("resourceVersion").asString("")).orElse("");
  }

  /**
   * Reads private keys from the Secrets as read; a public-key stand-in or an unreadable value
   * answers empty.
   */
  public CaKeys caKeys() {
    return (secret, key) -> {
      Optional<JsonNode> n = get(secret);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      JsonNode v = n.get().path("data").path(key);
      if (!v.isString()) {
        return Optional.empty();
      }
      try {
        byte[] bytes = Base64.getMimeDecoder().decode(v.asString());
        PemContents c = PemReader.read(bytes, secret.describe() + " " + key);
        return c.keys().isEmpty()
            ? Optional.<PrivateKeyEntry>empty()
            : Optional.of(c.keys().get(0));
      } catch (IllegalArgumentException | CertParseException e) {
        return Optional.empty();
      }
    };
  }
}
