package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** OpenSSL's verify errors as OpenSSL itself, curl and Python's ssl module print them. */
final class OpenSslMatcher implements LineMatcher {

  private static final Pattern PY_HOST =
      Pattern.compile("(?:Hostname|IP address) mismatch, certificate is not valid for '([^']+)'");

  /** Python's old {@code hostname 'WANTED' doesn't match (either of )?NAMES}, by plain search. */
  private static final String PY_OLD = "hostname '";

  private static final String PY_OLD_MIDDLE = "' doesn't match ";
  private static final Pattern CURL_NO_ALT =
      Pattern.compile("no alternative certificate subject name matches target host name '([^']+)'");
  private static final Pattern CURL_SUBJECT =
      Pattern.compile(
          "certificate subject name '([^']+)' does not match target host name '([^']+)'");
  private static final Pattern ALERT =
      Pattern.compile(
          "(?:sslv3|tlsv1|tlsv13|tls) alert (bad certificate|unknown ca|certificate expired|certificate unknown|certificate revoked|unsupported certificate)");
  private static final String[] UNTRUSTED = {
    "unable to get local issuer certificate",
    "unable to get issuer certificate",
    "self signed certificate in certificate chain",
    "self-signed certificate in certificate chain",
    "self signed certificate",
    "self-signed certificate",
    "unable to verify the first certificate",
    "certificate signature failure",
    "Peer's Certificate issuer is not recognized",
    "Peer's certificate issuer has been marked as not trusted",
    "invalid CA certificate",
    "path length constraint exceeded",
    "certificate not trusted",
    "certificate rejected"
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    Stack stack = stack(line);
    Matcher m = PY_HOST.matcher(line.toString());
    if (line.contains("mismatch, certificate is not valid for") && m.find()) {
      b.stack(stack).family(Family.HOSTNAME_MISMATCH).wanted(m.group(1));
      return true;
    }
    boolean curlName = line.contains("target host name");
    if (curlName && (m = CURL_SUBJECT.matcher(line.toString())).find()) {
      b.stack(stack)
          .family(Family.HOSTNAME_MISMATCH)
          .validFor(java.util.List.of(m.group(1)))
          .wanted(m.group(2));
      return true;
    }
    if (curlName && (m = CURL_NO_ALT.matcher(line.toString())).find()) {
      b.stack(stack).family(Family.HOSTNAME_MISMATCH).wanted(m.group(1));
      return true;
    }
    String[] pyOld = line.mayContain(PY_OLD) ? pyOld(line.toString()) : null;
    if (pyOld != null) {
      b.stack(Stack.PYTHON)
          .family(Family.HOSTNAME_MISMATCH)
          .wanted(pyOld[0])
          .validFor(Fields.names(pyOld[1]));
      return true;
    }
    if (line.contains("hostname mismatch") || line.contains("IP address mismatch")) {
      b.stack(stack).family(Family.HOSTNAME_MISMATCH);
      return true;
    }
    if (line.contains("certificate has expired")
        || line.contains("Peer's Certificate has expired")) {
      b.stack(stack).family(Family.EXPIRED);
      return true;
    }
    if (line.contains("certificate is not yet valid")) {
      b.stack(stack).family(Family.NOT_YET_VALID);
      return true;
    }
    if (line.contains("unsupported certificate purpose")
        || line.contains("unsuitable certificate purpose")) {
      b.stack(stack).family(Family.KEY_USAGE);
      return true;
    }
    if (line.contains("md too weak")
        || line.contains("digest algorithm too weak")
        || line.contains("key too small")
        || line.contains("key too weak")) {
      b.stack(stack).family(Family.WEAK_SIGNATURE);
      return true;
    }
    if (line.contains(" alert ") && (m = ALERT.matcher(line.toString())).find()) {
      b.stack(stack).family(Family.REMOTE_REJECTED).alert(m.group(1));
      return true;
    }
    for (String phrase : UNTRUSTED) {
      if (line.contains(phrase)) {
        b.stack(stack).family(Family.UNKNOWN_AUTHORITY).reason(phrase);
        return true;
      }
    }
    return false;
  }

  /**
   * The stack whose output carries OpenSSL's words: curl, Python, Node.js, nginx, Envoy or OpenSSL.
   */
  static Stack stack(Text line) {
    if (line.contains("SSL handshaking to ")
        || line.contains("upstream SSL certificate")
        || line.contains("nginx")) {
      return Stack.NGINX;
    }
    if (line.contains("OPENSSL_internal") || line.contains("upstream connect error")) {
      return Stack.ENVOY;
    }
    if (line.contains("_tls_wrap")
        || line.contains("TLSSocket")
        || line.contains("EPROTO")
        || line.contains("ERR_SSL_")
        || line.contains("ERR_TLS_")
        || (line.startsWith("Error: ") && line.contains(" code: "))) {
      return Stack.NODE;
    }
    if (line.contains("curl")
        || line.contains("SSL certificate problem")
        || line.contains("Peer's Certificate")
        || line.contains("no alternative certificate subject name")
        || line.contains("SSL: certificate subject name")) {
      return Stack.CURL;
    }
    if (line.contains("_ssl.c")
        || line.contains("SSLCertVerificationError")
        || line.contains("SSLError")
        || line.contains("CERTIFICATE_VERIFY_FAILED")
        || line.contains("urllib3")
        || line.contains("[SSL: ")) {
      return Stack.PYTHON;
    }
    return Stack.OPENSSL;
  }

  /** {wanted, names} of Python's old hostname message, or null. */
  static String[] pyOld(String line) {
    for (int i = line.indexOf(PY_OLD); i >= 0; i = line.indexOf(PY_OLD, i + 1)) {
      int from = i + PY_OLD.length();
      int q = line.indexOf('\'', from);
      if (q < 0) {
        return null;
      }
      if (q == from || !line.startsWith(PY_OLD_MIDDLE, q)) {
        continue;
      }
      int names = q + PY_OLD_MIDDLE.length();
      if (line.startsWith("either of ", names) && names + 10 < line.length()) {
        names += 10;
      }
      if (names >= line.length()) {
        continue;
      }
      int end = names + 1;
      while (end < line.length() && line.charAt(end) != ')' && line.charAt(end) != '"') {
        end++;
      }
      return new String[] {line.substring(from, q), line.substring(names, end)};
    }
    return null;
  }
}
