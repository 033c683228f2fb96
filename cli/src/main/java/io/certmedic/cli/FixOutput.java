package io.certmedic.cli;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Step;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.kube.fix.Display;
import io.certmedic.kube.fix.PlanChanges;
import io.certmedic.kube.fix.UnifiedDiff;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How {@code certmedic fix} shows a plan: numbered steps with their phase, manual actions with the
 * exact commands, notes, and a unified diff per object; {@code -o yaml} manifests; the files {@code
 * --out} writes. Nothing here ever prints a private key: keys are shown by type only, and a Secret
 * holding a new key is written only to a 0600 file.
 */
final class FixOutput {

  /** Lines of context around each change in a diff, as diff -u. */
  static final int DIFF_CONTEXT = 3;

  private FixOutput() {}

  static String plan(Plan plan, List<PlanChanges.Change> changes, boolean offline) {
    if (plan.isEmpty()) {
      return "Nothing to fix: the doctor finds nothing fix repairs (at warning or above).\n";
    }
    StringBuilder b = new StringBuilder(steps(plan));
    b.append(manual(plan));
    b.append(notes(plan));
    if (!changes.isEmpty()) {
      b.append('\n')
          .append("Changes (dry run: nothing was changed; ")
          .append(
              offline
                  ? "--out DIR writes the changed manifests"
                  : "--apply carries them out, -o yaml prints the manifests")
          .append("):\n\n");
      for (PlanChanges.Change c : changes) {
        b.append(diff(c)).append('\n');
      }
    }
    return b.toString();
  }

  static String steps(Plan plan) {
    StringBuilder b = new StringBuilder();
    List<Step> auto = plan.automatic();
    b.append("Plan at ")
        .append(plan.at())
        .append(": ")
        .append(auto.size())
        .append(" step(s) certmedic carries out, ")
        .append(plan.manual().size())
        .append(" manual action(s).\n");
    if (auto.isEmpty()) {
      return b.toString();
    }
    b.append(
        "Order: trust first (caBundles hold the old and the new CA), then certificates, then restarts; deletions after; old CAs leave in a later run.\n\n");
    int n = 0;
    for (Step s : auto) {
      n++;
      b.append(
          String.format(
              Locale.ROOT,
              "%3d. %-8s %s%n",
              n,
              s.phase().name().toLowerCase(Locale.ROOT),
              s.summary()));
      detail(s, b);
    }
    return b.toString();
  }

  private static void detail(Step s, StringBuilder b) {
    String pad = "              ";
    if (s instanceof Step.IssueServingCert c) {
      b.append(pad)
          .append(c.certKey())
          .append(": ")
          .append(Display.summary(c.certificate().facts()))
          .append('\n');
      b.append(pad)
          .append(c.keyKey())
          .append(": <new ")
          .append(
              io.certmedic.core.x509.KeyFacts.describe(
                  c.certificate().certificate().getPublicKey()))
          .append(" key>\n");
      b.append(pad)
          .append(c.caKey())
          .append(": ")
          .append(Display.summary(c.caCertificate().facts()))
          .append('\n');
      c.notes().forEach(n -> b.append(pad).append("note: ").append(n).append('\n'));
    } else if (s instanceof Step.SetCaBundle bundle) {
      for (CertInfo ci : bundle.bundle()) {
        b.append(pad).append("caBundle: ").append(Display.summary(ci.facts())).append('\n');
      }
      if (!bundle.afterRollouts().isEmpty()) {
        b.append(pad)
            .append("waits for the rollout of ")
            .append(
                String.join(
                    ", ", bundle.afterRollouts().stream().map(ObjectRef::describe).toList()))
            .append('\n');
      }
    } else if (s instanceof Step.PatchBundleCopy p) {
      for (CertInfo ci : p.bundle()) {
        b.append(pad).append(p.key()).append(": ").append(Display.summary(ci.facts())).append('\n');
      }
    }
  }

  static String manual(Plan plan) {
    List<Step.ManualAction> manual = plan.manual();
    if (manual.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nManual actions (certmedic does not do these):\n");
    int n = plan.automatic().size();
    for (Step.ManualAction m : manual) {
      n++;
      b.append(String.format(Locale.ROOT, "%3d. %s%n", n, m.summary()));
      for (String c : m.commands()) {
        b.append("        ").append(c.startsWith("#") ? c : "$ " + c).append('\n');
      }
      m.files()
          .forEach(
              (name, content) ->
                  b.append("        file ")
                      .append(name)
                      .append(" (")
                      .append(content.length())
                      .append(" bytes of public CA data): written with --out DIR\n"));
    }
    return b.toString();
  }

  static String notes(Plan plan) {
    if (plan.notes().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nNotes:\n");
    plan.notes().forEach(n -> b.append("  - ").append(n).append('\n'));
    return b.toString();
  }

  static String diff(PlanChanges.Change c) {
    String name = c.ref().describe();
    if (c.deleted()) {
      return "--- " + name + "\n+++ /dev/null (deleted)\n";
    }
    List<String> before = Display.lines(c.before(), Set.of());
    List<String> after = Display.lines(c.after(), c.newKeyFields());
    return UnifiedDiff.diff(before, after, name + " (now)", name + " (after fix)", DIFF_CONTEXT);
  }

  /**
   * The changed manifests; a Secret with a new private key is only named, unless it goes to --out.
   */
  static String yaml(List<PlanChanges.Change> changes, boolean outGiven) {
    StringBuilder b = new StringBuilder();
    for (PlanChanges.Change c : changes) {
      if (c.deleted()) {
        b.append("# delete ")
            .append(c.ref().describe())
            .append(": ")
            .append(
                io.certmedic.core.text.Shell.command(
                    List.of(
                        "kubectl",
                        "delete",
                        c.ref().kind().toLowerCase(Locale.ROOT),
                        c.ref().name())))
            .append('\n');
        continue;
      }
      if (c.holdsNewKey()) {
        b.append("# ")
            .append(c.ref().describe())
            .append(" holds a new private key, which fix never prints: ")
            .append(
                outGiven
                    ? "it is in the --out directory (mode 0600)"
                    : "pass --out DIR to write it (mode 0600), or use --apply")
            .append('\n');
        continue;
      }
      b.append("---\n").append(Display.manifest(c.after()));
    }
    return b.toString();
  }

  /** What --out writes, by file name: manifests, manual-action files, plan.txt. */
  static Map<String, String> contents(Plan plan, List<PlanChanges.Change> changes) {
    Map<String, String> files = new LinkedHashMap<>();
    int n = 0;
    for (PlanChanges.Change c : changes) {
      if (c.deleted()) {
        continue;
      }
      n++;
      files.put(fileName(n, c.ref()), Display.manifest(c.after()));
    }
    for (Step.ManualAction m : plan.manual()) {
      files.putAll(m.files());
    }
    files.put("plan.txt", plan(plan, changes, true));
    return files;
  }

  static List<Path> files(Plan plan, List<PlanChanges.Change> changes, Path dir, boolean force) {
    OutputDir o = new OutputDir(dir);
    Set<String> secret = new java.util.HashSet<>();
    int n = 0;
    for (PlanChanges.Change c : changes) {
      if (!c.deleted()) {
        n++;
        if (c.holdsNewKey() || "Secret".equals(c.ref().kind())) {
          secret.add(fileName(n, c.ref()));
        }
      }
    }
    contents(plan, changes).forEach((name, content) -> o.add(name, content, secret.contains(name)));
    return o.write(force);
  }

  /**
   * {@code 01-secret-shop-web-tls.yaml}. Every character a Kubernetes name cannot hold becomes
   * {@code _}, so a hostile name ({@code ../../x}) stays one file inside --out; valid names print
   * as they are.
   */
  static String fileName(int n, ObjectRef ref) {
    String ns = ref.namespace().isEmpty() ? "" : ref.namespace() + "-";
    return String.format(
            Locale.ROOT,
            "%02d-%s-%s%s.yaml",
            n,
            ref.kind().toLowerCase(Locale.ROOT),
            ns,
            ref.name())
        .replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
