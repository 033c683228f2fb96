package io.certmedic.cli;

import io.certmedic.kube.live.ApiKind;
import io.certmedic.kube.live.ClusterConnection;
import io.certmedic.kube.live.ClusterOptions;
import io.certmedic.kube.live.LiveException;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestSink;
import io.certmedic.kube.snapshot.Redactor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code certmedic snapshot}: what the live doctor reads, written as a dump the offline doctor
 * reads, with every private key replaced by its public key and other secret-bearing data dropped,
 * so it can be attached to a bug report.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    header = "Writes a redacted dump of what the doctor reads.",
    description = {
      "Write the objects the doctor reads from the cluster (Secrets, ConfigMaps,",
      "Services, workloads, webhook configurations, CRDs, APIServices, cert-manager",
      "Certificates) as a dump that 'certmedic doctor -f' reads, redacted so it can be",
      "shared: every private key becomes its public key (PUBLIC KEY PEM, listed in the",
      "certmedic.io/redacted-keys annotation), keys no public key can be derived from",
      "(encrypted) become a note, Helm release Secrets are emptied, and",
      "last-applied-configuration annotations and managedFields are dropped.",
      "Other Secret data (passwords, tokens) is kept: review before sharing widely."
    },
    footer = {
      "",
      "Examples:",
      "  certmedic snapshot > snapshot.yaml && certmedic doctor -f snapshot.yaml",
      "  certmedic snapshot -n payments -o json > payments.json",
      "  certmedic snapshot --context prod --kubeconfig ~/.kube/prod.yaml > prod.yaml",
      "",
      "Exit codes: 0 written (kinds the caller may not list are named on stderr),",
      "2 the cluster cannot be read (one line on stderr says why)."
    })
final class SnapshotCommand implements Callable<Integer> {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      description =
          "yaml (multi-document) or json (a kubectl-style List) (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Read only this namespace (cluster-scoped kinds are always read).")
  String namespace;

  @Mixin ClusterFlags cluster = new ClusterFlags();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String format = output.trim().toLowerCase(Locale.ROOT);
    if (!format.equals("yaml") && !format.equals("json")) {
      throw new UserException("--output: unknown format '" + output + "', expected yaml or json");
    }
    if (namespace != null && namespace.isBlank()) {
      throw new UserException("--namespace: give a namespace name");
    }
    ClusterOptions o = cluster.options(namespace);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Redactor redactor = new Redactor();
    Writer writer = format.equals("json") ? new JsonList(out) : new YamlDocs(out);
    LiveProgress progress = LiveProgress.onTerminal(err);
    LiveReader.Stats stats;
    try (KubernetesClient client = ClusterConnection.open(o)) {
      stats =
          LiveReader.list(
              client,
              o.namespace(),
              new ManifestSink() {
                @Override
                public void document(Document d) {
                  if (d.node() instanceof ObjectNode obj) {
                    writer.write(redactor.redact(obj));
                  }
                }

                @Override
                public void unreadable(String where, String problem) {
                  err.println(
                      "certmedic: " + where + " " + problem + "; it is not in the snapshot");
                }
              },
              new LiveReader.Listener() {
                @Override
                public void page(ApiKind kind, long objects, int pages) {
                  progress.page(kind, objects, pages);
                }

                @Override
                public void forbidden(ApiKind kind, String ns, String message) {
                  err.println("certmedic: " + message + "; the snapshot has none");
                }

                @Override
                public void notServed(ApiKind kind, String ns, String message) {
                  err.println("certmedic: " + message + "; the snapshot has none");
                }
              });
    } catch (LiveException e) {
      throw ClusterFlags.failure(e, o);
    } finally {
      progress.finish();
    }
    writer.finish();
    out.flush();
    String changed = redactor.summary();
    err.println(
        "certmedic: wrote "
            + String.format("%,d", stats.objects())
            + " objects ("
            + stats.requests()
            + " API requests)"
            + (changed.isEmpty() ? "; no private keys found" : "; " + changed));
    err.flush();
    return ExitCode.OK;
  }

  private interface Writer {
    void write(ObjectNode o);

    void finish();
  }

  /** Multi-document YAML, one object per document, written as it arrives. */
  private static final class YamlDocs implements Writer {
    private static final ObjectMapper YAML = new YAMLMapper();
    private final PrintWriter out;

    YamlDocs(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(ObjectNode o) {
      String y = YAML.writeValueAsString(o);
      out.print(y.startsWith("---") ? y : "---\n" + y);
    }

    @Override
    public void finish() {}
  }

  /**
   * {@code {"apiVersion":"v1","kind":"List","items":[...]}} as kubectl writes it, streamed item by
   * item.
   */
  private static final class JsonList implements Writer {
    private final PrintWriter out;
    private boolean first = true;

    JsonList(PrintWriter out) {
      this.out = out;
      out.print("{\n  \"apiVersion\" : \"v1\",\n  \"kind\" : \"List\",\n  \"items\" : [");
    }

    @Override
    public void write(ObjectNode o) {
      out.print(first ? "\n" : ",\n");
      first = false;
      out.print(Json.MAPPER.writeValueAsString(o).indent(4).stripTrailing());
    }

    @Override
    public void finish() {
      out.print(first ? "]\n}\n" : "\n  ]\n}\n");
    }
  }
}
