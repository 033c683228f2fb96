package io.certmedic.cli;

import io.certmedic.core.text.Durations;
import io.certmedic.kube.live.ClusterOptions;
import picocli.CommandLine.Option;

/** kubectl's connection flags, shared by the commands that talk to a cluster. */
final class ClusterFlags {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config).")
  String kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: the current one).")
  String context;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Read every namespace (the default when -n is not given).")
  boolean allNamespaces;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      description =
          "How long one API request may take: 30s, 2m; a bare number is seconds (default: ${DEFAULT-VALUE}).")
  String requestTimeout = Durations.format(ClusterOptions.DEFAULT_REQUEST_TIMEOUT);

  /** The one line a cluster that cannot be read at all ends the run with (exit 2). */
  /**
   * One line for a cluster that cannot be read. Connection problems get the command that shows the
   * same from kubectl's side; configuration problems already say what to do.
   */
  static UserException failure(io.certmedic.kube.live.LiveException e, ClusterOptions o) {
    String m = e.getMessage();
    boolean configuration =
        m.contains("kubeconfig") || m.contains("no cluster configured") || m.contains("context");
    return new UserException(
        configuration
            ? m
            : m
                + "; check 'kubectl cluster-info"
                + (o.context() == null ? "" : " --context " + o.context())
                + "'",
        e);
  }

  ClusterOptions options(String namespace) {
    return new ClusterOptions(
        kubeconfig,
        context,
        allNamespaces ? null : namespace,
        Cli.parseTimeout("--request-timeout", requestTimeout));
  }
}
