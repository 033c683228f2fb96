package io.certmedic.core.snapshot;

import java.util.regex.Pattern;

/** Kubernetes' rules for object names, as the API server applies them. */
public final class ObjectNames {

  /** A DNS-1123 subdomain (Secret, ConfigMap and most names): at most 253 characters. */
  public static final int MAX_SUBDOMAIN = 253;

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ObjectNames() {}

  /**
   * True when {@code name} may name a Secret or ConfigMap: lower-case letters, digits, '-' and '.',
   * at most 253.
   */
  public static boolean isDnsSubdomain(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_SUBDOMAIN
        && SUBDOMAIN.matcher(name).matches();
  }
}
