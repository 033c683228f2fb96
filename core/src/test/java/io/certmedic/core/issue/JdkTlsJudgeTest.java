package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.issue.IssuedFixtures.NameCase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's TLS stack judges every issued certificate in a real handshake on 127.0.0.1, with HTTPS
 * endpoint identification against the name the client dials and a trust store holding only the
 * issuing CA.
 */
class JdkTlsJudgeTest {

  private static final char[] PASSWORD = "test-only".toCharArray();
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final ExecutorService SERVER = Executors.newCachedThreadPool();

  @AfterAll
  static void stopServers() {
    SERVER.shutdownNow();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("io.certmedic.core.issue.IssuedFixtures#accepted")
  void jdkClientCompletesHandshakeForEveryNameTheCertCarries(KeyType type, NameCase c)
      throws Exception {
    int echoed = handshake(type, c);

    assertThat(echoed).isEqualTo(42);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("io.certmedic.core.issue.IssuedFixtures#rejected")
  void jdkClientRefusesTheCertForNamesItDoesNotCarry(KeyType type, NameCase c) {
    assertThatThrownBy(() -> handshake(type, c))
        .isInstanceOf(SSLHandshakeException.class)
        .rootCause()
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("matching")
        .hasMessageContaining(c.name());
  }

  /** Serves the leaf on 127.0.0.1, dials it as {@code c.name()}, and echoes one byte back. */
  private static int handshake(KeyType type, NameCase c) throws Exception {
    IssuedFixtures.Issued issued = IssuedFixtures.of(type);
    IssuedCertificate leaf = issued.leaf(c.leaf());

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "tls",
        leaf.privateKey(),
        PASSWORD,
        new Certificate[] {leaf.certificate(), leaf.caCertificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", issued.ca().certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);

    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (SSLServerSocket server =
        (SSLServerSocket)
            serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
      server.setSoTimeout(TIMEOUT_MILLIS);
      Future<?> served =
          SERVER.submit(
              () -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                  s.setSoTimeout(TIMEOUT_MILLIS);
                  s.startHandshake();
                  s.getOutputStream().write(s.getInputStream().read());
                  s.getOutputStream().flush();
                } catch (IOException expectedWhenTheClientRefuses) {
                  // the client's alert ends the handshake; the client side carries the verdict
                }
                return null;
              });
      try (Socket plain = new Socket(loopback, server.getLocalPort());
          SSLSocket client =
              (SSLSocket)
                  clientContext
                      .getSocketFactory()
                      .createSocket(plain, c.name(), server.getLocalPort(), true)) {
        client.setSoTimeout(TIMEOUT_MILLIS);
        SSLParameters params = client.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(params);
        client.startHandshake();
        client.getOutputStream().write(42);
        client.getOutputStream().flush();
        InputStream in = client.getInputStream();
        return in.read();
      } finally {
        served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }
}
