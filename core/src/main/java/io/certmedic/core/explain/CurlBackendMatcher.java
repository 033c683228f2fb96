package io.certmedic.core.explain;

/**
 * curl (and libcurl in PHP, R, git) built on a TLS library other than OpenSSL: NSS ({@code Unable
 * to communicate securely with peer: requested domain name does not match the server's
 * certificate}), GnuTLS ({@code server certificate verification failed. CAfile: ...}), Windows
 * Schannel ({@code SEC_E_UNTRUSTED_ROOT}) and macOS Secure Transport ({@code Invalid certificate
 * chain}). The OpenSSL back end's words are {@link OpenSslMatcher}'s.
 */
final class CurlBackendMatcher implements LineMatcher {

  /** {phrase, family, reason (nullable)}, in the order tried. */
  private static final String[][] PHRASES = {
    {"requested domain name does not match the server's certificate", "HOSTNAME_MISMATCH", null},
    {"SSL_ERROR_BAD_CERT_DOMAIN", "HOSTNAME_MISMATCH", null},
    {"SEC_E_WRONG_PRINCIPAL", "HOSTNAME_MISMATCH", null},
    {"The target principal name is incorrect", "HOSTNAME_MISMATCH", null},
    {"SEC_ERROR_EXPIRED_CERTIFICATE", "EXPIRED", null},
    {"SEC_E_CERT_EXPIRED", "EXPIRED", null},
    {"CERT_TRUST_IS_NOT_TIME_VALID", "EXPIRED", null},
    {"The certificate chain uses expired certificate", "EXPIRED", null},
    {"SEC_ERROR_UNKNOWN_ISSUER", "UNKNOWN_AUTHORITY", "SEC_ERROR_UNKNOWN_ISSUER"},
    {"SEC_ERROR_UNTRUSTED_ISSUER", "UNKNOWN_AUTHORITY", "SEC_ERROR_UNTRUSTED_ISSUER"},
    {"SEC_E_UNTRUSTED_ROOT", "UNKNOWN_AUTHORITY", "SEC_E_UNTRUSTED_ROOT"},
    {"CERT_TRUST_IS_UNTRUSTED_ROOT", "UNKNOWN_AUTHORITY", "CERT_TRUST_IS_UNTRUSTED_ROOT"},
    {"CERT_TRUST_IS_PARTIAL_CHAIN", "UNKNOWN_AUTHORITY", "CERT_TRUST_IS_PARTIAL_CHAIN"},
    {
      "certificate chain was issued by an authority that is not trusted",
      "UNKNOWN_AUTHORITY",
      "the chain was issued by an authority that is not trusted"
    },
    {"The certificate issuer is unknown", "UNKNOWN_AUTHORITY", "the issuer is unknown"},
    {
      "SSL certificate problem: Invalid certificate chain",
      "UNKNOWN_AUTHORITY",
      "Secure Transport says 'Invalid certificate chain' for an untrusted, incomplete or expired chain"
    },
    {
      "server certificate verification failed. CAfile:",
      "UNKNOWN",
      "GnuTLS names no reason: an unknown CA, an expired certificate or a name mismatch"
    }
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    for (String[] p : PHRASES) {
      if (line.contains(p[0])) {
        Stack stack =
            p[0].startsWith("certificate chain was issued") && !line.contains("schannel")
                ? Stack.DOTNET
                : Stack.CURL;
        b.stack(stack).family(Family.valueOf(p[1]));
        if (p[2] != null) {
          b.reason(p[2]);
        }
        return true;
      }
    }
    return false;
  }
}
