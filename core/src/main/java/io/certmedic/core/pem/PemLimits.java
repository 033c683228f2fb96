package io.certmedic.core.pem;

/**
 * Hard caps on what one certificate-bearing input may hold. They exist so that a hostile or
 * mistaken input (a log file, a 20 MB blob of noise, a Secret stuffed with junk) is refused at once
 * instead of being decoded, and so that the doctor's memory stays bounded per field.
 */
public final class PemLimits {

  /**
   * Largest input read as one certificate source: 8 MiB. The biggest real trust bundles (the
   * Mozilla/Debian system bundle, ~150 roots) are about 0.25 MiB; a Kubernetes Secret or ConfigMap
   * cannot exceed 1 MiB at all (etcd's request limit). 8 MiB leaves room for concatenated bundles
   * and kubeconfigs while refusing logs and binaries fed in by mistake.
   */
  public static final int MAX_INPUT_BYTES = 8 * 1024 * 1024;

  /**
   * Most PEM blocks in one input: 2,048. The system bundle has ~150; a chain has 2-4. Thirteen
   * times the largest real bundle, small enough that a block flood cannot blow up the heap.
   */
  public static final int MAX_BLOCKS = 2048;

  /**
   * Largest decoded PEM block or DER object: 256 KiB. A certificate with a long SAN list (a few
   * thousand names) is under 100 KiB; an RSA-16384 private key is about 9 KiB.
   */
  public static final int MAX_BLOCK_BYTES = 256 * 1024;

  private PemLimits() {}
}
