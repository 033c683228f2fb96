package io.certmedic.core.operator;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What well-known operators do to their own webhook configurations and certificate Secrets, as
 * their arguments and environment show it: which ones fill a configuration's caBundle at start,
 * which ones register (and on a clean stop delete) a configuration at run time, and which one
 * reuses a kept Secret without checking the names its certificate carries. One row per operator;
 * the table is documented in docs/preflight.md.
 *
 * <p>A row is recognised when a container of a workload in the caller's namespace (or any
 * namespace, for cluster-scoped configurations) has an argument {@code --flag=value} or an
 * environment variable {@code NAME=value} whose value is the configuration's name, or, for
 * operators whose configuration names are fixed, when the name has the operator's prefix or suffix
 * and a container shows the operator's marker argument or variable.
 */
public final class KnownOperators {

  /** Keys of the Secret the Spark Operator 2.x keeps as is (and 1.2.15's gencerts.sh writes). */
  public static final List<String> SPARK_SECRET_KEYS =
      List.of("ca-key.pem", "ca-cert.pem", "server-key.pem", "server-cert.pem");

  /** What an operator does to the configurations it names. */
  public enum Role {
    /** Fills the configuration's caBundle itself when it starts. */
    FILLS_AT_START,
    /**
     * Creates the configuration at start and deletes it on a clean stop (when its failure policy is
     * not Fail).
     */
    REGISTERS_AT_RUN_TIME
  }

  /**
   * One operator. {@code nameKeys}: argument flags or variable names whose value names the
   * configuration; {@code fixedNames}: prefixes or suffixes of its fixed configuration names (with
   * {@code marker}, an argument or variable name that shows the operator runs); {@code secretFlag}
   * (may be "") the flag naming a Secret it reuses as is when it holds {@code secretKeys}.
   */
  public record Row(
      String operator,
      Role role,
      List<String> nameKeys,
      List<String> fixedNames,
      String marker,
      String secretFlag,
      List<String> secretKeys) {
    public Row {
      requireNonNull(operator, "operator == null");
      requireNonNull(role, "role == null");
      nameKeys = List.copyOf(nameKeys);
      fixedNames = List.copyOf(fixedNames);
      requireNonNull(marker, "marker == null");
      requireNonNull(secretFlag, "secretFlag == null");
      secretKeys = List.copyOf(secretKeys);
    }
  }

  /** The table, one row per operator. */
  public static final List<Row> TABLE =
      List.of(
          // Spark Operator 2.x: `webhook start --mutating-webhook-name=...
          // --validating-webhook-name=...`
          // patches both configurations' caBundle from the Secret --webhook-secret-name, which it
          // reuses as is when the four keys are there
          new Row(
              "Spark Operator 2.x",
              Role.FILLS_AT_START,
              List.of("--mutating-webhook-name", "--validating-webhook-name"),
              List.of(),
              "",
              "--webhook-secret-name",
              SPARK_SECRET_KEYS),
          // Spark Operator 1.x: `-webhook-config-name=...` creates the configuration at start,
          // deletes it on stop unless -webhook-fail-on-error=true
          new Row(
              "Spark Operator 1.x",
              Role.REGISTERS_AT_RUN_TIME,
              List.of("-webhook-config-name", "--webhook-config-name"),
              List.of(),
              "",
              "",
              List.of()),
          // Kyverno's admission controller owns its kyverno-*-webhook-cfg configurations
          new Row(
              "Kyverno",
              Role.FILLS_AT_START,
              List.of(),
              List.of("kyverno-"),
              "--autoUpdateWebhooks",
              "",
              List.of()),
          // istiod patches the injector and validator it is told about
          new Row(
              "Istio istiod",
              Role.FILLS_AT_START,
              List.of("INJECTION_WEBHOOK_CONFIG_NAME", "VALIDATION_WEBHOOK_CONFIG_NAME"),
              List.of(),
              "",
              "",
              List.of()),
          // Knative's webhooks reconcile their *.knative.dev configurations
          new Row(
              "Knative webhook",
              Role.FILLS_AT_START,
              List.of(),
              List.of(".knative.dev"),
              "WEBHOOK_NAME",
              "",
              List.of()),
          // KEDA's operator patches keda-admission when it rotates its own certificates
          new Row(
              "KEDA",
              Role.FILLS_AT_START,
              List.of(),
              List.of("keda-admission"),
              "--enable-cert-rotation",
              "",
              List.of()),
          // Volcano's admission registers volcano-admission-service-* with its own CA
          new Row(
              "Volcano admission",
              Role.FILLS_AT_START,
              List.of(),
              List.of("volcano-admission-service-"),
              "--enabled-admission",
              "",
              List.of()),
          // Vault's agent injector: AGENT_INJECT_TLS_AUTO names the configuration it fills
          new Row(
              "Vault agent injector",
              Role.FILLS_AT_START,
              List.of("AGENT_INJECT_TLS_AUTO"),
              List.of(),
              "",
              "",
              List.of()));

  /** A row recognised for a configuration, and the workload and setting that show it. */
  public record Match(Row row, WorkloadRecord workload, String setting) {
    /** {@code Spark Operator 2.x (Deployment ns/name: --mutating-webhook-name=x)}. */
    public String describe() {
      return row.operator() + " (" + workload.meta().ref().describe() + ": " + setting + ")";
    }
  }

  private KnownOperators() {}

  /** The operators that act on {@code caller}'s configuration in {@code role}. */
  public static List<Match> of(Snapshot s, Caller caller, Role role) {
    if (!(caller instanceof Caller.Webhook)) {
      return List.of();
    }
    String name = caller.meta().name();
    return forConfiguration(name.isEmpty() ? s.workloads() : candidates(s.workloads()), name, role);
  }

  /** The last workload list asked about and those of its workloads that any row could match. */
  private record Candidates(List<WorkloadRecord> all, List<WorkloadRecord> some) {}

  private static volatile Candidates lastCandidates = new Candidates(List.of(), List.of());

  /**
   * The workloads of {@code all} that carry a name key or marker of some row: the only ones {@link
   * #setting} can match for a non-empty name (an absent key's value is ""). Kept for the last list
   * asked about (a snapshot's, by identity), so a doctor asking once per caller scans the workloads
   * once, not once per caller.
   */
  private static List<WorkloadRecord> candidates(List<WorkloadRecord> all) {
    Candidates c = lastCandidates;
    if (c.all() == all) {
      return c.some();
    }
    List<WorkloadRecord> some = new ArrayList<>();
    for (WorkloadRecord w : all) {
      if (w.containers().stream().anyMatch(KnownOperators::carriesAnyKey)) {
        some.add(w);
      }
    }
    lastCandidates = new Candidates(all, List.copyOf(some));
    return lastCandidates.some();
  }

  private static boolean carriesAnyKey(WorkloadRecord.Container c) {
    for (Row row : TABLE) {
      for (String key : row.nameKeys()) {
        if (has(c, key)) {
          return true;
        }
      }
      if (!row.marker().isEmpty() && has(c, row.marker())) {
        return true;
      }
    }
    return false;
  }

  /** The operators among {@code workloads} that act on the configuration {@code name} in role. */
  public static List<Match> forConfiguration(
      List<WorkloadRecord> workloads, String name, Role role) {
    List<Match> out = new ArrayList<>();
    for (Row row : TABLE) {
      if (row.role() != role) {
        continue;
      }
      for (WorkloadRecord w : workloads) {
        setting(row, w, name).ifPresent(set -> out.add(new Match(row, w, set)));
      }
    }
    return out;
  }

  /**
   * The row and setting of an operator in {@code w} that reuses the Secret {@code secret} as is
   * when it holds {@code keys}: the Spark Operator 2.x with {@code --webhook-secret-name}.
   */
  public static Optional<Match> keepsSecretAsIs(WorkloadRecord w, String secret, Set<String> keys) {
    for (Row row : TABLE) {
      if (row.secretFlag().isEmpty() || !keys.containsAll(row.secretKeys())) {
        continue;
      }
      for (WorkloadRecord.Container c : w.containers()) {
        String v = value(c, row.secretFlag());
        if (v.equals(secret) && !settingOf(row, c).isEmpty()) {
          return Optional.of(new Match(row, w, row.secretFlag() + "=" + v));
        }
      }
    }
    return Optional.empty();
  }

  /** The flag of a row that names a Secret: such a flag reuses the Secret, it does not renew it. */
  public static boolean reusesWithoutRenewing(WorkloadRecord.Container c, String flag) {
    for (Row row : TABLE) {
      if (row.secretFlag().equals(flag) && !settingOf(row, c).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> setting(Row row, WorkloadRecord w, String name) {
    for (WorkloadRecord.Container c : w.containers()) {
      for (String key : row.nameKeys()) {
        if (value(c, key).equals(name)) {
          return Optional.of(key + "=" + name);
        }
      }
      if (!row.marker().isEmpty()
          && has(c, row.marker())
          && row.fixedNames().stream().anyMatch(f -> name.startsWith(f) || name.endsWith(f))) {
        return Optional.of(row.marker());
      }
    }
    return Optional.empty();
  }

  /** The first name key or marker of {@code row} that {@code c} carries; "" when none. */
  private static String settingOf(Row row, WorkloadRecord.Container c) {
    for (String key : row.nameKeys()) {
      if (has(c, key)) {
        return key;
      }
    }
    return !row.marker().isEmpty() && has(c, row.marker()) ? row.marker() : "";
  }

  private static boolean has(WorkloadRecord.Container c, String key) {
    return c.args().stream().anyMatch(a -> a.equals(key) || a.startsWith(key + "="))
        || c.env().stream().anyMatch(e -> e.name().equals(key));
  }

  /** {@code --flag=value}, {@code --flag value} or the variable's literal value; "" when absent. */
  static String value(WorkloadRecord.Container c, String key) {
    List<String> args = c.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
      if (a.equals(key) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
    }
    for (WorkloadRecord.Env e : c.env()) {
      if (e.name().equals(key) && e.value() != null) {
        return e.value();
      }
    }
    return "";
  }
}
