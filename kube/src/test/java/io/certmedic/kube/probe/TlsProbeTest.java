package io.certmedic.kube.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import io.certmedic.core.testing.TestTlsServer;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsProbeTest {

  private static final Cert CA = TestPki.ca("probe-ca").build();
  private static final Cert INTER = TestPki.ca("probe-intermediate").signedBy(CA).build();
  private static final Cert LEAF = TestPki.leaf("svc.ns.svc").signedBy(INTER).build();

  @Test
  void capturesTheChainAsSentEvenWhenItWouldNotVerify() throws Exception {
    try (TestTlsServer server = TestTlsServer.serving(LEAF.key(), LEAF.cert(), INTER.cert())) {
      ProbeResult r =
          TlsProbe.probe("127.0.0.1", server.port(), "other.ns.svc", TlsProbe.DEFAULT_TIMEOUT);
      assertThat(r.presented()).containsExactly(LEAF.cert(), INTER.cert());
      assertThat(r.protocol()).isIn("TLSv1.3", "TLSv1.2");
      assertThat(r.cipherSuite()).startsWith("TLS_");
      assertThat(r.target()).isEqualTo("127.0.0.1:" + server.port());
      VerifyFailure f =
          (VerifyFailure)
              ServingVerifier.verify(
                  r.presented(), List.of(CA.cert()), "other.ns.svc", TestPki.NOW);
      assertThat(f.message())
          .isEqualTo("x509: certificate is valid for svc.ns.svc, not other.ns.svc");
    }
  }

  @Test
  void saysConnectionRefusedWithTheTarget() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int closed = port;
    assertThatThrownBy(
            () -> TlsProbe.probe("127.0.0.1", closed, "svc.ns.svc", TlsProbe.DEFAULT_TIMEOUT))
        .isInstanceOf(ProbeException.class)
        .hasMessage("connection refused: 127.0.0.1:" + closed);
  }

  @Test
  void givesUpOnASilentServerAfterTheTimeout() {
    try (TestTlsServer server = TestTlsServer.silent()) {
      assertThatThrownBy(
              () ->
                  TlsProbe.probe("127.0.0.1", server.port(), "svc.ns.svc", Duration.ofMillis(300)))
          .isInstanceOf(ProbeException.class)
          .hasMessage("timed out after 300ms in the TLS handshake with 127.0.0.1:" + server.port());
    }
  }

  @Test
  void saysAPlainHttpServerIsNotSpeakingTls() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (var s = plain.accept()) {
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\n\r\n"
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                  // test server
                }
              });
      t.setDaemon(true);
      t.start();
      assertThatThrownBy(
              () ->
                  TlsProbe.probe(
                      "127.0.0.1", plain.getLocalPort(), "svc.ns.svc", TlsProbe.DEFAULT_TIMEOUT))
          .isInstanceOf(ProbeException.class)
          .hasMessage(
              "127.0.0.1:"
                  + plain.getLocalPort()
                  + " is not speaking TLS: it answered the TLS hello with something else"
                  + " (plain HTTP?); check the port, and that the server has TLS on");
    }
  }

  @Test
  void sendsSniOnlyForDnsNames() {
    assertThat(TlsProbe.isDnsName("svc.ns.svc")).isTrue();
    assertThat(TlsProbe.isDnsName("10.0.0.1")).isFalse();
    assertThat(TlsProbe.isDnsName("::1")).isFalse();
    assertThat(TlsProbe.target("::1", 8443)).isEqualTo("[::1]:8443");
    assertThat(TlsProbe.words(Duration.ofSeconds(5))).isEqualTo("5s");
  }
}
