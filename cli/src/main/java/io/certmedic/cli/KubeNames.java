package io.certmedic.cli;

import java.util.regex.Pattern;

/**
 * The shapes Kubernetes gives names, checked before they reach a certificate, a YAML document or a
 * printed shell command (where a stray quote or space would break or change the command).
 */
final class KubeNames {

  /** RFC 1123 label: Namespaces. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** RFC 1035 label: Services (a label that starts with a letter). */
  private static final Pattern SERVICE = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

  /** RFC 1123 subdomain: Secrets, webhook configurations, CRDs, APIServices. */
  private static final Pattern SUBDOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  /** A DNS name for a SAN: a subdomain, optionally with a leading {@code *.} wildcard label. */
  private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?" + SUBDOMAIN.pattern());

  private KubeNames() {}

  static boolean isServiceName(String s) {
    return SERVICE.matcher(s).matches();
  }

  static boolean isLabel(String s) {
    return LABEL.matcher(s).matches();
  }

  static boolean isSubdomain(String s) {
    return SUBDOMAIN.matcher(s).matches();
  }

  static boolean isDnsName(String s) {
    return DNS_NAME.matcher(s).matches() && s.length() <= 253;
  }
}
