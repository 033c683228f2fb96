package io.certmedic.core.issue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Strict IP address literals for IP SANs: dotted-quad IPv4 ({@code 10.96.0.10}) or IPv6
 * ({@code fd00::1}). Refuses what {@link InetAddress#getByName} would quietly reinterpret
 * ({@code 10.1} as {@code 10.0.0.1}) or look up in DNS (host names).
 */
public final class IpLiteral {

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiteral() {}

  /** True if {@code s} is an IPv4 or IPv6 literal. */
  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The address {@code s} names, without any DNS lookup.
   *
   * @throws IllegalArgumentException if {@code s} is not an IP literal
   */
  public static InetAddress parse(String s) {
    String t = s == null ? "" : s.trim();
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = t.indexOf(':') >= 0 && IPV6_CHARS.matcher(t).matches();
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
    try {
      InetAddress a = InetAddress.getByName(t); // a literal: no DNS lookup happens
      if (v6 && !(a instanceof Inet6Address) && !t.contains(".")) {
        throw new IllegalArgumentException("not an IP address: '" + s + "'");
      }
      return a;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
  }
}
