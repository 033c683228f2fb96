package io.certmedic.core.explain;

/** Node.js's tls module: error codes such as {@code CERT_HAS_EXPIRED} and its altname messages. */
final class NodeMatcher implements LineMatcher {

  private static final String HOST = "Host: ";
  private static final String NOT_IN_ALTNAMES = " is not in the cert's altnames: ";
  private static final String IP = "IP: ";
  private static final String NOT_IN_LIST = " is not in the cert's list:";

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    if (line.contains("ERR_TLS_CERT_ALTNAME_INVALID")
        || line.contains("does not match certificate's altnames")
        || line.contains("doesn't match certificate's altnames")) {
      b.stack(Stack.NODE).family(Family.HOSTNAME_MISMATCH);
      String[] hostAndList = hostAndList(line.toString());
      if (hostAndList != null) {
        b.wanted(Fields.cleanName(hostAndList[0])).validFor(Fields.names(hostAndList[1]));
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

  /**
   * The name asked for and the list of altnames in {@code Host: NAME[.] is not in the cert's
   * altnames: LIST} or {@code IP: ADDRESS is not in the cert's list: LIST}, the list ending at a
   * quote, a parenthesis or the line's end; null if neither is there. Plain string search: a
   * pattern with two lazy groups cost a millisecond per 4 KiB of repeated {@code Host: }.
   */
  static String[] hostAndList(String line) {
    int h = line.indexOf(HOST);
    int k = h < 0 ? -1 : line.indexOf(NOT_IN_ALTNAMES, h + HOST.length() + 1);
    if (k >= 0 && k + NOT_IN_ALTNAMES.length() < line.length()) {
      String host = line.substring(h + HOST.length(), k);
      if (host.length() > 1 && host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      int from = k + NOT_IN_ALTNAMES.length();
      return new String[] {host, line.substring(from, listEnd(line, from + 1))};
    }
    k = line.indexOf(NOT_IN_LIST);
    int i = k < 0 ? -1 : line.lastIndexOf(IP, k - 1);
    if (i < 0 || i + IP.length() >= k) {
      return null;
    }
    String ip = line.substring(i + IP.length(), k);
    if (ip.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    int from = k + NOT_IN_LIST.length();
    if (from < line.length() && line.charAt(from) == ' ') {
      from++;
    }
    return new String[] {ip, line.substring(from, listEnd(line, from))};
  }

  /** Where a list starting at {@code from} ends: the first quote or {@code )}, or the line end. */
  private static int listEnd(String line, int from) {
    for (int i = Math.min(from, line.length()); i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'' || c == ')') {
        return i;
      }
    }
    return line.length();
  }
}
