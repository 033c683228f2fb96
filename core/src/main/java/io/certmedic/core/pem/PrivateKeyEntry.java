package io.certmedic.core.pem;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A private key found in an input. It never prints its bytes: {@link #toString()} names only the
 * format and where it came from, so a key cannot leak through a log line or a finding.
 */
public final class PrivateKeyEntry {

  /** How the key was armoured. */
  public enum Format {
    PKCS1("PKCS#1"),
    PKCS8("PKCS#8"),
    SEC1("SEC1"),
    ENCRYPTED("encrypted");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Format format;
  private final PrivateKeyInfo info;

  private PrivateKeyEntry(Format format, PrivateKeyInfo info) {
    this.format = requireNonNull(format, "format == null");
    this.info = info;
  }

  static PrivateKeyEntry of(Format format, PrivateKeyInfo info) {
    requireNonNull(info, "info == null");
    return new PrivateKeyEntry(format, info);
  }

  static PrivateKeyEntry encrypted() {
    return new PrivateKeyEntry(Format.ENCRYPTED, null);
  }

  public Format format() {
    return format;
  }

  public boolean isEncrypted() {
    return info == null;
  }

  /** The key as PKCS#8 structure; null when the key is encrypted. Handle with care: it is secret. */
  public PrivateKeyInfo info() {
    return info;
  }

  @Override
  public String toString() {
    return "PrivateKeyEntry[" + format.label() + ", redacted]";
  }
}
