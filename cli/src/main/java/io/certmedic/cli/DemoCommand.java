package io.certmedic.cli;

import io.certmedic.core.text.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certmedic demo}: writes the incident dumps the doctor is shown on. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Writes the incident dumps to try the doctor on.",
    description = {
      "Writes one cluster dump per incident certmedic was built for (External-Secrets",
      "on OpenShift, External-DNS, KubeSphere, OKD 4.15, Spark Operator) and a healthy",
      "one, as YAML files in --out, for 'certmedic doctor -f' to read. It reads no",
      "cluster and runs nothing else. Private keys are replaced by their public keys."
    },
    footer = {"", "Examples:", "  certmedic demo --out /tmp/demo && certmedic doctor -f /tmp/demo"})
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write the dumps into (created if missing).")
  Path out;

  @Option(names = "--force", description = "Overwrite files that exist.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> files = new Incidents().all();
    for (String name : files.keySet()) {
      if (!force && Files.exists(out.resolve(name))) {
        throw new UserException(out.resolve(name) + ": exists; pass --force to overwrite it");
      }
    }
    try {
      Files.createDirectories(out);
      for (Map.Entry<String, String> e : files.entrySet()) {
        Files.writeString(out.resolve(e.getKey()), e.getValue());
        spec.commandLine().getOut().println("wrote " + out.resolve(e.getKey()));
      }
    } catch (IOException e) {
      throw new UserException(out + ": cannot write: " + e.getMessage());
    }
    spec.commandLine().getOut().println("next: certmedic doctor -f " + Shell.quote(out.toString()));
    return ExitCode.OK;
  }
}
