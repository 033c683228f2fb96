package io.certmedic.core.pem;

import static io.certmedic.core.pem.CertParseException.Problem.BAD_ARMOR;
import static io.certmedic.core.pem.CertParseException.Problem.BAD_BASE64;
import static io.certmedic.core.pem.CertParseException.Problem.BAD_CERTIFICATE;
import static io.certmedic.core.pem.CertParseException.Problem.BAD_KEY;
import static io.certmedic.core.pem.CertParseException.Problem.EMPTY;
import static io.certmedic.core.pem.CertParseException.Problem.NOT_PEM_OR_DER;
import static io.certmedic.core.pem.CertParseException.Problem.NO_CERTIFICATE;
import static io.certmedic.core.pem.CertParseException.Problem.TOO_LARGE;
import static io.certmedic.core.pem.CertParseException.Problem.TOO_MANY_BLOCKS;
import static io.certmedic.core.pem.CertParseException.Problem.TRUNCATED;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads certificates and private keys from what users and clusters hold: PEM (with text between
 * blocks, CRLF line ends, bundles), DER, and PEM or DER wrapped once more in base64 as Kubernetes
 * stores it in Secret data and kubeconfig {@code *-data} fields. Framing is plain text handling;
 * the ASN.1 inside is decoded by the JDK (certificates) and BouncyCastle (keys).
 *
 * <p>Example: {@code PemReader.read(bytes, "tls.crt").certificates()}.
 */
public final class PemReader {

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private static final ThreadLocal<CertificateFactory> X509 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return CertificateFactory.getInstance("X.509");
            } catch (CertificateException e) {
              throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
            }
          });

  private PemReader() {}

  /** Reads everything in {@code data}; {@code source} names it in error messages. */
  public static PemContents read(byte[] data, String source) throws CertParseException {
    return read(data, source, true);
  }

  /** Like {@link #read} but fails unless at least one certificate is found. */
  public static List<X509Certificate> readCertificates(byte[] data, String source)
      throws CertParseException {
    PemContents contents = read(data, source);
    if (contents.certificates().isEmpty()) {
      String detail =
          contents.keys().isEmpty()
              ? (contents.otherBlocks().isEmpty()
                  ? ""
                  : "found " + String.join(", ", contents.otherBlocks()))
              : "found only a private key";
      throw CertParseException.of(NO_CERTIFICATE, source, detail);
    }
    return contents.certificates();
  }

  private static PemContents read(byte[] data, String source, boolean mayUnwrapBase64)
      throws CertParseException {
    if (data.length > PemLimits.MAX_INPUT_BYTES) {
      throw CertParseException.of(
          TOO_LARGE, source, data.length + " bytes, the limit is " + PemLimits.MAX_INPUT_BYTES);
    }
    int start = skipWhitespace(data, 0);
    if (start == data.length) {
      throw CertParseException.of(EMPTY, source, "");
    }
    if (indexOf(data, BEGIN.getBytes(ISO_8859_1), 0) >= 0) {
      return readPem(new String(data, ISO_8859_1), source);
    }
    if ((data[start] & 0xff) == 0x30) {
      return readDer(data, source);
    }
    if (mayUnwrapBase64) {
      byte[] decoded = decodeBase64OrNull(new String(data, start, data.length - start, ISO_8859_1));
      if (decoded != null && decoded.length > 0) {
        return read(decoded, source + " (base64)", false);
      }
    }
    throw CertParseException.of(NOT_PEM_OR_DER, source, describeStart(data, start));
  }

  private static PemContents readDer(byte[] der, String source) throws CertParseException {
    if (der.length > PemLimits.MAX_BLOCK_BYTES) {
      throw CertParseException.of(
          TOO_LARGE,
          source,
          "a DER object of " + der.length + " bytes, the limit is " + PemLimits.MAX_BLOCK_BYTES);
    }
    try {
      return new PemContents(List.of(certificate(der)), List.of(), List.of(), List.of());
    } catch (CertificateException | RuntimeException notACert) {
      try {
        return new PemContents(List.of(), List.of(der(der, "PRIVATE KEY")), List.of(), List.of());
      } catch (RuntimeException notAKey) {
        throw CertParseException.of(
            NOT_PEM_OR_DER,
            source,
            "starts like DER but is neither a certificate nor a private key");
      }
    }
  }

  private static PemContents readPem(String text, String source) throws CertParseException {
    List<X509Certificate> certs = new ArrayList<>();
    List<PrivateKeyEntry> keys = new ArrayList<>();
    List<SubjectPublicKeyInfo> publicKeys = new ArrayList<>();
    List<String> others = new ArrayList<>();
    int blocks = 0;
    int pos = 0;
    int line = 1;
    int counted = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, pos);
      if (begin < 0) {
        break;
      }
      line += newlines(text, counted, begin);
      counted = begin;
      int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
      int eol = endOfLine(text, begin);
      if (labelEnd < 0 || labelEnd > eol) {
        throw CertParseException.of(
            BAD_ARMOR, source, "line " + line + ": the BEGIN line does not end with -----");
      }
      String label = text.substring(begin + BEGIN.length(), labelEnd).trim();
      String endMarker = END + label + DASHES;
      int end = text.indexOf(endMarker, eol);
      int nextBegin = text.indexOf(BEGIN, eol);
      if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
        int otherEnd = text.indexOf(END, eol);
        if (otherEnd >= 0 && (nextBegin < 0 || otherEnd < nextBegin)) {
          throw CertParseException.of(
              BAD_ARMOR,
              source,
              "line " + line + ": BEGIN " + label + " is closed by a different END line");
        }
        throw CertParseException.of(TRUNCATED, source, "line " + line + ": BEGIN " + label);
      }
      if (++blocks > PemLimits.MAX_BLOCKS) {
        throw CertParseException.of(
            TOO_MANY_BLOCKS, source, "the limit is " + PemLimits.MAX_BLOCKS);
      }
      String body = text.substring(eol, end);
      pos = end + endMarker.length();
      boolean encryptedLegacy = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
      if (body.indexOf(':') >= 0) {
        body = dropHeaders(body);
      }
      byte[] der = decodeBase64OrNull(body);
      if (der == null) {
        throw CertParseException.of(BAD_BASE64, source, "line " + line + ": " + label);
      }
      if (der.length > PemLimits.MAX_BLOCK_BYTES) {
        throw CertParseException.of(
            TOO_LARGE,
            source,
            "line "
                + line
                + ": a "
                + label
                + " block of "
                + der.length
                + " bytes, the limit is "
                + PemLimits.MAX_BLOCK_BYTES);
      }
      switch (label) {
        case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
          try {
            certs.add(certificate(der));
          } catch (CertificateException | RuntimeException e) {
            throw CertParseException.of(
                BAD_CERTIFICATE, source, "line " + line + ": " + oneLine(e));
          }
        }
        case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
          if (encryptedLegacy) {
            keys.add(PrivateKeyEntry.encrypted());
            break;
          }
          try {
            keys.add(der(der, label));
          } catch (RuntimeException e) {
            throw CertParseException.of(
                BAD_KEY, source, "line " + line + ": " + label + " " + oneLine(e));
          }
        }
        case "ENCRYPTED PRIVATE KEY" -> keys.add(PrivateKeyEntry.encrypted());
        case "PUBLIC KEY" -> {
          try {
            publicKeys.add(SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der)));
          } catch (java.io.IOException | RuntimeException e) {
            throw CertParseException.of(
                BAD_KEY, source, "line " + line + ": PUBLIC KEY is not valid DER");
          }
        }
        default -> others.add(label);
      }
    }
    if (blocks == 0) {
      throw CertParseException.of(TRUNCATED, source, "a BEGIN line with no block");
    }
    return new PemContents(certs, keys, publicKeys, others);
  }

  /**
   * Parses one DER certificate with the JDK (a per-thread factory: the JDK's is not thread-safe).
   */
  public static X509Certificate certificate(byte[] der) throws CertificateException {
    X509Certificate cert =
        (X509Certificate) X509.get().generateCertificate(new ByteArrayInputStream(der));
    if (cert == null) {
      throw new CertificateException("empty certificate");
    }
    return cert;
  }

  private static PrivateKeyEntry der(byte[] der, String label) {
    ASN1Primitive asn1;
    try {
      asn1 = ASN1Primitive.fromByteArray(der);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("is not valid DER");
    }
    switch (label) {
      case "RSA PRIVATE KEY" -> {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(asn1);
        try {
          return PrivateKeyEntry.of(
              PrivateKeyEntry.Format.PKCS1,
              new PrivateKeyInfo(
                  new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                  rsa));
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot be wrapped as PKCS#8");
        }
      }
      case "EC PRIVATE KEY" -> {
        ECPrivateKey ec = ECPrivateKey.getInstance(asn1);
        if (ec.getParametersObject() == null) {
          throw new IllegalArgumentException("has no curve parameters");
        }
        try {
          return PrivateKeyEntry.of(
              PrivateKeyEntry.Format.SEC1,
              new PrivateKeyInfo(
                  new AlgorithmIdentifier(
                      X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                  ec));
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot be wrapped as PKCS#8");
        }
      }
      default -> {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(asn1);
        info.getPrivateKeyAlgorithm().getAlgorithm(); // forces structure validation
        return PrivateKeyEntry.of(PrivateKeyEntry.Format.PKCS8, info);
      }
    }
  }

  /** Decodes base64 that may be wrapped across lines; null if any other character appears. */
  static byte[] decodeBase64OrNull(CharSequence text) {
    StringBuilder clean = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      boolean base64 =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!base64) {
        return null;
      }
      clean.append(c);
    }
    try {
      return Base64.getDecoder().decode(clean.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String dropHeaders(String body) {
    StringBuilder kept = new StringBuilder(body.length());
    for (String l : body.split("\r?\n")) {
      if (l.indexOf(':') < 0) {
        kept.append(l).append('\n');
      }
    }
    return kept.toString();
  }

  private static int skipWhitespace(byte[] data, int from) {
    int i = from;
    while (i < data.length
        && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] data, byte[] needle, int from) {
    outer:
    for (int i = from; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int endOfLine(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl + 1;
  }

  private static int newlines(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private static String describeStart(byte[] data, int start) {
    int printable = 0;
    int n = Math.min(64, data.length - start);
    for (int i = start; i < start + n; i++) {
      int b = data[i] & 0xff;
      if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t') {
        printable++;
      }
    }
    return printable == n
        ? "it starts with text that is not a BEGIN line"
        : "it starts with binary data that is not DER";
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
