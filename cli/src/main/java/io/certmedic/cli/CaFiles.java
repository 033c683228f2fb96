package io.certmedic.cli;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemLimits;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.text.Shell;
import io.certmedic.core.x509.KeyFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A CA given as {@code --ca-cert}/{@code --ca-key} files: the certificate in the cert file that the
 * key belongs to signs, and every certificate of the cert file goes into {@code ca.crt}.
 */
record CaFiles(CertificateAuthority authority, List<X509Certificate> bundle) {

  CaFiles {
    requireNonNull(authority, "authority == null");
    bundle = List.copyOf(bundle);
  }

  /** Reads and checks both files; every failure is a {@link UserException} naming the file. */
  static CaFiles read(Path certFile, Path keyFile, Instant now) {
    List<X509Certificate> certs;
    List<PrivateKeyEntry> keys;
    try {
      certs = PemReader.readCertificates(bytes(certFile, "--ca-cert"), certFile.toString());
      keys = PemReader.read(bytes(keyFile, "--ca-key"), keyFile.toString()).keys();
    } catch (CertParseException e) {
      throw new UserException(e.getMessage());
    }
    if (keys.isEmpty()) {
      throw new UserException(
          "--ca-key " + keyFile + " holds no private key; pass the CA's PEM private key");
    }
    PrivateKeyEntry key = keys.get(0);
    if (key.isEncrypted()) {
      throw new UserException(
          "--ca-key "
              + keyFile
              + " is encrypted; decrypt it first (openssl pkey -in "
              + Shell.quote(keyFile.toString())
              + " -out ca-plain.key)");
    }
    X509Certificate signer =
        certs.stream().filter(c -> KeyFacts.matches(c, key)).findFirst().orElse(null);
    if (signer == null) {
      throw new UserException(
          "--ca-key "
              + keyFile
              + " ("
              + KeyFacts.describe(key)
              + ") does not match any certificate in --ca-cert "
              + certFile
              + " ("
              + KeyFacts.describe(certs.get(0).getPublicKey())
              + "); pass the key of that CA");
    }
    CertificateAuthority ca;
    try {
      ca = CertificateAuthority.of(signer, key);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          "--ca-cert "
              + certFile
              + ": "
              + e.getMessage()
              + "; pass the CA that signs, not a serving cert");
    }
    if (!signer.getNotAfter().toInstant().isAfter(now)) {
      throw new UserException(
          "--ca-cert "
              + certFile
              + " expired at "
              + signer.getNotAfter().toInstant()
              + "; omit --ca-cert/--ca-key to make a new CA, then update every caBundle");
    }
    return new CaFiles(ca, certs);
  }

  private static byte[] bytes(Path file, String flag) {
    try {
      if (Files.isDirectory(file)) {
        throw new UserException(flag + " " + file + " is a directory; pass a PEM file");
      }
      if (Files.size(file) > PemLimits.MAX_INPUT_BYTES) {
        throw new UserException(
            flag
                + " "
                + file
                + " is larger than "
                + PemLimits.MAX_INPUT_BYTES
                + " bytes; pass a PEM file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserException(flag + " " + file + " does not exist");
    } catch (IOException e) {
      throw new UserException(flag + " " + file + " cannot be read: " + e.getMessage());
    }
  }
}
