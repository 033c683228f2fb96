package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's "done when": every hostile input, given to the real CLI entry point, ends with exit 0,
 * 1 or 2, at most one line on stderr, no stack trace, within a minute, in this JVM's heap.
 */
class HostileInputTest {

  private static final Duration WITHIN = Duration.ofMinutes(1);

  @TempDir static Path dir;

  private static Path oneLineYaml;
  private static Path deepJson;
  private static Path deepYaml;
  private static Path bomb;
  private static Path flippedPem;
  private static Path flippedDer;
  private static Path hugeSans;
  private static Path longChain;
  private static Path loop;
  private static Path fifo;
  private static Path bigKubeconfig;
  private static Path healthy;

  @BeforeAll
  static void writeInputs() throws Exception {
    oneLineYaml = dir.resolve("one-line.yaml");
    try (BufferedWriter w = Files.newBufferedWriter(oneLineYaml, StandardCharsets.UTF_8)) {
      w.write("kind: ConfigMap\nmetadata: {name: big}\ndata: {a: ");
      char[] block = new char[1 << 20];
      java.util.Arrays.fill(block, 'x');
      for (int i = 0; i < 200; i++) { // 200 MiB on one line
        w.write(block);
      }
      w.write("}\n");
    }
    deepJson = Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000));
    deepYaml =
        Files.writeString(dir.resolve("deep.yaml"), "kind: ConfigMap\na: " + "[".repeat(100_000));
    StringBuilder b =
        new StringBuilder("kind: ConfigMap\nmetadata: {name: bomb}\na0: &a0 [x, x]\n");
    for (int i = 1; i < 30; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1);
      b.append(", *a").append(i - 1).append("]\n");
    }
    bomb = Files.writeString(dir.resolve("bomb.yaml"), b);
    TestPki.Cert ca = TestPki.ca("hostile-ca").build();
    TestPki.Cert leaf = TestPki.leaf("web.demo.svc").signedBy(ca).build();
    byte[] pem = PemWriter.certificate(leaf.cert()).getBytes(StandardCharsets.US_ASCII);
    for (int i = 40; i < pem.length - 40; i += 17) {
      pem[i] ^= 0x04;
    }
    flippedPem = Files.write(dir.resolve("flipped.pem"), pem);
    byte[] der = leaf.cert().getEncoded();
    for (int i = 0; i < der.length; i += 13) {
      der[i] ^= 0x10;
    }
    flippedDer = Files.write(dir.resolve("flipped.der"), der);
    String[] sans = new String[5000];
    for (int i = 0; i < sans.length; i++) {
      sans[i] = "host-" + i + ".demo.svc";
    }
    hugeSans =
        Files.writeString(
            dir.resolve("sans.pem"),
            PemWriter.certificate(TestPki.leaf(sans).signedBy(ca).build().cert()));
    List<java.security.cert.X509Certificate> chain = new ArrayList<>();
    TestPki.Cert parent = TestPki.ca("root-0").build();
    chain.add(parent.cert());
    for (int i = 1; i < 50; i++) {
      parent = TestPki.ca("ca-" + i).signedBy(parent).build();
      chain.add(0, parent.cert());
    }
    longChain = Files.writeString(dir.resolve("chain.pem"), PemWriter.certificates(chain));
    loop = dir.resolve("loop-a");
    Files.createSymbolicLink(loop, dir.resolve("loop-b"));
    Files.createSymbolicLink(dir.resolve("loop-b"), loop);
    fifo = dir.resolve("fifo");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
    byte[] noise = new byte[9 << 20];
    new java.util.Random(14).nextBytes(noise);
    bigKubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                + "    server: https://10.0.0.1\n    certificate-authority-data: "
                + java.util.Base64.getEncoder().encodeToString(noise)
                + "\n");
    healthy =
        Files.writeString(
            dir.resolve("healthy.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
  }

  static Stream<Arguments> hostileRuns() {
    return Stream.of(
        run("inspect /dev/zero", "inspect", "/dev/zero"),
        run("inspect /dev/urandom", "inspect", "/dev/urandom"),
        run("doctor -f /dev/zero", "doctor", "-f", "/dev/zero"),
        run("doctor -f /dev/urandom", "doctor", "-f", "/dev/urandom"),
        run("explain --log /dev/zero", "explain", "--log", "/dev/zero"),
        run("explain --log /dev/urandom", "explain", "--log", "/dev/urandom"),
        run(
            "preflight --after /dev/urandom",
            "preflight",
            "--before",
            "HEALTHY",
            "--after",
            "/dev/urandom"),
        run(
            "preflight --after /dev/zero",
            "preflight",
            "--before",
            "HEALTHY",
            "--after",
            "/dev/zero"),
        run("doctor on a 200 MB one-line YAML file", "doctor", "-f", "ONE_LINE"),
        run("doctor on JSON nested 100,000 deep", "doctor", "-f", "DEEP_JSON"),
        run("doctor on YAML nested 100,000 deep", "doctor", "-f", "DEEP_YAML"),
        run("doctor on an alias bomb", "doctor", "-f", "BOMB"),
        run("inspect of a bit-flipped PEM", "inspect", "FLIPPED_PEM"),
        run("inspect of a bit-flipped DER", "inspect", "FLIPPED_DER"),
        run("doctor on a bit-flipped PEM", "doctor", "-f", "FLIPPED_PEM"),
        run("inspect of 5,000 SANs", "inspect", "SANS"),
        run("inspect of a 50-deep chain", "inspect", "CHAIN"),
        run("doctor on a 50-deep chain", "doctor", "-f", "CHAIN"),
        run(
            "inspect of a kubeconfig with a 9 MiB certificate-authority-data",
            "inspect",
            "KUBECONFIG"),
        run(
            "doctor on a kubeconfig with a 9 MiB certificate-authority-data",
            "doctor",
            "-f",
            "KUBECONFIG"),
        run("inspect of a symlink loop", "inspect", "LOOP"),
        run("doctor -f a symlink loop", "doctor", "-f", "LOOP"),
        run("explain --log a symlink loop", "explain", "--log", "LOOP"),
        run(
            "preflight --after a symlink loop",
            "preflight",
            "--before",
            "HEALTHY",
            "--after",
            "LOOP"),
        run("inspect of a FIFO", "inspect", "FIFO"),
        run("doctor -f a FIFO", "doctor", "-f", "FIFO"),
        run("explain --log a FIFO", "explain", "--log", "FIFO"),
        run("preflight --after a FIFO", "preflight", "--before", "HEALTHY", "--after", "FIFO"));
  }

  private static Arguments run(String name, String... args) {
    return Arguments.of(name, args);
  }

  @ParameterizedTest(name = "{0} ends in exit 0, 1 or 2 with at most one line on stderr")
  @MethodSource("hostileRuns")
  void aHostileInputEndsCleanlyWithinAMinute(String name, String[] args) {
    String[] real = Stream.of(args).map(HostileInputTest::resolve).toArray(String[]::new);
    CliRun r = assertTimeoutPreemptively(WITHIN, () -> CliRun.of(real), name);
    assertThat(r.exit()).as(name + ": " + r.err()).isIn(0, 1, 2);
    assertThat(r.err().lines().toList()).as(name).hasSizeLessThanOrEqualTo(1);
    assertThat(r.err()).as(name).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  private static String resolve(String arg) {
    return switch (arg) {
      case "ONE_LINE" -> oneLineYaml.toString();
      case "DEEP_JSON" -> deepJson.toString();
      case "DEEP_YAML" -> deepYaml.toString();
      case "BOMB" -> bomb.toString();
      case "FLIPPED_PEM" -> flippedPem.toString();
      case "FLIPPED_DER" -> flippedDer.toString();
      case "SANS" -> hugeSans.toString();
      case "CHAIN" -> longChain.toString();
      case "LOOP" -> loop.toString();
      case "FIFO" -> fifo.toString();
      case "KUBECONFIG" -> bigKubeconfig.toString();
      case "HEALTHY" -> healthy.toString();
      default -> arg;
    };
  }
}
