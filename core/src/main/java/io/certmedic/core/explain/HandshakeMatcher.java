package io.certmedic.core.explain;

/**
 * A handshake that failed before any certificate was judged: no protocol version, cipher suite or
 * extension both sides accept, or plain text on one side. Tried last, after every certificate
 * wording, in the words of Go, OpenSSL (and curl, Python, Node.js, Envoy on it), the JDK, rustls
 * and .NET.
 */
final class HandshakeMatcher implements LineMatcher {

  /** {phrase, stack} of a protocol or handshake failure, most specific first. */
  private static final String[][] PHRASES = {
    {"server selected unsupported protocol version", "GO"},
    {"tls: protocol version not supported", "GO"},
    {"tls: no supported versions satisfy", "GO"},
    {"tls: no cipher suite supported by both", "GO"},
    {"tls: client offered only unsupported versions", "GO"},
    {"tls: client requested unsupported application protocols", "GO"},
    {"tls: insufficient security level", "GO"},
    {"tls: handshake failure", "GO"},
    {"Received fatal alert: handshake_failure", "JDK"},
    {"Received fatal alert: protocol_version", "JDK"},
    {"Received fatal alert: insufficient_security", "JDK"},
    {"No appropriate protocol (protocol is disabled or cipher suites are inappropriate)", "JDK"},
    {"not accepted by client preferences", "JDK"},
    {"no cipher suites in common", "JDK"},
    {"Unsupported or unrecognized SSL message", "JDK"},
    {"PeerIncompatible", "RUSTLS"},
    {"AlertReceived(HandshakeFailure)", "RUSTLS"},
    {"AlertReceived(ProtocolVersion)", "RUSTLS"},
    {"received fatal alert: HandshakeFailure", "RUSTLS"},
    {"received fatal alert: ProtocolVersion", "RUSTLS"},
    {"do not possess a common algorithm", "DOTNET"},
    {"sent a TLS alert: 'HandshakeFailure'", "DOTNET"},
    {"sent a TLS alert: 'ProtocolVersion'", "DOTNET"},
    {"SEC_E_ALGORITHM_MISMATCH", "CURL"},
    {"alert protocol version", null},
    {"alert handshake failure", null},
    {"wrong version number", null},
    {"WRONG_VERSION_NUMBER", null},
    {"unsupported protocol", null},
    {"UNSUPPORTED_PROTOCOL", null},
    {"no protocols available", null},
    {"NO_PROTOCOLS_AVAILABLE", null},
    {"no shared cipher", null},
    {"NO_SHARED_CIPHER", null},
    {"ALERT_HANDSHAKE_FAILURE", null},
    {"ALERT_PROTOCOL_VERSION", null},
    {"dh key too small", null},
    {"unsafe legacy renegotiation disabled", null},
    {"inappropriate fallback", null}
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    for (String[] p : PHRASES) {
      if (line.contains(p[0])) {
        b.family(Family.HANDSHAKE_FAILURE)
            .stack(p[1] != null ? Stack.valueOf(p[1]) : OpenSslMatcher.stack(line))
            .reason(p[0]);
        return true;
      }
    }
    return false;
  }
}
