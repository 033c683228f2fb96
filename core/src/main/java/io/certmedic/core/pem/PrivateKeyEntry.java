package io.certmedic.core.pem;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

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
    PKCS12("PKCS#12"),
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

  /**
   * The key as PKCS#8 structure; null when the key is encrypted. Handle with care: it is secret.
   */
  public PrivateKeyInfo info() {
    return info;
  }

  /**
   * The key as a JCA {@link PrivateKey} from the JDK's providers, ready to sign with.
   *
   * @throws IllegalStateException if the key is encrypted or the JDK has no key factory for it
   */
  public PrivateKey toPrivateKey() {
    if (info == null) {
      throw new IllegalStateException("the private key is encrypted");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (PEMException | RuntimeException e) {
      throw new IllegalStateException(
          "the JDK cannot load a "
              + info.getPrivateKeyAlgorithm().getAlgorithm().getId()
              + " private key",
          e);
    }
  }

  @Override
  public String toString() {
    return "PrivateKeyEntry[" + format.label() + ", redacted]";
  }
}
