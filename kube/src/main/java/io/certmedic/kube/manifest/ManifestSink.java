package io.certmedic.kube.manifest;

/** Receives what a {@link ManifestReader} reads, one object at a time, in input order. */
public interface ManifestSink {

  void document(Document document);

  /** A document or object that could not be read; reading goes on with the next one. */
  void unreadable(String where, String problem);
}
