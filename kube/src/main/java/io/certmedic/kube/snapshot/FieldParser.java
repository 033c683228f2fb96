package io.certmedic.kube.snapshot;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.x509.KeyFacts;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Turns the bytes of a certificate-bearing field into a {@link DataField}. Certificates are
 * interned by their encoding, so a CA that every Secret repeats in {@code ca.crt} is parsed and
 * held once; a field holding only CA certificates is also remembered by its bytes, so the same
 * {@code ca.crt} in the next Secret costs a lookup. Private keys are reduced to their description
 * and public-key id at once. Thread-safe: Secrets may be parsed in parallel.
 */
public final class FieldParser {

  /** Most distinct CA fields remembered by their bytes (a cluster has a handful of CAs). */
  static final int MAX_REMEMBERED_CA_FIELDS = 4096;

  private final ConcurrentMap<ByteBuffer, CertInfo> interned = new ConcurrentHashMap<>();
  private final ConcurrentMap<ByteBuffer, DataField.Certs> caFields = new ConcurrentHashMap<>();

  /**
   * Parses {@code bytes} named {@code where}. Returns null when the field holds nothing
   * certificate-like and is not {@code meantForCerts} (a password, a token): it is not kept.
   */
  public DataField parse(byte[] bytes, String where, boolean meantForCerts) {
    return parse(bytes, where, meantForCerts, null);
  }

  /**
   * As {@link #parse(byte[], String, boolean)}; a private key is compared first with {@code
   * besideKey} (may be null), the certificate read from the same object, which saves most of the
   * work of deriving its id when it matches (see {@link KeyFacts#read}). The field parses the same
   * whatever the certificate.
   */
  public DataField parse(byte[] bytes, String where, boolean meantForCerts, CertInfo besideKey) {
    if (bytes == null) {
      return meantForCerts ? new DataField.Unparsable(where + " is not valid base64") : null;
    }
    if (bytes.length == 0 || isBlank(bytes)) {
      return meantForCerts ? DataField.EMPTY : null;
    }
    DataField note = redactionNote(bytes);
    if (note != null) {
      return note;
    }
    if (!meantForCerts && !looksLikeCertMaterial(bytes)) {
      return null;
    }
    // A CA field (ca.crt, a caBundle) repeats byte for byte across thousands of objects: it is
    // recognised by its bytes before any base64 or DER work. Leaves are unique and not kept.
    ByteBuffer raw = ByteBuffer.wrap(bytes);
    DataField.Certs known = caFields.get(raw);
    if (known != null) {
      return known;
    }
    try {
      PemContents c = PemReader.read(bytes, where);
      if (!c.certificates().isEmpty()) {
        List<CertInfo> certs = new ArrayList<>(c.certificates().size());
        boolean allCa = true;
        for (X509Certificate x : c.certificates()) {
          CertInfo ci = intern(x);
          certs.add(ci);
          allCa &= ci.facts().ca();
        }
        DataField.Certs field = new DataField.Certs(certs);
        if (allCa && caFields.size() < MAX_REMEMBERED_CA_FIELDS) {
          caFields.putIfAbsent(raw, field);
        }
        return field;
      }
      if (!c.keys().isEmpty()) {
        KeyFacts.Reading k =
            KeyFacts.read(c.keys().get(0), besideKey == null ? null : besideKey.publicHalf());
        return new DataField.Key(k.description(), k.publicKeyId(), false);
      }
      if (!c.publicKeys().isEmpty()) {
        SubjectPublicKeyInfo spki = c.publicKeys().get(0);
        return new DataField.Key("public key stand-in", KeyFacts.publicKeyId(spki), true);
      }
      return meantForCerts
          ? new DataField.Unparsable(where + " holds no certificate or key")
          : null;
    } catch (CertParseException e) {
      return meantForCerts ? new DataField.Unparsable(e.getMessage()) : null;
    }
  }

  /**
   * A key {@link Redactor} removed from a snapshot without a public stand-in reads back as what the
   * live doctor saw: an encrypted key (no id), or the unreadable key's problem.
   */
  private static DataField redactionNote(byte[] b) {
    if (b.length < Redactor.NOTE.length() || b[0] != '#') {
      return null;
    }
    String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (s.startsWith(Redactor.ENCRYPTED_NOTE)) {
      return new DataField.Key("encrypted private key", null, true);
    }
    if (s.startsWith(Redactor.UNREADABLE_NOTE)) {
      String problem = s.substring(Redactor.UNREADABLE_NOTE.length()).strip();
      return new DataField.Unparsable(problem);
    }
    return null;
  }

  private CertInfo intern(X509Certificate x) {
    try {
      return interned.computeIfAbsent(ByteBuffer.wrap(x.getEncoded()), k -> CertInfo.of(x));
    } catch (java.security.cert.CertificateEncodingException e) {
      return CertInfo.of(x);
    }
  }

  /** A PEM armour line near the start, or a DER SEQUENCE. */
  static boolean looksLikeCertMaterial(byte[] b) {
    if ((b[0] & 0xff) == 0x30) {
      return true;
    }
    int n = Math.min(b.length, 4096);
    for (int i = 0; i + 10 < n; i++) {
      if (b[i] == '-'
          && b[i + 1] == '-'
          && b[i + 2] == '-'
          && b[i + 3] == '-'
          && b[i + 4] == '-'
          && b[i + 5] == 'B') {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return false;
      }
    }
    return true;
  }
}
