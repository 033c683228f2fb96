package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** Go's crypto/x509 and crypto/tls: the API server, kubelet, kubectl, operators and controllers. */
final class GoMatcher implements LineMatcher {

  /**
   * Go's {@code certificate is valid for NAMES, not WANTED}, found by plain search: what the
   * pattern {@code certificate is valid for (.+?),? not ([^\\s"'`)(,]+)} finds, in one pass.
   */
  private static final String VALID_FOR = "certificate is valid for ";

  private static final String NOT = " not ";
  private static final String NAME_STOP = "\"'`)(,";
  private static final Pattern NO_NAMES =
      Pattern.compile(
          "certificate is not valid for any names, but wanted to match ([^\\s\"'`)(,]+)");
  private static final Pattern NO_IP_SANS =
      Pattern.compile(
          "cannot validate certificate for (\\S+?) because it doesn't contain any IP SANs");
  private static final Pattern TIMES =
      Pattern.compile("current time (\\S+?) is (after|before) ([0-9][0-9T:.+Z-]*[0-9Z])");
  private static final Pattern CANDIDATE =
      Pattern.compile(
          "possibly because of \"(.+?)\" while trying to verify candidate authority certificate \"([^\"]*)\"");
  private static final Pattern CANDIDATE_ONLY =
      Pattern.compile("candidate authority certificate \"([^\"]*)\"");
  private static final Pattern REMOTE = Pattern.compile("remote error: tls: ([a-z ]+[a-z])");

  @Override
  public boolean match(String line, ErrorFacts.Builder b) {
    if (line.contains("signed by unknown authorit") || line.contains("signed by unkown authorit")) {
      b.stack(Stack.GO);
      Matcher m = CANDIDATE.matcher(line);
      if (m.find()) {
        b.reason(m.group(1)).authority(m.group(2));
      } else if ((m = CANDIDATE_ONLY.matcher(line)).find()) {
        b.authority(m.group(1));
      }
      boolean weak = b.reason != null && b.reason.contains("insecure algorithm");
      b.family(weak ? Family.WEAK_SIGNATURE : Family.UNKNOWN_AUTHORITY);
      return true;
    }
    if (line.contains("certificate has expired or is not yet valid")) {
      b.stack(Stack.GO).family(Family.EXPIRED);
      Matcher m = TIMES.matcher(line);
      if (line.contains("current time") && m.find()) {
        b.currentTime(m.group(1));
        if (m.group(2).equals("after")) {
          b.notAfter(m.group(3));
        } else {
          b.family(Family.NOT_YET_VALID).notBefore(m.group(3));
        }
      }
      return true;
    }
    String[] validFor = validFor(line);
    if (validFor != null) {
      b.stack(Stack.GO)
          .family(Family.HOSTNAME_MISMATCH)
          .validFor(Fields.names(validFor[0]))
          .wanted(Fields.cleanName(validFor[1]));
      return true;
    }
    Matcher m;
    if (line.contains("not valid for any names") && (m = NO_NAMES.matcher(line)).find()) {
      // Go says this when the certificate carries no SAN it could use: its names live in the CN at
      // best.
      b.stack(Stack.GO).family(Family.LEGACY_CN).wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    if (line.contains("relies on legacy Common Name field")) {
      b.stack(Stack.GO).family(Family.LEGACY_CN);
      return true;
    }
    if (line.contains("IP SANs") && (m = NO_IP_SANS.matcher(line)).find()) {
      b.stack(Stack.GO).family(Family.HOSTNAME_MISMATCH).wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    if (line.contains("incompatible key usage")) {
      b.stack(Stack.GO).family(Family.KEY_USAGE);
      return true;
    }
    if (line.contains("insecure algorithm")) {
      b.stack(Stack.GO).family(Family.WEAK_SIGNATURE);
      return true;
    }
    if (line.contains("not authorized to sign other certificates")) {
      b.stack(Stack.GO)
          .family(Family.UNKNOWN_AUTHORITY)
          .reason("an issuer in the chain is not a CA");
      return true;
    }
    if (line.contains("remote error: tls: ") && (m = REMOTE.matcher(line)).find()) {
      String alert = m.group(1);
      if (alert.contains("certificate") || alert.contains("authority")) {
        b.stack(Stack.GO).family(Family.REMOTE_REJECTED).alert(alert);
        return true;
      }
    }
    return false;
  }

  /**
   * {names, wanted} of Go's hostname mismatch, or null: the shortest names a wanted name follows.
   */
  static String[] validFor(String line) {
    int from = line.indexOf(VALID_FOR);
    if (from < 0) {
      return null;
    }
    from += VALID_FOR.length();
    for (int j = line.indexOf(NOT, from + 1); j >= 0; j = line.indexOf(NOT, j + 1)) {
      int w = j + NOT.length();
      int end = w;
      while (end < line.length()
          && !Character.isWhitespace(line.charAt(end))
          && NAME_STOP.indexOf(line.charAt(end)) < 0) {
        end++;
      }
      if (end == w) {
        continue;
      }
      int namesEnd = line.charAt(j - 1) == ',' && j - 1 > from ? j - 1 : j;
      return new String[] {line.substring(from, namesEnd), line.substring(w, end)};
    }
    return null;
  }
}
