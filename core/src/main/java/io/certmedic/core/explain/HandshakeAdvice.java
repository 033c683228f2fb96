package io.certmedic.core.explain;

import static io.certmedic.core.explain.Advice.always;
import static io.certmedic.core.explain.Advice.root;
import static io.certmedic.core.explain.Advice.when;

import io.certmedic.core.finding.FindingCode;
import java.util.List;
import java.util.Locale;

/**
 * Advice when the handshake failed before a certificate was judged: no common protocol version or
 * cipher, or plain text on one side. No doctor code sees a protocol; a probe shows it.
 */
final class HandshakeAdvice {

  private HandshakeAdvice() {}

  static final Advice HANDSHAKE_FAILURE =
      new Advice(
          Family.HANDSHAKE_FAILURE,
          s ->
              s.what()
                  + ": the TLS handshake failed before any certificate was judged"
                  + (s.f.reason() != null ? " (" + s.f.reason() + ")" : "")
                  + "; the two sides share no protocol version, cipher suite or handshake, or one of them does not speak TLS on this port.",
          List.of(
              when(
                  "one side does not speak TLS on this port",
                  HandshakeAdvice::plainText,
                  List.of(
                      root(
                          "TLS sent to a plain-text port",
                          "The client speaks TLS to a port that serves plain HTTP (a wrong port, an http:// endpoint, a Service targetPort on the metrics or health port).",
                          FindingCode.SERVICE_PORT_NOT_FOUND),
                      root(
                          "a proxy in between answers in plain text",
                          "A proxy or load balancer in between terminates or answers in plain text (an HTTP CONNECT proxy, an error page).",
                          FindingCode.PROBE_FAILED)),
                  s ->
                      "Check the scheme and port the client dials against what the server listens on (kubectl get svc -o yaml: port and targetPort), and probe it (openssl s_client -connect HOST:PORT)."),
              when(
                  "no protocol version both sides accept",
                  HandshakeAdvice::version,
                  List.of(
                      root(
                          "one side allows only old TLS versions",
                          "One side allows only TLS 1.0/1.1 (an old server or appliance) while the other requires TLS 1.2 or later.",
                          FindingCode.PROBE_FAILED),
                      root(
                          "a client pinned to a lower maximum version",
                          "A client is pinned to a maximum version the server no longer allows (a TLS 1.3-only server, a client capped at TLS 1.2).",
                          FindingCode.PROBE_FAILED)),
                  s ->
                      "Align the versions: upgrade the old side or widen its allowed range (server minimum version, client maximum version); see which versions the server accepts with openssl s_client -tls1_2 / -tls1_3."),
              when(
                  "no cipher suite or algorithm both sides accept",
                  always(),
                  List.of(
                      root(
                          "no cipher suite in common",
                          "The two sides share no cipher suite or signature algorithm (an old server, a FIPS or hardened profile, an RSA-only or ECDSA-only certificate the other side cannot use).",
                          FindingCode.PROBE_FAILED),
                      root(
                          "the server requires a client certificate",
                          "The server requires a client certificate the client did not send (mutual TLS), or a middlebox broke the handshake.",
                          FindingCode.PROBE_FAILED)),
                  s ->
                      "Compare the cipher suites and signature algorithms both sides allow (openssl s_client -connect HOST:PORT -cipher ... ; the server's TLS settings) and enable one they share; for mutual TLS give the client its certificate.")));

  private static String reason(Situation s) {
    return s.f.reason() == null ? "" : s.f.reason().toLowerCase(Locale.ROOT);
  }

  private static boolean plainText(Situation s) {
    String r = reason(s);
    return r.contains("wrong version number") || r.contains("unsupported or unrecognized ssl");
  }

  private static boolean version(Situation s) {
    String r = reason(s);
    return r.contains("version")
        || r.contains("protocol")
        || r.contains("peerincompatible")
        || r.contains("inappropriate fallback");
  }
}
