package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.DataField;
import java.security.cert.X509Certificate;

/**
 * The certificate and key parse: {@code CERT_UNPARSABLE}. The words name the field and the problem,
 * never the bytes ({@link PemReader} never quotes its input).
 */
public final class Parsing {

  private Parsing() {}

  /** What a certificate field and a key field gave, read once. */
  public sealed interface Pair {}

  /** One of the two is absent or empty: nothing to parse. */
  public record Absent() implements Pair {}

  /** One of the two does not parse, or the key cannot be used. */
  public record Unreadable(Verdict.Fail verdict) implements Pair {}

  /** The leaf (the first certificate) and the first private key. */
  public record Read(X509Certificate leaf, PrivateKeyEntry key) implements Pair {}

  /** A field at rest, named {@code where}, that the snapshot could not parse. */
  public static Verdict stored(DataField field, String where) {
    if (field instanceof DataField.Unparsable u) {
      return Verdict.fail(
          Rule.PARSING, FindingCode.CERT_UNPARSABLE, where + " does not parse: " + u.problem());
    }
    return Verdict.pass(Rule.PARSING);
  }

  /**
   * Reads the pair of a Secret the controller issues: {@code cert} under {@code certKey}, {@code
   * key} under {@code keyKey}, either null or empty when absent.
   */
  public static Pair pair(String certKey, byte[] cert, String keyKey, byte[] key) {
    if (isEmpty(cert) || isEmpty(key)) {
      return new Absent();
    }
    X509Certificate leaf;
    PemContents keyContents;
    try {
      leaf = PemReader.readCertificates(cert, certKey).get(0);
      keyContents = PemReader.read(key, keyKey);
    } catch (CertParseException e) {
      return unreadable(e.getMessage()); // names the key and the problem
    }
    if (keyContents.keys().isEmpty()) {
      return unreadable(keyKey + " holds no private key" + foundInstead(keyContents));
    }
    PrivateKeyEntry first = keyContents.keys().get(0);
    if (first.isEncrypted()) {
      return unreadable(
          keyKey
              + " holds an encrypted private key, which no server can load without its passphrase");
    }
    return new Read(leaf, first);
  }

  /** The verdict on a {@link #pair}: it fails only when the pair is {@link Unreadable}. */
  public static Verdict issued(Pair pair) {
    return pair instanceof Unreadable u ? u.verdict() : Verdict.pass(Rule.PARSING);
  }

  private static Unreadable unreadable(String words) {
    return new Unreadable(Verdict.fail(Rule.PARSING, FindingCode.CERT_UNPARSABLE, words));
  }

  private static String foundInstead(PemContents contents) {
    if (!contents.certificates().isEmpty()) {
      return ": found only a certificate";
    }
    if (!contents.publicKeys().isEmpty()) {
      return ": found only a public key";
    }
    return contents.otherBlocks().isEmpty()
        ? ""
        : ": found " + String.join(", ", contents.otherBlocks());
  }

  private static boolean isEmpty(byte[] value) {
    return value == null || value.length == 0;
  }
}
