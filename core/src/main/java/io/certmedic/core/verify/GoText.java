package io.certmedic.core.verify;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** How Go renders the values in its error messages: times, quoted strings, certificate names. */
final class GoText {

  private GoText() {}

  /** Go's {@code time.RFC3339} of a UTC time: seconds, truncated, and {@code Z}. */
  static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Go's {@code %q}: double quotes, backslash escapes for quotes, backslashes and control
   * characters.
   */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** The last CN in the subject, as Go's {@code pkix.Name.CommonName}; "" if none. */
  static String commonName(X509Certificate cert) {
    String cn = "";
    for (RDN rdn : subject(cert).getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        if (BCStyle.CN.equals(atv.getType())) {
          cn = text(atv.getValue());
        }
      }
    }
    return cn;
  }

  /**
   * How Go names a candidate CA in "unknown authority" hints: CN, else first O, else {@code
   * serial:N}.
   */
  static String certName(X509Certificate cert) {
    String cn = commonName(cert);
    if (!cn.isEmpty()) {
      return cn;
    }
    for (RDN rdn : subject(cert).getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        if (BCStyle.O.equals(atv.getType())) {
          return text(atv.getValue());
        }
      }
    }
    return "serial:" + cert.getSerialNumber();
  }

  private static X500Name subject(X509Certificate cert) {
    return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
  }

  private static String text(ASN1Encodable value) {
    return value instanceof ASN1String s ? s.getString() : String.valueOf(value);
  }
}
