package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Proxies on BoringSSL or OpenSSL: Envoy and Istio's sidecars ({@code upstream connect error or
 * disconnect/reset before headers ... TLS error: 268435581:SSL routines:OPENSSL_internal:
 * CERTIFICATE_VERIFY_FAILED}, upper-case alert names) and nginx ({@code upstream SSL certificate
 * does not match "X" while SSL handshaking to upstream}). nginx's {@code upstream SSL certificate
 * verify error: (10:certificate has expired)} carries OpenSSL's words and is {@link
 * OpenSslMatcher}'s, with the stack told by {@link OpenSslMatcher#stack(String)}.
 */
final class ProxyMatcher implements LineMatcher {

  /** Read right after {@code upstream SSL certificate does not match "} ({@link Near}). */
  private static final Pattern NGINX_NAME = Near.tail("([^\"]+)\"");

  /** BoringSSL's alert names (Envoy prints them upper-case with no text). */
  private static final String[][] ALERTS = {
    {"SSLV3_ALERT_BAD_CERTIFICATE", "bad certificate"},
    {"TLSV1_ALERT_UNKNOWN_CA", "unknown ca"},
    {"SSLV3_ALERT_CERTIFICATE_EXPIRED", "certificate expired"},
    {"SSLV3_ALERT_CERTIFICATE_UNKNOWN", "certificate unknown"},
    {"SSLV3_ALERT_UNSUPPORTED_CERTIFICATE", "unsupported certificate"},
    {"TLSV1_ALERT_CERTIFICATE_REQUIRED", "certificate required"}
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    Matcher m = Near.after(line, "upstream SSL certificate does not match \"", NGINX_NAME);
    if (m != null) {
      b.stack(Stack.NGINX).family(Family.HOSTNAME_MISMATCH).wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    for (String[] a : ALERTS) {
      if (line.contains(a[0])) {
        b.stack(OpenSslMatcher.stack(line)).family(Family.REMOTE_REJECTED).alert(a[1]);
        return true;
      }
    }
    if (line.contains("CERTIFICATE_VERIFY_FAILED") && line.contains("OPENSSL_internal")) {
      // Envoy names no reason: the sidecar's own log (or istioctl proxy-config secret) has it.
      b.stack(Stack.ENVOY).family(Family.UNKNOWN);
      return true;
    }
    return false;
  }
}
