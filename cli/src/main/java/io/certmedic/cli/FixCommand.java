package io.certmedic.cli;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.fix.FixOptions;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Planner;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.text.Durations;
import io.certmedic.kube.fix.ObjectIndex;
import io.certmedic.kube.fix.Patches;
import io.certmedic.kube.fix.PlanChanges;
import io.certmedic.kube.fix.PlanWriter;
import io.certmedic.kube.live.ClusterConnection;
import io.certmedic.kube.live.ClusterOptions;
import io.certmedic.kube.live.LiveException;
import io.certmedic.kube.live.LiveReader;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.snapshot.DumpReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certmedic fix}: plan the repair of what the doctor finds; with --apply, carry it out. */
@Command(
    name = "fix",
    mixinStandardHelpOptions = true,
    header = "Repairs what the doctor finds, as a plan first.",
    description = {
      "Repair what the doctor finds, as a plan first. Reissues serving certificates",
      "with every name their Services need (signed by the CA whose key is in the",
      "cluster, else a new CA), widens the caBundle of every caller of that Service,",
      "restarts the workloads that mount the Secret, writes the current bundle into",
      "stale trust-bundle copies, and deletes orphaned APIServices (only with",
      "--allow-delete). What another controller keeps (cert-manager, OpenShift",
      "service-ca) and files on nodes become manual actions.",
      "",
      "Without --apply nothing is changed: the plan and a diff of every object are",
      "printed (certificates as subject/SANs/notAfter, private keys never). --apply",
      "writes with JSON Patch guarded by each object's resourceVersion: if anything",
      "changed since it was read, fix stops and changes nothing more. Order: trust",
      "first (old AND new CA), then certificates, then restarts; old CAs leave the",
      "bundles in a later 'fix' run."
    },
    footer = {
      "",
      "Examples:",
      "  certmedic fix                            # dry run on the current context",
      "  certmedic fix --apply                    # carry the plan out",
      "  certmedic fix --apply --allow-delete     # also delete orphaned APIServices",
      "  certmedic fix -o yaml > fixed.yaml       # changed manifests, for GitOps",
      "  certmedic fix -f dump.yaml --out fixed/  # offline: plan and files in fixed/",
      "  certmedic fix --context prod -n payments # one namespace (and its callers)",
      "",
      "Exit codes: 0 nothing (more) to do, 1 the plan has steps (dry run) or manual",
      "actions remain (--apply), 2 a usage or input error, or --apply stopped (a",
      "conflict: an object changed since it was read; or an API error); nothing after",
      "that point was changed."
    })
final class FixCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description =
          "Plan from a dump instead of the cluster: a file, a directory or '-' for stdin; repeatable. Cannot be combined with --apply.")
  List<String> paths;

  @Mixin ClusterFlags cluster = new ClusterFlags();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Read only this namespace (callers, which are cluster-scoped, are always read).")
  String namespace;

  @Option(
      names = "--apply",
      description = "Carry the plan out against the cluster (default: dry run).")
  boolean apply;

  @Option(
      names = "--allow-delete",
      description =
          "Delete orphaned APIServices (their Service is gone); without it the plan only says to.")
  boolean allowDelete;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "plan",
      description =
          "plan (steps and a diff; also called table) or yaml (the changed manifests; Secrets holding a new private key only go to --out) (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write the changed manifests (Secrets with keys at mode 0600), files for manual actions and plan.txt into DIR.")
  Path out;

  @Option(names = "--force", description = "With --out: overwrite files that exist.")
  boolean force;

  @Option(
      names = "--cluster-domain",
      paramLabel = "DOMAIN",
      defaultValue = ServiceNames.DEFAULT_CLUSTER_DOMAIN,
      description =
          "The cluster's DNS domain, for the names a certificate carries (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(
      names = "--key-type",
      paramLabel = "TYPE",
      defaultValue = "ecdsa-p256",
      description = "Key type of what fix issues (default: ${DEFAULT-VALUE}).")
  String keyType;

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      description = "Lifetime of reissued serving certificates (default: ${DEFAULT-VALUE}).")
  String lifetime = Durations.format(FixOptions.DEFAULT_LEAF_LIFETIME);

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean offline = paths != null && !paths.isEmpty();
    String given = output.trim().toLowerCase(Locale.ROOT);
    // "table" is the convention's name for the view made for people: here, the plan
    String format = given.equals("table") ? "plan" : given;
    if (!format.equals("plan") && !format.equals("yaml")) {
      throw new UserException("--output: unknown format '" + output + "', expected plan or yaml");
    }
    if (apply && offline) {
      throw new UserException(
          "--apply writes to a cluster, and -f reads a dump: drop -f to fix the current context, or use --out DIR to write fixed manifests");
    }
    if (apply && format.equals("yaml")) {
      throw new UserException(
          "--apply and -o yaml exclude each other: -o yaml prints the manifests instead of applying them");
    }
    KeyType type;
    try {
      type = KeyType.parse(keyType);
    } catch (IllegalArgumentException e) {
      throw new UserException("--key-type: " + e.getMessage());
    }
    Duration leaf = Cli.parseDuration("--lifetime", lifetime);
    if (leaf.isZero()) {
      throw new UserException("--lifetime must be positive");
    }
    FixOptions options =
        FixOptions.defaults()
            .withAllowDelete(allowDelete)
            .withClusterDomain(clusterDomain)
            .withKeyType(type)
            .withLeafLifetime(leaf);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (offline) {
      ObjectIndex index = new ObjectIndex();
      Snapshot s;
      try {
        s = DumpReader.read(paths, System.in, index::tee);
      } catch (ManifestException e) {
        throw new UserException(e.getMessage(), e);
      }
      return run(s, index, options, now, format, null);
    }
    ClusterOptions o = cluster.options(namespace);
    try (KubernetesClient client = ClusterConnection.open(o)) {
      ObjectIndex index = new ObjectIndex();
      Snapshot s = LiveReader.read(client, o.namespace(), index::tee);
      return run(s, index, options, now, format, client);
    } catch (LiveException e) {
      throw new UserException(
          e.getMessage()
              + "; check 'kubectl cluster-info'"
              + (o.context() == null ? "" : " --context " + o.context()),
          e);
    }
  }

  private int run(
      Snapshot s,
      ObjectIndex index,
      FixOptions options,
      Instant now,
      String format,
      KubernetesClient client) {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Report report =
        Doctor.run(
            s,
            new DoctorOptions(now, DoctorOptions.DEFAULT_EXPIRY_WARNING, options.clusterDomain()));
    Plan plan =
        Planner.plan(s, report, options.withCaKeys(index.caKeys()), now, new SecureRandom());
    Patches.Marks marks = new Patches.Marks(now, "certmedic fix " + Main.Version.number());
    List<PlanChanges.Change> changes = PlanChanges.compute(plan, index, marks);

    if (out != null) {
      List<Path> written = FixOutput.files(plan, changes, out, force);
      err.println(
          "wrote "
              + written.size()
              + " file(s) into "
              + out
              + (written.stream().anyMatch(p -> p.getFileName().toString().contains("secret"))
                  ? " (Secrets at mode 0600)"
                  : ""));
    }
    if (apply) {
      stdout.print(FixOutput.steps(plan));
      stdout.flush();
      if (plan.automatic().isEmpty()) {
        stdout.print(FixOutput.manual(plan));
        stdout.flush();
        return plan.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
      }
      stdout.println();
      stdout.println("Applying:");
      PlanWriter.Result r =
          new PlanWriter(client, index, marks)
              .apply(
                  plan,
                  (n, step) -> {
                    stdout.println("  done " + n + ". " + step.summary());
                    stdout.flush();
                  });
      if (!r.complete()) {
        stdout.flush();
        err.println("certmedic: " + (r.conflict() ? "conflict: " : "stopped: ") + r.problem());
        err.flush();
        return ExitCode.USAGE;
      }
      stdout.print(FixOutput.manual(plan));
      stdout.print(FixOutput.notes(plan));
      stdout.flush();
      return plan.manual().isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
    }
    if (format.equals("yaml")) {
      stdout.print(FixOutput.yaml(changes, out != null));
      stdout.flush();
      return plan.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
    }
    stdout.print(FixOutput.plan(plan, changes, client == null));
    stdout.flush();
    return plan.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
  }
}
