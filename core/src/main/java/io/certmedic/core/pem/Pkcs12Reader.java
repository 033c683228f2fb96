package io.certmedic.core.pem;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Reads a PKCS#12 (.p12, .pfx) keystore with the JDK's {@link KeyStore}: its certificates (each
 * key's chain first, then the trusted ones) and its private keys, as {@link PemContents} so the
 * rest of certmedic treats it as any other input. Key bytes stay inside {@link PrivateKeyEntry}.
 */
public final class Pkcs12Reader {

  /** The version every PFX carries (RFC 7292, section 4). */
  private static final int PFX_VERSION = 3;

  private Pkcs12Reader() {}

  /**
   * Whether {@code data} is a DER PFX structure: a SEQUENCE whose first element is the INTEGER 3. A
   * DER certificate starts with a SEQUENCE of a SEQUENCE, so the two are told apart.
   */
  public static boolean looksLikePkcs12(byte[] data) {
    requireNonNull(data, "data == null");
    if (data.length < 4 || (data[0] & 0xff) != 0x30) {
      return false;
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(data);
      return p instanceof ASN1Sequence seq
          && seq.size() >= 2
          && seq.getObjectAt(0) instanceof ASN1Integer v
          && v.intValueExact() == PFX_VERSION;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Opens the keystore with {@code password} (empty for none) and returns what it holds.
   *
   * @throws CertParseException naming {@code source} when the password is wrong or the file is
   *     damaged; the message never holds key material or the password
   */
  public static PemContents read(byte[] data, char[] password, String source)
      throws CertParseException {
    requireNonNull(data, "data == null");
    requireNonNull(password, "password == null");
    requireNonNull(source, "source == null");
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(data), password);
    } catch (IOException e) {
      boolean wrongPassword =
          e.getCause() instanceof UnrecoverableKeyException
              || String.valueOf(e.getMessage()).contains("password");
      throw CertParseException.of(
          CertParseException.Problem.BAD_PKCS12,
          source,
          wrongPassword
              ? "wrong password (give it with --password)"
              : "it is damaged or uses an algorithm the JDK lacks");
    } catch (KeyStoreException | NoSuchAlgorithmException | CertificateException e) {
      throw CertParseException.of(
          CertParseException.Problem.BAD_PKCS12, source, e.getClass().getSimpleName());
    }
    List<X509Certificate> certs = new ArrayList<>();
    List<PrivateKeyEntry> keys = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keys.add(key(store, alias, password, source));
          Certificate[] chain = store.getCertificateChain(alias);
          for (Certificate c : chain == null ? new Certificate[0] : chain) {
            add(certs, c);
          }
        } else {
          add(certs, store.getCertificate(alias));
        }
      }
    } catch (KeyStoreException e) {
      throw CertParseException.of(
          CertParseException.Problem.BAD_PKCS12, source, "its entries cannot be listed");
    }
    return new PemContents(certs, keys, List.of(), List.of());
  }

  private static PrivateKeyEntry key(KeyStore store, String alias, char[] password, String source)
      throws CertParseException {
    try {
      Key k = store.getKey(alias, password);
      if (k instanceof PrivateKey pk && pk.getEncoded() != null) {
        return PrivateKeyEntry.of(
            PrivateKeyEntry.Format.PKCS12, PrivateKeyInfo.getInstance(pk.getEncoded()));
      }
      return PrivateKeyEntry.encrypted();
    } catch (UnrecoverableKeyException e) {
      return PrivateKeyEntry.encrypted(); // a key protected by another password than the store
    } catch (KeyStoreException | NoSuchAlgorithmException e) {
      throw CertParseException.of(
          CertParseException.Problem.BAD_PKCS12, source, "the key '" + alias + "' cannot be read");
    }
  }

  private static void add(List<X509Certificate> certs, Certificate c) {
    if (c instanceof X509Certificate x && !certs.contains(x)) {
      certs.add(x);
    }
  }
}
