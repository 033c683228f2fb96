package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.IssuedFixtures.Issued;
import io.certmedic.core.issue.IssuedFixtures.NameCase;
import io.certmedic.core.pem.PemWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenSSL, an implementation that shares no code with ours, judges every issued certificate the way
 * a TLS client would: chain to {@code ca.crt}, the sslserver purpose, and the name dialled.
 */
class OpensslJudgeTest {

  static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir static Path dir;

  @BeforeAll
  static void requireOpenssl() {
    assertThat(Files.isExecutable(OPENSSL))
        .as(
            "these tests need the openssl command at %s (Debian/Ubuntu: apt-get install openssl)",
            OPENSSL)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("io.certmedic.core.issue.IssuedFixtures#accepted")
  void opensslVerifiesIssuedCertForEveryNameItCarries(KeyType type, NameCase c) throws Exception {
    Result r = verify(type, c);

    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("tls.crt: OK");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("io.certmedic.core.issue.IssuedFixtures#rejected")
  void opensslRejectsIssuedCertForNamesItDoesNotCarry(KeyType type, NameCase c) throws Exception {
    Result r = verify(type, c);

    assertThat(r.exit).as(r.output).isNotZero();
    assertThat(r.output).containsAnyOf("hostname mismatch", "IP address mismatch");
  }

  private record Result(int exit, String output) {}

  private static Result verify(KeyType type, NameCase c) throws IOException, InterruptedException {
    Path leafDir = write(IssuedFixtures.of(type), c.leaf());
    List<String> cmd =
        new ArrayList<>(
            List.of(OPENSSL.toString(), "verify", "-CAfile", "ca.crt", "-purpose", "sslserver"));
    cmd.add(c.isIp() ? "-verify_ip" : "-verify_hostname");
    cmd.add(c.name());
    cmd.add("tls.crt");
    Process p =
        new ProcessBuilder(cmd).directory(leafDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl verify finished").isTrue();
    return new Result(p.exitValue(), out);
  }

  /** Writes ca.crt and tls.crt for one leaf, once. No key is written: verification needs none. */
  private static synchronized Path write(Issued issued, IssuedFixtures.Leaf leaf)
      throws IOException {
    Path d = dir.resolve(issued.keyType().cliName() + "-" + leaf);
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      Files.writeString(d.resolve("ca.crt"), PemWriter.certificate(issued.ca().certificate()));
      Files.writeString(
          d.resolve("tls.crt"), PemWriter.certificate(issued.leaf(leaf).certificate()));
    }
    return d;
  }
}
