package io.certmedic.kube.snapshot;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemLimits;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.x509.KeyFacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads certificate and key files a kubeconfig or a node's PKI names into {@link DataField}s. A key
 * is reduced to its description and public-key id at once; its bytes go no further than this
 * class's locals. A file that cannot be read becomes {@link DataField.Unparsable} saying why.
 */
final class PkiFiles {

  private final FieldParser fields;

  PkiFiles(FieldParser fields) {
    this.fields = fields;
  }

  /** The certificates in {@code file} (a key in the same file is ignored here). */
  DataField certificate(Path file) {
    byte[] b;
    try {
      b = read(file);
    } catch (IOException e) {
      return new DataField.Unparsable(problem(file, e));
    }
    DataField f = fields.parse(b, file.toString(), true);
    return f == null ? new DataField.Unparsable(file + " holds no certificate") : f;
  }

  /** The private key in {@code file} (certificates in the same file are ignored here). */
  DataField key(Path file) {
    byte[] b;
    try {
      b = read(file);
    } catch (IOException e) {
      return new DataField.Unparsable(problem(file, e));
    }
    return key(b, file.toString());
  }

  /** The private key (or public stand-in) in {@code bytes}, named {@code where}. */
  static DataField key(byte[] bytes, String where) {
    if (bytes == null) {
      return new DataField.Unparsable(where + " is not valid base64");
    }
    if (bytes.length == 0) {
      return DataField.EMPTY;
    }
    try {
      PemContents c = PemReader.read(bytes, where);
      if (!c.keys().isEmpty()) {
        PrivateKeyEntry k = c.keys().get(0);
        return new DataField.Key(KeyFacts.describe(k), KeyFacts.publicKeyId(k), false);
      }
      if (!c.publicKeys().isEmpty()) {
        return new DataField.Key(
            "public key stand-in", KeyFacts.publicKeyId(c.publicKeys().get(0)), true);
      }
      return new DataField.Unparsable(where + " holds no private key");
    } catch (CertParseException e) {
      return new DataField.Unparsable(e.getMessage());
    }
  }

  /** The public key in {@code file} ({@code sa.pub}), as a stand-in {@link DataField.Key}. */
  DataField publicKey(Path file) {
    return key(file);
  }

  /** The bytes of {@code file}, at most {@link PemLimits#MAX_INPUT_BYTES}. */
  static byte[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(PemLimits.MAX_INPUT_BYTES + 1);
      if (b.length > PemLimits.MAX_INPUT_BYTES) {
        throw new IOException("more than " + PemLimits.MAX_INPUT_BYTES + " bytes is too large");
      }
      return b;
    }
  }

  static String problem(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "cannot read " + file + ": no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read " + file + ": permission denied";
    }
    return "cannot read " + file + ": " + e.getMessage();
  }
}
