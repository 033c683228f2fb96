package io.certmedic.bench;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark chains as PEM for the side-by-side with openssl: {@code
 * DIR/<ecdsa|rsa>/{root,inter,leaf}.pem}. Usage: {@code WriteChains DIR}.
 */
public final class WriteChains {

  private WriteChains() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WriteChains DIR");
      System.exit(2);
    }
    write(Path.of(args[0], "ecdsa"), BenchPki.of(KeyType.ECDSA_P256));
    write(Path.of(args[0], "rsa"), BenchPki.of(KeyType.RSA_2048));
  }

  private static void write(Path dir, BenchPki pki) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("root.pem"), PemWriter.certificate(pki.root()));
    Files.writeString(dir.resolve("inter.pem"), PemWriter.certificate(pki.intermediate()));
    Files.writeString(dir.resolve("leaf.pem"), PemWriter.certificate(pki.leaf()));
  }
}
