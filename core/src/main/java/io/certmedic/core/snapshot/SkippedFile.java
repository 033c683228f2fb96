package io.certmedic.core.snapshot;

import static java.util.Objects.requireNonNull;

/**
 * A file a directory walk found and did not read, with the reason ({@code not YAML, JSON, PEM or a
 * kubeconfig}): reported in the summary, never as a finding, so that nothing is skipped silently.
 */
public record SkippedFile(String path, String reason) {
  public SkippedFile {
    requireNonNull(path, "path == null");
    requireNonNull(reason, "reason == null");
  }
}
