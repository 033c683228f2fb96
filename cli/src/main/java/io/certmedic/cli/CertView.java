package io.certmedic.cli;

import io.certmedic.core.text.HumanTime;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a certificate is shown: one stable JSON object (field names and order are API) and a few text
 * lines. Shared by {@code inspect}, {@code probe} and the doctor's evidence.
 */
final class CertView {

  private CertView() {}

  /** RFC 3339 in UTC, seconds precision: {@code 2024-02-14T06:08:48Z}. */
  static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  static Map<String, Object> json(CertFacts f, Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", f.subject());
    m.put("issuer", f.issuer());
    m.put("serial", f.serialHex());
    m.put("dnsNames", f.dnsNames());
    m.put("ipAddresses", f.ipAddresses());
    if (!f.uris().isEmpty()) {
      m.put("uris", f.uris());
    }
    if (!f.emails().isEmpty()) {
      m.put("emails", f.emails());
    }
    m.put("notBefore", rfc3339(f.notBefore()));
    m.put("notAfter", rfc3339(f.notAfter()));
    m.put("validity", status(f, at));
    m.put("validityText", HumanTime.validity(f.notBefore(), f.notAfter(), at));
    m.put("key", f.keyAlgorithm());
    m.put("signatureAlgorithm", f.signatureAlgorithm());
    m.put("isCA", f.ca());
    if (f.ca()) {
      m.put("pathLen", f.pathLen() == CertFacts.UNLIMITED_PATH_LEN ? null : f.pathLen());
    }
    m.put("keyUsage", f.keyUsage());
    m.put("extKeyUsage", f.extKeyUsage());
    m.put("subjectKeyId", f.subjectKeyId());
    m.put("authorityKeyId", f.authorityKeyId());
    m.put("selfSigned", f.selfIssued());
    m.put("sha256", f.sha256());
    return m;
  }

  /** {@code valid}, {@code expired} or {@code not_yet_valid} at {@code at}. */
  static String status(CertFacts f, Instant at) {
    if (at.isBefore(f.notBefore())) {
      return "not_yet_valid";
    }
    return at.isAfter(f.notAfter()) ? "expired" : "valid";
  }

  /** Who it is for, who signed it, names, validity, key: the lines a person reads. */
  static List<String> text(CertFacts f, Instant at) {
    List<String> lines = new ArrayList<>();
    lines.add("subject:   " + f.subject() + (f.ca() ? "  (CA)" : ""));
    lines.add("issuer:    " + (f.selfIssued() ? "itself (self-signed)" : f.issuer()));
    List<String> names = f.allNames();
    lines.add(
        "names:     "
            + (names.isEmpty()
                ? (f.hasSanExtension()
                    ? "(empty SAN extension)"
                    : "none (no SAN extension; the CN is ignored by Go and the API server)")
                : String.join(", ", names)));
    lines.add(
        "validity:  "
            + rfc3339(f.notBefore())
            + " .. "
            + rfc3339(f.notAfter())
            + " ("
            + HumanTime.validity(f.notBefore(), f.notAfter(), at)
            + ")");
    lines.add("key:       " + f.keyAlgorithm() + ", signed with " + f.signatureAlgorithm());
    if (!f.extKeyUsage().isEmpty() || !f.keyUsage().isEmpty()) {
      List<String> usage = new ArrayList<>(f.keyUsage());
      usage.addAll(f.extKeyUsage());
      lines.add("usage:     " + String.join(", ", usage));
    }
    lines.add("sha256:    " + f.sha256());
    return lines;
  }
}
