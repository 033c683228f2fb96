package io.certmedic.core.explain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Node.js's tls module: error codes such as {@code CERT_HAS_EXPIRED} and its altname messages. */
final class NodeMatcher implements LineMatcher {

  private static final Pattern HOST =
      Pattern.compile("Host: (.+?)\\.? is not in the cert's altnames: (.+?)(?:\"|'|\\)|$)");
  private static final Pattern IP =
      Pattern.compile("IP: (\\S+) is not in the cert's list: ?(.*?)(?:\"|'|\\)|$)");

  @Override
  public boolean match(String line, ErrorFacts.Builder b) {
    if (line.contains("ERR_TLS_CERT_ALTNAME_INVALID")
        || line.contains("does not match certificate's altnames")
        || line.contains("doesn't match certificate's altnames")) {
      b.stack(Stack.NODE).family(Family.HOSTNAME_MISMATCH);
      Matcher m = HOST.matcher(line);
      if (m.find() || (m = IP.matcher(line)).find()) {
        b.wanted(Fields.cleanName(m.group(1))).validFor(Fields.names(m.group(2)));
      }
      return true;
    }
    if (line.contains("CERT_HAS_EXPIRED")) {
      b.stack(Stack.NODE).family(Family.EXPIRED);
      return true;
    }
    if (line.contains("CERT_NOT_YET_VALID")) {
      b.stack(Stack.NODE).family(Family.NOT_YET_VALID);
      return true;
    }
    for (String code :
        new String[] {
          "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
          "UNABLE_TO_GET_ISSUER_CERT",
          "SELF_SIGNED_CERT_IN_CHAIN",
          "DEPTH_ZERO_SELF_SIGNED_CERT",
          "CERT_SIGNATURE_FAILURE"
        }) {
      if (line.contains(code)) {
        b.stack(Stack.NODE).family(Family.UNKNOWN_AUTHORITY).reason(code);
        return true;
      }
    }
    return false;
  }
}
