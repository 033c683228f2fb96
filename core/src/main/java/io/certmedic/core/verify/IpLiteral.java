package io.certmedic.core.verify;

/**
 * IP literals parsed and printed as Go's {@code net.ParseIP} and {@code net.IP.String} do, with no
 * name resolution: IPv4 dotted decimal (no leading zeros), IPv6 with {@code ::} and an optional
 * dotted tail; zones are rejected. Parsed addresses are 16 bytes, IPv4 mapped into {@code
 * ::ffff:0:0/96}, so IPv4 and its mapped form compare equal as with Go's {@code ip.Equal}.
 */
public final class IpLiteral {

  private static final int IPV4_BYTES = 4;
  private static final int IPV6_BYTES = 16;
  private static final int MAX_OCTET = 255;

  private IpLiteral() {}

  /**
   * True when {@code s} is an IP literal as Go reads one (no names, no zones, no leading zeros).
   */
  public static boolean isValid(String s) {
    return parse(s) != null;
  }

  /**
   * {@code s} as Go prints it ({@code fd00:0::1} becomes {@code fd00::1}).
   *
   * @throws IllegalArgumentException naming {@code s} when it is not an IP literal
   */
  public static String canonical(String s) {
    byte[] b = parse(s == null ? null : s.trim());
    if (b == null) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
    return format(b);
  }

  /** The 16-byte form of {@code s}, or null if it is not an IP literal. */
  public static byte[] parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = parseV4(s, 0, s.length());
      return v4 == null ? null : mapped(v4);
    }
    return parseV6(s);
  }

  /** Go's {@code IP.String()}: dotted for IPv4 and IPv4-mapped, shortest IPv6 otherwise. */
  public static String format(byte[] ip16) {
    if (isMappedV4(ip16)) {
      return (ip16[12] & 0xff)
          + "."
          + (ip16[13] & 0xff)
          + "."
          + (ip16[14] & 0xff)
          + "."
          + (ip16[15] & 0xff);
    }
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((ip16[2 * i] & 0xff) << 8) | (ip16[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder b = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(w[i]));
    }
    return b.toString();
  }

  private static boolean isMappedV4(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }

  private static byte[] mapped(byte[] v4) {
    byte[] out = new byte[IPV6_BYTES];
    out[10] = (byte) 0xff;
    out[11] = (byte) 0xff;
    System.arraycopy(v4, 0, out, 12, IPV4_BYTES);
    return out;
  }

  private static byte[] parseV4(String s, int from, int to) {
    byte[] out = new byte[IPV4_BYTES];
    int field = 0;
    int i = from;
    while (field < IPV4_BYTES) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return null;
        }
      }
      int len = i - start;
      if (len == 0 || value > MAX_OCTET || (len > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[field++] = (byte) value;
      if (field < IPV4_BYTES) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  private static byte[] parseV6(String s) {
    byte[] ip = new byte[IPV6_BYTES];
    int ellipsis = -1;
    int i = 0;
    int n = s.length();
    if (n >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      i = 2;
      if (i == n) {
        return ip;
      }
    }
    int j = 0;
    while (j < IPV6_BYTES) {
      int start = i;
      int value = 0;
      while (i < n && hex(s.charAt(i)) >= 0 && i - start < 4) {
        value = (value << 4) | hex(s.charAt(i));
        i++;
      }
      if (i == start) {
        return null;
      }
      if (i < n && hex(s.charAt(i)) >= 0) {
        return null; // more than four hex digits
      }
      if (i < n && s.charAt(i) == '.') {
        // an embedded IPv4 tail takes the last four bytes
        if (ellipsis < 0 && j != IPV6_BYTES - IPV4_BYTES) {
          return null;
        }
        if (j + IPV4_BYTES > IPV6_BYTES) {
          return null;
        }
        byte[] v4 = parseV4(s, start, n);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, ip, j, IPV4_BYTES);
        j += IPV4_BYTES;
        i = n;
        break;
      }
      ip[j] = (byte) (value >> 8);
      ip[j + 1] = (byte) value;
      j += 2;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':' || i + 1 == n) {
        return null;
      }
      i++;
      if (s.charAt(i) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = j;
        i++;
        if (i == n) {
          break;
        }
      }
    }
    if (i != n) {
      return null;
    }
    if (j < IPV6_BYTES) {
      if (ellipsis < 0) {
        return null;
      }
      int shift = IPV6_BYTES - j;
      for (int k = j - 1; k >= ellipsis; k--) {
        ip[k + shift] = ip[k];
      }
      for (int k = ellipsis + shift - 1; k >= ellipsis; k--) {
        ip[k] = 0;
      }
    } else if (ellipsis >= 0) {
      return null; // "::" must stand for at least one group
    }
    return ip;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
