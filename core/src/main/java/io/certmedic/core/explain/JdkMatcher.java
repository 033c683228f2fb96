package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * The JDK's JSSE and PKIX (and the OkHttp and Apache HttpClient hostname verifiers Java clients
 * use).
 */
final class JdkMatcher implements LineMatcher {

  private static final String JAVA_DATE =
      "([A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2} [A-Za-z+0-9:]+ \\d{4})";
  private static final Pattern NOT_AFTER =
      Pattern.compile("CertificateExpiredException: NotAfter: " + JAVA_DATE);
  private static final Pattern NOT_BEFORE =
      Pattern.compile("CertificateNotYetValidException: NotBefore: " + JAVA_DATE);
  private static final Pattern NO_DNS =
      Pattern.compile("No subject alternative DNS name matching (\\S+) found");
  private static final Pattern NO_IP =
      Pattern.compile("No subject alternative names matching IP address (\\S+) found");
  private static final Pattern NO_NAME = Pattern.compile("No name matching (\\S+) found");
  private static final Pattern OKHTTP = Pattern.compile("Hostname (\\S+) not verified");
  private static final Pattern OKHTTP_SANS = Pattern.compile("subjectAltNames: \\[([^\\]]*)\\]");

  /** Apache HttpClient's {@code Certificate for <WANTED> doesn't match ...}, by plain search. */
  private static final String APACHE = "Certificate for <";

  private static final String APACHE_SANS =
      "> doesn't match any of the subject alternative names: [";
  private static final String APACHE_CN =
      "> doesn't match common name of the certificate subject: ";
  private static final Pattern ALGORITHM =
      Pattern.compile("Algorithm constraints check failed on (?:signature )?algorithm: (\\S+)");
  private static final Pattern ALERT =
      Pattern.compile(
          "Received fatal alert: (bad_certificate|certificate_unknown|unknown_ca|certificate_expired|certificate_revoked|unsupported_certificate)");

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    if (!mayMatch(line)) {
      return false;
    }
    Matcher m = NOT_AFTER.matcher(line.toString());
    if (line.contains("NotAfter") && m.find()) {
      b.stack(Stack.JDK).family(Family.EXPIRED).notAfter(m.group(1));
      return true;
    }
    if (line.contains("NotBefore") && (m = NOT_BEFORE.matcher(line.toString())).find()) {
      b.stack(Stack.JDK).family(Family.NOT_YET_VALID).notBefore(m.group(1));
      return true;
    }
    if (line.contains("CertificateExpiredException") || line.contains("validity check failed")) {
      b.stack(Stack.JDK).family(Family.EXPIRED).reason("validity check failed");
      return true;
    }
    if (line.contains("CertificateNotYetValidException")) {
      b.stack(Stack.JDK).family(Family.NOT_YET_VALID);
      return true;
    }
    if ((line.contains("No subject alternative") || line.contains("No name matching"))
        && ((m = NO_DNS.matcher(line.toString())).find()
            || (m = NO_IP.matcher(line.toString())).find()
            || (m = NO_NAME.matcher(line.toString())).find())) {
      b.stack(Stack.JDK).family(Family.HOSTNAME_MISMATCH).wanted(Fields.cleanName(m.group(1)));
      return true;
    }
    if (line.contains("No subject alternative names present")) {
      b.stack(Stack.JDK).family(Family.LEGACY_CN);
      return true;
    }
    boolean apacheWords = line.mayContain(APACHE);
    String[] apache = apacheWords ? apache(line.toString(), APACHE_SANS, ']') : null;
    if (apache != null) {
      b.stack(Stack.JDK)
          .family(Family.HOSTNAME_MISMATCH)
          .wanted(apache[0])
          .validFor(Fields.names(apache[1]));
      return true;
    }
    if (apacheWords
        && (apache = apache(line.toString(), APACHE_CN, ' ')) != null
        && !apache[1].isEmpty()) {
      b.stack(Stack.JDK).family(Family.LEGACY_CN).wanted(apache[0]);
      return true;
    }
    if (line.contains(" not verified") && (m = OKHTTP.matcher(line.toString())).find()) {
      b.stack(Stack.JDK).family(Family.HOSTNAME_MISMATCH).wanted(Fields.cleanName(m.group(1)));
      Matcher sans = OKHTTP_SANS.matcher(line.toString());
      if (sans.find()) {
        b.validFor(Fields.names(sans.group(1)));
        if (b.validFor.isEmpty()) {
          b.family(Family.LEGACY_CN);
        }
      }
      return true;
    }
    if (line.contains("lgorithm constraints") && (m = ALGORITHM.matcher(line.toString())).find()) {
      b.stack(Stack.JDK)
          .family(Family.WEAK_SIGNATURE)
          .reason("algorithm " + m.group(1) + " is disabled");
      return true;
    }
    if (line.contains("do not conform to algorithm constraints")) {
      b.stack(Stack.JDK).family(Family.WEAK_SIGNATURE);
      return true;
    }
    if (line.contains("Extended key usage does not permit")
        || line.contains("KeyUsage does not allow")) {
      b.stack(Stack.JDK).family(Family.KEY_USAGE);
      return true;
    }
    if (line.contains("Received fatal alert") && (m = ALERT.matcher(line.toString())).find()) {
      b.stack(Stack.JDK).family(Family.REMOTE_REJECTED).alert(m.group(1).replace('_', ' '));
      return true;
    }
    if (line.contains("PKIX path building failed")
        || line.contains("unable to find valid certification path")
        || line.contains("Trust anchor for certification path not found")
        || line.contains("signature check failed")) {
      b.stack(Stack.JDK).family(Family.UNKNOWN_AUTHORITY);
      return true;
    }
    return false;
  }

  /**
   * Every JDK wording above holds one of these; most lines that merely mention certificates hold
   * none.
   */
  private static boolean mayMatch(Text line) {
    return line.contains("Certificate")
        || line.contains("validity check")
        || line.contains("No subject alternative")
        || line.contains("No name matching")
        || line.contains(" not verified")
        || line.contains("lgorithm constraints")
        || line.contains("ey usage")
        || line.contains("KeyUsage")
        || line.contains("fatal alert")
        || line.contains("PKIX")
        || line.contains("certification path")
        || line.contains("signature check failed");
  }

  /**
   * {wanted, rest} of the first {@code Certificate for <WANTED>} followed by {@code middle}, the
   * rest running to {@code stop} (which must occur for {@code ]}; for a space, the line's end or
   * any whitespace ends it); null if none.
   */
  static String[] apache(String line, String middle, char stop) {
    for (int i = line.indexOf(APACHE); i >= 0; i = line.indexOf(APACHE, i + 1)) {
      int from = i + APACHE.length();
      int gt = line.indexOf('>', from);
      if (gt < 0) {
        return null;
      }
      if (gt == from || !line.startsWith(middle, gt)) {
        continue;
      }
      int rest = gt + middle.length();
      int end = rest;
      if (stop == ']') {
        end = line.indexOf(']', rest);
        if (end < 0) {
          return null;
        }
      } else {
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
          end++;
        }
        if (end == rest) {
          continue;
        }
      }
      return new String[] {line.substring(from, gt), line.substring(rest, end)};
    }
    return null;
  }
}
