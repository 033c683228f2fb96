package io.certmedic.core.issue;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every DNS name a client inside the cluster may dial to reach a Service. The API server dials
 * {@code name.ns.svc}; pods use the short forms through their search path.
 */
public final class ServiceNames {

  /** Kubernetes' default cluster domain (kubelet {@code --cluster-domain}). */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  private ServiceNames() {}

  /**
   * {@code name}, {@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.<domain>}; for a
   * headless Service also {@code *.name.ns.svc} and {@code *.name.ns.svc.<domain>}, the names of
   * its pods.
   */
  public static List<String> of(
      String name, String namespace, String clusterDomain, boolean headless) {
    requireNonNull(name, "name == null");
    requireNonNull(namespace, "namespace == null");
    String domain =
        clusterDomain == null || clusterDomain.isBlank()
            ? DEFAULT_CLUSTER_DOMAIN
            : trimDots(clusterDomain);
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    names.add(name + "." + namespace);
    names.add(apiServerName(name, namespace));
    names.add(name + "." + namespace + ".svc." + domain);
    if (headless) {
      names.add("*." + name + "." + namespace + ".svc");
      names.add("*." + name + "." + namespace + ".svc." + domain);
    }
    return new ArrayList<>(names);
  }

  /** The name the API server verifies when it calls a Service: {@code name.ns.svc}. */
  public static String apiServerName(String name, String namespace) {
    return name + "." + namespace + ".svc";
  }

  /**
   * A domain as users type it, without leading or trailing dots: {@code .corp.example.} is {@code
   * corp.example}.
   */
  public static String trimDots(String s) {
    String t = s.trim();
    while (t.startsWith(".")) {
      t = t.substring(1);
    }
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
