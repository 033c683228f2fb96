package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.x509.CertFacts;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Go's {@code (*x509.Certificate).VerifyHostname}: SANs only, the Common Name is never used. An IP
 * literal (optionally in brackets) matches only IP SANs, compared as addresses; any other host is
 * compared case-insensitively (ASCII) with each DNS SAN, with wildcard and trailing-dot rules only
 * when both the host and the SAN are valid hostnames, else by exact equality.
 *
 * <p>Example: {@code matchPattern("*.ns.svc", "webhook.ns.svc")} is true; {@code
 * matchPattern("*.ns.svc", "ns.svc")} and {@code matchPattern("*.svc", "a.ns.svc")} are false.
 */
public final class HostnameMatcher {

  private static final String WILDCARD = "*";

  private HostnameMatcher() {}

  /** True when {@code leaf}'s SANs carry {@code host}, as Go decides. */
  public static boolean matches(X509Certificate leaf, String host) {
    requireNonNull(leaf, "leaf == null");
    return mismatchOrNull(leaf, sans(leaf), host) == null;
  }

  /** The same decision over facts already read, e.g. by the doctor. */
  public static boolean matches(CertFacts facts, String host) {
    requireNonNull(facts, "facts == null");
    return matches(facts.dnsNames(), facts.ipAddresses(), host);
  }

  /** The same decision over plain SAN lists (IP SANs as text). */
  public static boolean matches(List<String> dnsNames, List<String> ipAddresses, String host) {
    requireNonNull(host, "host == null");
    byte[] ip = IpLiteral.parse(stripBrackets(host));
    if (ip != null) {
      for (String san : ipAddresses) {
        byte[] candidate = IpLiteral.parse(san);
        if (candidate != null && java.util.Arrays.equals(ip, candidate)) {
          return true;
        }
      }
      return false;
    }
    String name = toLowerAscii(host);
    boolean validName = validHostname(name, false);
    for (String san : dnsNames) {
      if (validName && validHostname(san, true)
          ? matchPattern(san, name)
          : matchExactly(san, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Go's {@code matchHostnames}: same number of labels, the pattern's leftmost label may be exactly
   * {@code *}, ASCII case-insensitive, one trailing dot on the host ignored.
   */
  public static boolean matchPattern(String pattern, String host) {
    String p = toLowerAscii(pattern);
    String h = toLowerAscii(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
    if (p.isEmpty() || h.isEmpty()) {
      return false;
    }
    String[] pl = p.split("\\.", -1);
    String[] hl = h.split("\\.", -1);
    if (pl.length != hl.length) {
      return false;
    }
    for (int i = 0; i < pl.length; i++) {
      if (i == 0 && WILDCARD.equals(pl[i])) {
        continue;
      }
      if (!pl[i].equals(hl[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Go's {@code validHostname}: RFC 6125 hostnames, leniently ('_' allowed), a pattern may start
   * with {@code *.}.
   */
  static boolean validHostname(String host, boolean isPattern) {
    String h = !isPattern && host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty() || WILDCARD.equals(h)) {
      return false;
    }
    int label = 0;
    int labelStart = 0;
    for (int i = 0; i <= h.length(); i++) {
      if (i < h.length() && h.charAt(i) != '.') {
        continue;
      }
      if (i == labelStart) {
        return false; // empty label
      }
      boolean wildcard =
          isPattern && label == 0 && i - labelStart == 1 && h.charAt(labelStart) == '*';
      if (!wildcard) {
        for (int j = labelStart; j < i; j++) {
          char c = h.charAt(j);
          boolean ok =
              (c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9')
                  || (c == '-' && j != labelStart)
                  || c == '_';
          if (!ok) {
            return false;
          }
        }
      }
      label++;
      labelStart = i + 1;
    }
    return true;
  }

  /** Go's {@code matchExactly}: case-insensitive equality; "" and "." never match. */
  static boolean matchExactly(String a, String b) {
    if (a.isEmpty() || a.equals(".") || b.isEmpty() || b.equals(".")) {
      return false;
    }
    return toLowerAscii(a).equals(toLowerAscii(b));
  }

  static String toLowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          if (out[j] >= 'A' && out[j] <= 'Z') {
            out[j] = (char) (out[j] + ('a' - 'A'));
          }
        }
        return new String(out);
      }
    }
    return s;
  }

  static String stripBrackets(String h) {
    return h.length() >= 3 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']'
        ? h.substring(1, h.length() - 1)
        : h;
  }

  /** The leaf's SANs as Go holds them. */
  record Sans(boolean present, List<String> dns, List<String> ips) {}

  static Sans sans(X509Certificate cert) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    boolean present = cert.getExtensionValue(CertNode.OID_SAN) != null;
    if (present) {
      try {
        Collection<List<?>> all = cert.getSubjectAlternativeNames();
        if (all != null) {
          for (List<?> san : all) {
            int type = (Integer) san.get(0);
            if (type == CertNode.SAN_DNS) {
              dns.add(String.valueOf(san.get(1)));
            } else if (type == CertNode.SAN_IP) {
              ips.add(String.valueOf(san.get(1)));
            }
          }
        }
      } catch (CertificateParsingException e) {
        // Go would refuse to parse such a certificate; with no names nothing matches.
      }
    }
    return new Sans(present, dns, ips);
  }

  /** Go's VerifyHostname error for {@code leaf} and {@code host}, or null when it matches. */
  static VerifyFailure mismatchOrNull(X509Certificate leaf, Sans sans, String host) {
    if (matches(sans.dns(), sans.ips(), host)) {
      return null;
    }
    String candidateIp = stripBrackets(host);
    byte[] ip = IpLiteral.parse(candidateIp);
    String reported = ip != null ? candidateIp : host;
    String cn = GoText.commonName(leaf);
    if (!sans.present() && matchPattern(cn, reported)) {
      return new LegacyCommonName(leaf, reported, cn);
    }
    List<String> validFor = new ArrayList<>();
    if (ip != null) {
      for (String s : sans.ips()) {
        byte[] b = IpLiteral.parse(s);
        validFor.add(b == null ? s : IpLiteral.format(b));
      }
    } else {
      validFor.addAll(sans.dns());
    }
    return new HostnameMismatch(leaf, reported, validFor);
  }
}
