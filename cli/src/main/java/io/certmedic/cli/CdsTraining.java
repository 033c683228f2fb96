package io.certmedic.cli;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The runs the launcher's class-data archive is trained on, in one JVM: what they load is what the
 * archive holds, so these are the commands people run at the prompt. The launcher runs this class
 * once per install ({@code java -XX:DumpLoadedClassList=LIST -cp certmedic.jar
 * io.certmedic.cli.CdsTraining EXAMPLES}), then dumps the archive from that class list. Output is
 * thrown away; the certificate it issues, inspects and serves to {@code probe} on 127.0.0.1 lives
 * in a temporary directory deleted at the end.
 */
public final class CdsTraining {

  /** The error line {@code explain} is trained on. */
  static final String EXPLAIN_LINE = "x509: certificate signed by unknown authority";

  /** The Service {@code issue} makes a certificate for, and the name {@code probe} verifies. */
  static final String SERVICE = "webhook";

  static final String NAMESPACE = "training";

  private static final char[] STORE_PASSWORD = "training".toCharArray();

  /** How long the loopback server waits for the probe's bytes before giving up. */
  private static final int SERVER_TIMEOUT_MS = 10_000;

  private CdsTraining() {}

  /** {@code args[0]}: the examples directory the doctor reads (missing is fine). */
  public static void main(String[] args) throws IOException {
    Path examples = Path.of(args.length > 0 ? args[0] : "examples");
    Path dir = Files.createTempDirectory("certmedic-cds-");
    try {
      train(examples, dir);
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  /** Runs every training command line in order; returns each line (joined) with its exit code. */
  static Map<String, Integer> train(Path examples, Path dir) {
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (String[] run : runs(examples, dir)) {
      codes.put(String.join(" ", run), quietly(run));
    }
    Path out = dir.resolve("out");
    try (SSLServerSocket server = serve(out)) {
      Thread t = new Thread(() -> answerOnce(server), "certmedic-cds-training-server");
      t.setDaemon(true);
      t.start();
      String[] probe = {
        "probe",
        "127.0.0.1:" + server.getLocalPort(),
        "--ca",
        out.resolve("ca.crt").toString(),
        "--server-name",
        SERVICE + "." + NAMESPACE + ".svc"
      };
      codes.put(String.join(" ", probe), quietly(probe));
    } catch (IOException | GeneralSecurityException | CertParseException e) {
      codes.put("probe", ExitCode.INTERNAL); // no server, no probe run to learn from
    }
    return codes;
  }

  /** The command lines, in order: inspect reads what issue wrote. */
  static List<String[]> runs(Path examples, Path dir) {
    Path out = dir.resolve("out");
    String crt = out.resolve("tls.crt").toString();
    String ex = examples.toString();
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"--help"});
    runs.add(new String[] {"--version"});
    runs.add(new String[] {"explain", EXPLAIN_LINE});
    runs.add(
        new String[] {"issue", "--service", SERVICE, "-n", NAMESPACE, "--out", out.toString()});
    runs.add(new String[] {"inspect", crt});
    runs.add(new String[] {"inspect", crt, out.resolve("tls.key").toString()});
    runs.add(new String[] {"doctor", "-f", ex});
    runs.add(new String[] {"doctor", "-f", ex, "-o", "json"});
    runs.add(new String[] {"doctor", "--help"});
    return runs;
  }

  private static int quietly(String[] run) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return Main.run(run, none, none);
  }

  /**
   * A TLS server on 127.0.0.1 serving the certificate and key {@code issue} wrote in {@code out}.
   */
  private static SSLServerSocket serve(Path out)
      throws IOException, GeneralSecurityException, CertParseException {
    PemContents leaf = PemReader.read(Files.readAllBytes(out.resolve("tls.crt")), "tls.crt");
    PemContents key = PemReader.read(Files.readAllBytes(out.resolve("tls.key")), "tls.key");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "serving",
        key.keys().get(0).toPrivateKey(),
        STORE_PASSWORD,
        leaf.certificates().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, STORE_PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return (SSLServerSocket)
        ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private static void answerOnce(SSLServerSocket server) {
    try (Socket s = server.accept();
        InputStream in = s.getInputStream()) {
      s.setSoTimeout(SERVER_TIMEOUT_MS);
      ((SSLSocket) s).startHandshake();
      in.read(); // until the probe closes
    } catch (IOException e) {
      // the probe went away: all it needed was the handshake
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
