package io.certmedic.core.fix;

/**
 * When a step runs. Steps are carried out in this order, so that a caller that works now keeps
 * working at every point: trust is widened first (every caBundle holds the old and the new CA),
 * then certificates are replaced, then servers restarted; deletions come after the repairs; old CAs
 * leave bundles only in a later run, once nothing signed by them is served.
 */
public enum Phase {
  /** Widen caBundles and trust-bundle copies: add, never remove. */
  TRUST,
  /** Write new serving certificates into the Secrets servers mount. */
  CERT,
  /** Restart the workloads that read those Secrets at start. */
  RESTART,
  /** Delete objects that only break things (orphaned APIServices, with --allow-delete). */
  DELETE,
  /** Remove CAs a previous fix marked as retiring, now that nothing signed by them is served. */
  RETIRE,
  /**
   * What certmedic does not write: owned by another controller, or outside the API (node files).
   */
  MANUAL
}
