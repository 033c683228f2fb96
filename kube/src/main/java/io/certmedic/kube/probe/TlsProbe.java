package io.certmedic.kube.probe;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Dials a TLS server as the API server would and records the chain it presents, without judging it:
 * the handshake accepts any chain so that broken ones are captured too; certmedic judges them
 * afterwards with {@code ServingVerifier}. SNI carries the server name when it is a DNS name; TLS
 * 1.3 and 1.2 are offered; connect and handshake are each bounded by a timeout.
 *
 * <p>Example: {@code TlsProbe.probe("127.0.0.1", 8443, "webhook.ns.svc",
 * TlsProbe.DEFAULT_TIMEOUT)}.
 */
public final class TlsProbe {

  /** Connect and handshake each give up after this long, as a patient API server call would. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsProbe() {}

  /**
   * Connects to {@code host:port}, shakes hands with SNI {@code serverName}, returns what was
   * presented.
   */
  public static ProbeResult probe(String host, int port, String serverName, Duration timeout)
      throws ProbeException {
    requireNonNull(host, "host == null");
    requireNonNull(timeout, "timeout == null");
    String target = target(host, port);
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Recorder recorder = new Recorder();
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recorder}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
    Socket plain = new Socket();
    try {
      try {
        plain.connect(new InetSocketAddress(host, port), millis);
      } catch (UnknownHostException e) {
        throw new ProbeException("unknown host: " + host, e);
      } catch (ConnectException e) {
        throw new ProbeException("connection refused: " + target, e);
      } catch (SocketTimeoutException e) {
        throw new ProbeException(
            "timed out after " + words(timeout) + " connecting to " + target, e);
      } catch (IOException | IllegalArgumentException e) {
        throw new ProbeException("cannot connect to " + target + ": " + oneLine(e), e);
      }
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
        SSLParameters params = tls.getSSLParameters();
        params.setProtocols(PROTOCOLS);
        params.setEndpointIdentificationAlgorithm(null);
        String sni = serverName == null || serverName.isEmpty() ? host : serverName;
        if (isDnsName(sni)) {
          params.setServerNames(List.of(new SNIHostName(sni)));
        }
        tls.setSSLParameters(params);
        tls.setSoTimeout(millis);
        try {
          tls.startHandshake();
        } catch (SocketTimeoutException e) {
          throw new ProbeException(
              "timed out after " + words(timeout) + " in the TLS handshake with " + target, e);
        } catch (SSLException e) {
          if (recorder.chain.get() == null && notTls(e)) {
            throw new ProbeException(
                target
                    + " is not speaking TLS: it answered the TLS hello with something else"
                    + " (plain HTTP?); check the port, and that the server has TLS on",
                e);
          }
          if (recorder.chain.get() == null) {
            throw new ProbeException("handshake failed: " + oneLine(e), e);
          }
          // the chain was seen; a later failure (e.g. client auth required) does not hide it
        } catch (IOException e) {
          throw new ProbeException("handshake failed: " + oneLine(e), e);
        }
        X509Certificate[] chain = recorder.chain.get();
        if (chain == null) {
          throw new ProbeException("handshake failed: the server presented no certificate", null);
        }
        return new ProbeResult(
            host,
            port,
            serverName == null ? "" : serverName,
            List.of(chain),
            tls.getSession().getProtocol(),
            tls.getSession().getCipherSuite());
      } catch (IOException e) {
        throw new ProbeException("handshake failed: " + oneLine(e), e);
      }
    } finally {
      try {
        plain.close();
      } catch (IOException ignored) {
        // closing a failed probe socket has nothing left to report
      }
    }
  }

  /** {@code host:port}, IPv6 literals bracketed. */
  static String target(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** SNI carries DNS names only, never IP literals (RFC 6066). */
  static boolean isDnsName(String name) {
    if (name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return false;
    }
    try {
      new SNIHostName(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String words(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /**
   * Whether the JDK refused the answer to its hello as not a TLS record at all: what a plain HTTP
   * server's {@code HTTP/1.1 400 Bad Request} reads as.
   */
  static boolean notTls(SSLException e) {
    return String.valueOf(e.getMessage()).contains(UNRECOGNIZED_RECORD);
  }

  /** The JDK's words for bytes that are no TLS record (SSLSocketInputRecord). */
  private static final String UNRECOGNIZED_RECORD = "Unsupported or unrecognized SSL message";

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Accepts any server chain and remembers it. */
  private static final class Recorder extends X509ExtendedTrustManager {
    final AtomicReference<X509Certificate[]> chain = new AtomicReference<>();

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType) {
      chain.set(c.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType, Socket socket) {
      chain.set(c.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
      chain.set(c.clone());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
