package io.certmedic.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 and an ephemeral port, serving a fixed chain, for probe tests. Each
 * connection is handshaken and closed by a daemon thread; {@link #silent()} accepts and never
 * answers (for timeouts). Close it with try-with-resources.
 *
 * <pre>{@code
 * try (TestTlsServer server = TestTlsServer.serving(leaf.key(), leaf.cert(), ca.cert())) {
 *   TlsProbe.probe("127.0.0.1", server.port(), "svc.ns.svc", Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class TestTlsServer implements AutoCloseable {

  private static final char[] PASSWORD = "test".toCharArray();

  private final ServerSocket socket;
  private final Thread acceptor;
  // silent connections stay referenced: an unreachable socket is closed by its cleaner on GC,
  // which would end the "never answers" handshake early
  private final List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TestTlsServer(ServerSocket socket, boolean handshake) {
    this.socket = socket;
    this.acceptor =
        new Thread(() -> acceptLoop(handshake), "test-tls-server-" + socket.getLocalPort());
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Serves {@code chain} (leaf first, sent as given) with {@code key}. */
  public static TestTlsServer serving(PrivateKey key, X509Certificate... chain) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("serving", key, PASSWORD, chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      SSLServerSocket server =
          (SSLServerSocket)
              ctx.getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      return new TestTlsServer(server, true);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test TLS server", e);
    }
  }

  /** Serves {@code chain} with {@code key}. */
  public static TestTlsServer serving(PrivateKey key, List<X509Certificate> chain) {
    return serving(key, chain.toArray(X509Certificate[]::new));
  }

  /** Accepts connections and never speaks: a handshake against it times out. */
  public static TestTlsServer silent() {
    try {
      return new TestTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the silent test server", e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop(boolean handshake) {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        if (!handshake) {
          held.add(s); // keep it open and silent until the server closes
          continue;
        }
        try (SSLSocket tls = (SSLSocket) s;
            InputStream in = tls.getInputStream()) {
          tls.setSoTimeout(5_000);
          tls.startHandshake();
          in.read(); // wait for the client to close
        } catch (IOException e) {
          // the client went away or refused us: normal for a probe
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
    for (Socket s : held) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
