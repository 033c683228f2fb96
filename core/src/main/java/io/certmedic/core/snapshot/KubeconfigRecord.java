package io.certmedic.core.snapshot;

import java.util.List;

/** A kubeconfig file (kind Config): its clusters and the CAs each trusts. */
public record KubeconfigRecord(String source, List<Cluster> clusters) {

  public KubeconfigRecord {
    clusters = List.copyOf(clusters);
  }

  /** A cluster entry: server URL and its certificate-authority-data (or a file path). */
  public record Cluster(
      String name,
      String server,
      DataField certificateAuthority,
      String certificateAuthorityFile,
      boolean insecureSkipTlsVerify) {}
}
