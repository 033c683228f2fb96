package io.certmedic.kube.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;

/** Opens a fabric8 client the way kubectl would resolve the same flags. Close it when done. */
public final class ClusterConnection {

  private ClusterConnection() {}

  /** The in-cluster service account token, which fabric8 falls back to without a kubeconfig. */
  static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  static boolean anyConfigSource() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      for (String p : env.split(File.pathSeparator)) {
        if (new File(p).isFile()) {
          return true;
        }
      }
    }
    return new File(System.getProperty("user.home"), ".kube/config").isFile()
        || new File(SERVICE_ACCOUNT_TOKEN).isFile();
  }

  /**
   * The innermost cause's message: "Connection refused", "api.example: Name or service not known".
   */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public static KubernetesClient open(ClusterOptions o) throws LiveException {
    Config config;
    try {
      if (o.kubeconfig() != null) {
        File f = new File(o.kubeconfig());
        if (!f.isFile()) {
          throw new LiveException(o.kubeconfig() + ": no such kubeconfig file");
        }
        config = Config.fromKubeconfig(o.context(), f);
      } else {
        if (!anyConfigSource()) {
          throw new LiveException(
              "no cluster configured: no kubeconfig ($KUBECONFIG, ~/.kube/config) and not running in a pod; pass --kubeconfig, or read a dump with -f");
        }
        config = Config.autoConfigure(o.context());
      }
    } catch (RuntimeException e) {
      throw new LiveException(
          "cannot load the kubeconfig"
              + (o.context() == null ? "" : " context " + o.context())
              + ": "
              + e.getMessage(),
          e);
    }
    if (o.context() != null
        && (config.getCurrentContext() == null
            || !o.context().equals(config.getCurrentContext().getName()))) {
      throw new LiveException(
          "context \""
              + o.context()
              + "\" does not exist in the kubeconfig; 'kubectl config get-contexts' lists them");
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new LiveException(
          "no cluster configured: set KUBECONFIG or pass --kubeconfig (or read a dump with -f)");
    }
    int ms = (int) o.requestTimeout().toMillis();
    config.setRequestTimeout(ms);
    config.setConnectionTimeout(Math.min(ms, 10_000));
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
