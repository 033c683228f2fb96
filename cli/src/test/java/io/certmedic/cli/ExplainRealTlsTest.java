package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.certmedic.core.explain.ErrorFacts;
import io.certmedic.core.explain.ExplainAggregator;
import io.certmedic.core.explain.ExplainOptions;
import io.certmedic.core.explain.Explainer;
import io.certmedic.core.explain.Explanation;
import io.certmedic.core.explain.Family;
import io.certmedic.core.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real TLS stacks fail against a server on 127.0.0.1 presenting a wrong-name, expired or untrusted
 * certificate; the text they produce must be explained as the right family. The JDK client always
 * runs; openssl and curl run when installed.
 */
class ExplainRealTlsTest {

  /** The broken server certificates, and the family each must be explained as. */
  enum Broken {
    WRONG_NAME(Family.HOSTNAME_MISMATCH),
    EXPIRED(Family.EXPIRED),
    UNTRUSTED(Family.UNKNOWN_AUTHORITY);

    final Family family;

    Broken(Family family) {
      this.family = family;
    }
  }

  // The JDK checks validity against the real clock, so these certs are made around it (test code
  // may read it).
  private static final Instant NOW = Instant.now();

  record Pki(TestPki.Cert ca, TestPki.Cert otherCa, TestPki.Cert leaf) {}

  static Pki pki(Broken broken) {
    TestPki.Cert ca =
        TestPki.ca("explain-test-ca")
            .validity(NOW.minus(Duration.ofDays(800)), NOW.plus(Duration.ofDays(800)))
            .build();
    TestPki.Cert otherCa =
        TestPki.ca("explain-other-ca")
            .validity(NOW.minus(Duration.ofDays(800)), NOW.plus(Duration.ofDays(800)))
            .build();
    TestPki.Builder leaf =
        broken == Broken.WRONG_NAME
            ? TestPki.leaf("webhook-old.ns.svc")
            : TestPki.leaf("localhost", "127.0.0.1");
    leaf.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    if (broken == Broken.EXPIRED) {
      leaf.validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10)));
    }
    return new Pki(ca, otherCa, leaf.signedBy(ca).build());
  }

  /** A TLS server on 127.0.0.1 that handshakes every connection with {@code leaf} until closed. */
  static final class Server implements AutoCloseable {
    final SSLServerSocket socket;
    final Thread thread;

    Server(Pki pki) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "leaf",
          pki.leaf().key(),
          new char[0],
          new Certificate[] {pki.leaf().cert(), pki.ca().cert()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              ctx.getServerSocketFactory()
                  .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (SSLSocket s = (SSLSocket) socket.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                  } catch (Exception e) {
                    // the client is meant to reject us
                  }
                }
              },
              "explain-tls-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The JDK client's failure as a log would hold it: the printed stack trace. */
  static String jdkFailure(Pki pki, Broken broken, int port) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry(
        "ca", broken == Broken.UNTRUSTED ? pki.otherCa().cert() : pki.ca().cert());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.setSoTimeout(5000);
      s.startHandshake();
    } catch (Exception e) {
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      return w.toString();
    }
    throw new AssertionError("the handshake with a " + broken + " certificate succeeded");
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void jdkClientFailureIsExplainedAsItsFamily(Broken broken) throws Exception {
    Pki pki = pki(broken);
    try (Server server = new Server(pki)) {
      String trace = jdkFailure(pki, broken, server.port());
      ExplainAggregator agg = new ExplainAggregator(ExplainOptions.DEFAULTS);
      agg.acceptText(trace);
      List<Explanation> es = agg.explanations();
      assertThat(es).as("explanations of %s", trace).hasSize(1);
      assertThat(es.get(0).family()).as(trace).isEqualTo(broken.family);
      assertThat(es.get(0).facts().stack().json()).isEqualTo("jdk");
      assertThat(agg.summary().failures())
          .as("a stack trace is one failure: %s", trace)
          .isEqualTo(1);
      if (broken == Broken.WRONG_NAME) {
        assertThat(es.get(0).facts().wanted()).isEqualTo("localhost");
      }
      if (broken == Broken.EXPIRED) {
        assertThat(es.get(0).facts().notAfter()).isNotNull();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void curlFailureIsExplainedAsItsFamily(Broken broken, @TempDir Path dir) throws Exception {
    assumeThat(onPath("curl")).as("curl installed").isTrue();
    Pki pki = pki(broken);
    Path caFile = pem(dir, broken == Broken.UNTRUSTED ? pki.otherCa() : pki.ca());
    try (Server server = new Server(pki)) {
      String out =
          exec(
              "curl",
              "-sS",
              "--noproxy",
              "*",
              "--max-time",
              "10",
              "--cacert",
              caFile.toString(),
              "https://localhost:" + server.port() + "/");
      ErrorFacts f =
          Explainer.classify(out.strip().lines().findFirst().orElse(""))
              .orElseThrow(() -> new AssertionError("not explained: " + out));
      assertThat(f.family()).as(out).isEqualTo(broken.family);
    }
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void opensslFailureIsExplainedAsItsFamily(Broken broken, @TempDir Path dir) throws Exception {
    assumeThat(onPath("openssl")).as("openssl installed").isTrue();
    Pki pki = pki(broken);
    Path caFile = pem(dir, broken == Broken.UNTRUSTED ? pki.otherCa() : pki.ca());
    try (Server server = new Server(pki)) {
      String out =
          exec(
              "openssl",
              "s_client",
              "-connect",
              "127.0.0.1:" + server.port(),
              "-servername",
              "localhost",
              "-verify_hostname",
              "localhost",
              "-verify_return_error",
              "-CAfile",
              caFile.toString());
      String line = out.lines().filter(l -> l.contains("verify error")).findFirst().orElse(out);
      ErrorFacts f =
          Explainer.classify(line).orElseThrow(() -> new AssertionError("not explained: " + out));
      assertThat(f.family()).as(out).isEqualTo(broken.family);
    }
  }

  private static Path pem(Path dir, TestPki.Cert cert) throws Exception {
    Path p = dir.resolve("ca.pem");
    Files.writeString(
        p,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.cert().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    return p;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String exec(String... cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(20, TimeUnit.SECONDS);
    return new String(out, StandardCharsets.UTF_8);
  }
}
