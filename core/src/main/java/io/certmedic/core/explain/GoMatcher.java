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

  /** Read right after "not valid for any names" ({@link Near}). */
  private static final Pattern NO_NAMES = Near.tail(", but wanted to match ([^\\s\"'`)(,]+)");

  /** Read right after "cannot validate certificate for " ({@link Near}). */
  private static final Pattern NO_IP_SANS =
      Near.tail("(\\S+?) because it doesn't contain any IP SANs");

  /** The reason of Go's name mismatch on a certificate that carries no DNS name at all. */
  static final String NO_DNS_NAMES = "the certificate carries no DNS name (SAN) at all";

  /** The reason of Go's mismatch for an IP dialled against a certificate without IP SANs. */
  static final String NO_IP_SAN = "the certificate carries no IP address SAN";

  /** The API server's warning about a webhook's or aggregated API's certificate. */
  private static final String INVALID_CERT = ".invalid-cert.kubernetes.io";

  private static final Pattern WARNING_HOST =
      Near.tail(": invalid certificate detected connecting to \"([^\"]+)\"");

  /** Go's other chain-building errors: {phrase, reason}. */
  private static final String[][] CHAIN_ERRORS = {
    {
      "issuer name does not match subject from issuing certificate", "the chain's names do not link"
    },
    {"parent certificate cannot sign this kind of certificate", "an issuer may not sign this"},
    {"not authorized to sign for this name", "an issuer's name constraints exclude the name"},
    {"issuer has name constraints but leaf", "an issuer's name constraints exclude the name"},
    {
      "x509: unhandled critical extension",
      "a certificate has a critical extension Go does not know"
    }
  };

  /** Read right after "current time " ({@link Near}). */
  private static final Pattern TIMES =
      Near.tail("(\\S+?) is (after|before) ([0-9][0-9T:.+Z-]*[0-9Z])");

  /** Read right after "possibly because of \"" ({@link Near}). */
  private static final Pattern CANDIDATE =
      Near.tail("(.+?)\" while trying to verify candidate authority certificate \"([^\"]*)\"");

  /** Read right after "candidate authority certificate \"" ({@link Near}). */
  private static final Pattern CANDIDATE_ONLY = Near.tail("([^\"]*)\"");

  /** Read right after "remote error: tls: " ({@link Near}). */
  private static final Pattern REMOTE = Near.tail("([a-z ]+[a-z])");

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    if (line.contains("signed by unknown authorit") || line.contains("signed by unkown authorit")) {
      b.stack(Stack.GO);
      Matcher m = Near.after(line, "possibly because of \"", CANDIDATE);
      if (m != null) {
        b.reason(m.group(1)).authority(m.group(2));
      } else if ((m = Near.after(line, "candidate authority certificate \"", CANDIDATE_ONLY))
          != null) {
        b.authority(m.group(1));
      }
      boolean weak = b.reason != null && b.reason.contains("insecure algorithm");
      b.family(weak ? Family.WEAK_SIGNATURE : Family.UNKNOWN_AUTHORITY);
      return true;
    }
    if (line.contains("certificate has expired or is not yet valid")) {
      b.stack(Stack.GO).family(Family.EXPIRED);
      Matcher m = Near.after(line, "current time ", TIMES);
      if (m != null) {
        b.currentTime(m.group(1));
        if (m.group(2).equals("after")) {
          b.notAfter(m.group(3));
        } else {
          b.family(Family.NOT_YET_VALID).notBefore(m.group(3));
        }
      }
      return true;
    }
    String[] validFor = line.mayContain(VALID_FOR) ? validFor(line.toString()) : null;
    if (validFor != null) {
      b.stack(Stack.GO)
          .family(Family.HOSTNAME_MISMATCH)
          .validFor(Fields.names(validFor[0]))
          .wanted(Fields.cleanName(validFor[1]));
      return true;
    }
    Matcher m;
    if (line.contains("not valid for any names")
        && (m = Near.after(line, "not valid for any names", NO_NAMES)) != null) {
      // Go says this when the certificate carries no DNS name at all and its CN, if any, is not the
      // name wanted: a name mismatch on a certificate without SANs (the legacy-CN text is another).
      b.stack(Stack.GO)
          .family(Family.HOSTNAME_MISMATCH)
          .reason(NO_DNS_NAMES)
          .wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    if (line.contains("relies on legacy Common Name field")) {
      b.stack(Stack.GO).family(Family.LEGACY_CN);
      return true;
    }
    if (line.contains("IP SANs")
        && (m = Near.after(line, "cannot validate certificate for ", NO_IP_SANS)) != null) {
      b.stack(Stack.GO)
          .family(Family.HOSTNAME_MISMATCH)
          .reason(NO_IP_SAN)
          .wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    if (line.contains(INVALID_CERT) && apiServerWarning(line.toString(), b)) {
      return true;
    }
    if (line.contains("not authorized for an extended key usage")) {
      b.stack(Stack.GO)
          .family(Family.KEY_USAGE)
          .reason("an issuer's extended key usage forbids it");
      return true;
    }
    for (String[] chain : CHAIN_ERRORS) {
      if (line.contains(chain[0])) {
        b.stack(Stack.GO).family(Family.UNKNOWN_AUTHORITY).reason(chain[1]);
        return true;
      }
    }
    if (line.contains("the certificate is not valid yet")) {
      // A loader's words (e.g. "failure loading ca certificate: ..."): no stack can be told.
      b.family(Family.NOT_YET_VALID);
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
    if ((m = Near.after(line, "remote error: tls: ", REMOTE)) != null) {
      String alert = m.group(1);
      if (alert.contains("certificate") || alert.contains("authority")) {
        b.stack(Stack.GO).family(Family.REMOTE_REJECTED).alert(alert);
        return true;
      }
    }
    return false;
  }

  /**
   * The API server's {@code missing-san.invalid-cert.kubernetes.io: invalid certificate detected
   * connecting to "HOST": REASON} (and {@code insecure-sha1...}): the host it dialled and why Go
   * will refuse (or now refuses) the certificate.
   */
  private static boolean apiServerWarning(String line, ErrorFacts.Builder b) {
    Family family;
    if (line.contains("missing-san" + INVALID_CERT)) {
      family = Family.LEGACY_CN;
    } else if (line.contains("insecure-sha1" + INVALID_CERT)) {
      family = Family.WEAK_SIGNATURE;
    } else {
      return false;
    }
    b.stack(Stack.GO).family(family).caller("kube-apiserver");
    Matcher m = Near.after(line, INVALID_CERT, WARNING_HOST);
    if (m != null) {
      b.host(Fields.cleanName(m.group(1)));
      if (family == Family.LEGACY_CN) {
        b.wanted(b.host);
      }
    }
    return true;
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
