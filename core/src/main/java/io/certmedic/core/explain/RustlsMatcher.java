package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Rust's rustls and webpki (reqwest, tonic, cargo, uv): {@code invalid peer certificate:
 * UnknownIssuer}, {@code InvalidCertificate(NotValidForName)}, {@code CertExpired}, the newer
 * {@code certificate not valid for name "X"; certificate is only valid for DnsName("a") ...}, and
 * the alerts a peer sent ({@code AlertReceived(BadCertificate)}).
 */
final class RustlsMatcher implements LineMatcher {

  /** Read right after {@code not valid for name "} ({@link Near}). */
  private static final Pattern NAME = Near.tail("([^\"]+)\"");

  /** One name of the list after {@code certificate is only valid for }. */
  private static final Pattern LISTED =
      Pattern.compile("(?:DnsName|IpAddress)\\(\"?([^\")]+)\"?\\)");

  private static final String ONLY_VALID_FOR = "certificate is only valid for ";

  /** {rustls/webpki word, family} in the order they are tried. */
  private static final String[][] WORDS = {
    {"NotValidForName", "HOSTNAME_MISMATCH"},
    {"certificate not valid for name", "HOSTNAME_MISMATCH"},
    {"CertNotValidForName", "HOSTNAME_MISMATCH"},
    {"NotValidYet", "NOT_YET_VALID"},
    {"CertNotValidYet", "NOT_YET_VALID"},
    {"invalid peer certificate: Expired", "EXPIRED"},
    {"InvalidCertificate(Expired", "EXPIRED"},
    {"CertExpired", "EXPIRED"},
    {"certificate expired: verification time", "EXPIRED"},
    {"UnknownIssuer", "UNKNOWN_AUTHORITY"},
    {"BadSignature", "UNKNOWN_AUTHORITY"},
    {"CaUsedAsEndEntity", "KEY_USAGE"},
    {"InvalidPurpose", "KEY_USAGE"},
    {"RequiredEkuNotFound", "KEY_USAGE"},
    {"UnsupportedSignatureAlgorithm", "WEAK_SIGNATURE"}
  };

  /** Alerts from the peer about our certificate, in rustls's words. */
  private static final String[][] ALERTS = {
    {"BadCertificate", "bad certificate"},
    {"UnknownCA", "unknown ca"},
    {"CertificateExpired", "certificate expired"},
    {"CertificateUnknown", "certificate unknown"},
    {"UnsupportedCertificate", "unsupported certificate"}
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    boolean rustls =
        line.contains("invalid peer certificate")
            || line.contains("InvalidCertificate")
            || line.contains("WebPKIError")
            || line.contains("rustls");
    if (rustls) {
      for (String[] w : WORDS) {
        if (line.contains(w[0])) {
          b.stack(Stack.RUSTLS).family(Family.valueOf(w[1]));
          if (b.family == Family.HOSTNAME_MISMATCH) {
            names(line.toString(), b);
          }
          return true;
        }
      }
    }
    if (line.contains("AlertReceived(") || line.contains("received fatal alert: ")) {
      for (String[] a : ALERTS) {
        if (line.contains("AlertReceived(" + a[0] + ")")
            || line.contains("received fatal alert: " + a[0])) {
          b.stack(Stack.RUSTLS).family(Family.REMOTE_REJECTED).alert(a[1]);
          return true;
        }
      }
    }
    return false;
  }

  private static void names(String line, ErrorFacts.Builder b) {
    Matcher m = Near.after(line, "not valid for name \"", NAME);
    if (m != null) {
      b.wanted(Fields.cleanName(m.group(1)));
    }
    int at = line.indexOf(ONLY_VALID_FOR);
    if (at < 0) {
      return;
    }
    int from = at + ONLY_VALID_FOR.length();
    Matcher each =
        LISTED.matcher(line.substring(from, Math.min(line.length(), from + Near.WINDOW * 4)));
    List<String> names = new ArrayList<>();
    while (each.find()) {
      names.add(each.group(1));
    }
    b.validFor(names);
  }
}
