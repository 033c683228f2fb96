package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.text.Shell;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;

/**
 * Examples in docs/ and the README that show real output stay real: a block preceded by {@code <!--
 * output: ["explain", "-o", "json", "..."] -->} (the arguments as a JSON array, so nothing here
 * parses shell) must start with {@code $ certmedic} and those arguments, quoted as {@link Shell}
 * quotes them, and what follows up to the block's end (or the next {@code $} line) must be exactly
 * what the command prints today.
 *
 * <p>Input files an example names are blocks of the same doc preceded by {@code <!-- file:
 * notes/todo.txt -->}, or paths relative to the repository root ({@code examples/healthy.yaml}).
 * Such examples run in a JVM of their own whose working directory is a temporary directory holding
 * those files, so the output names them as a person running the command next to them sees them
 * (relative, and tables aligned the same); the rest run in-process.
 */
class DocsOutputTest {

  private static final Path ROOT = Path.of("..");
  private static final Path DOCS = ROOT.resolve("docs");
  private static final String MARKER = "<!-- output: ";
  private static final String FILE_MARKER = "<!-- file: ";

  /** An example may end with the exit code, as {@code (exit 2)}; it is then checked too. */
  private static final Pattern EXIT = Pattern.compile("\\(exit \\d+\\)\n\\s*\\z");

  /**
   * One marked example: where it is, the arguments, the output the docs show, and the input files
   * the doc's own blocks hold (name to content).
   */
  record Example(
      Path file,
      int line,
      String where,
      List<String> args,
      String shown,
      String prompt,
      Map<String, String> files) {
    @Override
    public String toString() {
      return where;
    }
  }

  static Stream<Arguments> examples() throws Exception {
    List<Arguments> out = new ArrayList<>();
    List<Path> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCS)) {
      docs.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted().toList());
    }
    docs.add(ROOT.resolve("README.md"));
    for (Path f : docs) {
      List<String> lines = Files.readAllLines(f);
      Map<String, String> named = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.startsWith(FILE_MARKER)) {
          String name = l.substring(FILE_MARKER.length(), l.lastIndexOf("-->")).strip();
          String fence = lines.get(i + 1).replaceAll("[^`].*", "");
          assertThat(fence).as("%s:%d opens a block", f, i + 2).startsWith("```");
          StringBuilder content = new StringBuilder();
          for (int j = i + 2; !lines.get(j).equals(fence); j++) {
            content.append(lines.get(j)).append('\n');
          }
          named.put(name, content.toString());
        }
        if (!l.startsWith(MARKER)) {
          continue;
        }
        String array = l.substring(MARKER.length(), l.lastIndexOf("-->")).strip();
        List<String> args = Json.MAPPER.readValue(array, new TypeReference<List<String>>() {});
        String fence = lines.get(i + 1).replaceAll("[^`].*", "");
        assertThat(fence).as("%s:%d opens a block", f, i + 2).startsWith("```");
        String prompt = lines.get(i + 2);
        StringBuilder shown = new StringBuilder();
        for (int j = i + 3; j < lines.size(); j++) {
          String s = lines.get(j);
          if (s.equals(fence) || s.startsWith("$ ")) {
            break;
          }
          shown.append(s).append('\n');
        }
        out.add(
            Arguments.of(
                new Example(
                    f,
                    i,
                    f.getFileName() + ":" + (i + 1),
                    args,
                    shown.toString(),
                    prompt,
                    Map.copyOf(named))));
      }
    }
    assertThat(out).as("docs mark their real-output examples").hasSizeGreaterThanOrEqualTo(3);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theExampleShowsWhatTheCommandPrintsToday(Example e, @TempDir Path dir) throws Exception {
    assertThat(e.prompt()).isEqualTo("$ certmedic " + Shell.command(e.args()));
    for (Map.Entry<String, String> f : e.files().entrySet()) {
      Path to = dir.resolve(f.getKey());
      Files.createDirectories(to.getParent());
      Files.writeString(to, f.getValue());
    }
    List<String> args = new ArrayList<>(e.args());
    boolean dials = args.contains(DemoWebhook.SHOWN) || args.contains(DemoWebhook.CLOSED);
    try (DemoWebhook server = dials ? DemoWebhook.start(dir) : null) {
      if (server != null) {
        args.replaceAll(a -> a.equals(DemoWebhook.SHOWN) ? server.address() : a);
        args.replaceAll(a -> a.equals(DemoWebhook.CLOSED) ? server.closedAddress() : a);
      }
      check(e, dir, args, server);
    }
  }

  private static void check(Example e, Path dir, List<String> args, DemoWebhook server)
      throws Exception {
    boolean inputs = server != null;
    for (String a : e.args()) {
      boolean named = e.files().keySet().stream().anyMatch(n -> n.equals(a) || n.startsWith(a));
      if (!named && !a.startsWith("-") && !a.isBlank() && Files.isRegularFile(ROOT.resolve(a))) {
        Files.createDirectories(dir.resolve(a).getParent());
        Files.copy(ROOT.resolve(a), dir.resolve(a));
        named = true;
      }
      inputs |= named;
    }
    CliRun r = inputs ? runIn(dir, args) : CliRun.of(args.toArray(String[]::new));
    String out = r.out() + r.err();
    if (server != null) {
      out = out.replace(server.address(), DemoWebhook.SHOWN);
      out = out.replace(server.closedAddress(), DemoWebhook.CLOSED);
    }
    if (EXIT.matcher(e.shown()).find()) {
      out += "(exit " + r.exit() + ")\n";
    }
    if (Boolean.getBoolean(UPDATE) && !out.equals(e.shown())) {
      update(e, out);
      return;
    }
    assertThat(out)
        .as("%s shows what the command prints (-D%s=true rewrites it)", e.where(), UPDATE)
        .isEqualTo(e.shown());
  }

  /**
   * Runs the CLI in its own JVM with {@code dir} as the working directory, so the input files are
   * named as the doc names them (relative, the same length: tables align the same).
   */
  private static CliRun runIn(Path dir, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(
        Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(c -> Path.of(c).toAbsolutePath().toString())
            .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
    command.add(Main.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("COLUMNS");
    Path err = Files.createTempFile("docs-example", ".stderr"); // not in dir: it is the input
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    return new CliRun(exit, out, readAndDelete(err));
  }

  /**
   * What probe.md's examples dial, shown as {@code 127.0.0.1:18443}: a TLS server on a free
   * loopback port serving {@code policy-gate.policy.svc}'s certificate, signed by {@code
   * demo-webhook-ca}, with that CA in {@code ca.crt} and a CA of the same name with another key in
   * {@code other-ca.crt}. Keys come from a seeded generator and RSA signatures are deterministic,
   * so the certificates (and their fingerprints in the doc) are the same on every run.
   */
  private record DemoWebhook(SSLServerSocket socket, Thread accepting, int closedPort)
      implements AutoCloseable {
    static final String SHOWN = "127.0.0.1:18443";

    /** Shown for a port nothing listens on: a free port, bound and closed again. */
    static final String CLOSED = "127.0.0.1:18444";

    private static final Instant NOT_BEFORE = Instant.parse("2026-11-23T08:11:31Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-02-21T08:11:31Z");
    private static final char[] PASSWORD = "demo".toCharArray();

    static DemoWebhook start(Path dir) throws Exception {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(20261123L);
      TestPki.Cert ca =
          TestPki.ca("demo-webhook-ca")
              .keys(KeyType.RSA_2048.generate(seeded))
              .serial(0x5e0a77c3d41f9b26L)
              .validity(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(3650)))
              .build();
      TestPki.Cert regenerated = // same name, new key: the CA a caBundle kept after a rotation
          TestPki.ca("demo-webhook-ca")
              .keys(KeyType.RSA_2048.generate(seeded))
              .serial(0x2f1c9a40e0b37d51L)
              .validity(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(3650)))
              .build();
      TestPki.Cert leaf =
          TestPki.leaf("policy-gate.policy.svc")
              .sans(
                  "policy-gate",
                  "policy-gate.policy",
                  "policy-gate.policy.svc",
                  "policy-gate.policy.svc.cluster.local")
              .keyUsage(KeyUsage.digitalSignature)
              .keys(KeyType.RSA_2048.generate(seeded))
              .serial(0x1131b8cae63b2ee8L)
              .validity(NOT_BEFORE, NOT_AFTER)
              .signedBy(ca)
              .build();
      Files.writeString(dir.resolve("ca.crt"), PemWriter.certificate(ca.cert()));
      Files.writeString(dir.resolve("other-ca.crt"), PemWriter.certificate(regenerated.cert()));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("leaf", leaf.key(), PASSWORD, new X509Certificate[] {leaf.cert()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      SSLServerSocket socket =
          (SSLServerSocket)
              tls.getServerSocketFactory()
                  .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
      Thread accepting =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (SSLSocket s = (SSLSocket) socket.accept()) {
                    s.setSoTimeout(5_000);
                    s.startHandshake();
                  } catch (Exception ignored) {
                    // a client that gives up is the client's finding; serve the next one
                  }
                }
              },
              "docs-demo-webhook");
      accepting.setDaemon(true);
      accepting.start();
      int closed;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = free.getLocalPort();
      }
      return new DemoWebhook(socket, accepting, closed);
    }

    String closedAddress() {
      return "127.0.0.1:" + closedPort;
    }

    String address() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      accepting.join(5_000);
    }
  }

  private static String readAndDelete(Path file) throws Exception {
    try {
      return Files.readString(file);
    } finally {
      Files.delete(file);
    }
  }

  /** With {@code -Dcertmedic.updateDocs=true}, the test writes today's output into the docs. */
  private static final String UPDATE = "certmedic.updateDocs";

  private static synchronized void update(Example e, String out) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(e.file()));
    int from = e.line() + 3;
    int to = from;
    String fence = lines.get(e.line() + 1).replaceAll("[^`].*", "");
    while (!lines.get(to).equals(fence) && !lines.get(to).startsWith("$ ")) {
      to++;
    }
    lines.subList(from, to).clear();
    lines.addAll(from, List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1));
    Files.write(e.file(), lines);
  }
}
