package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.Links;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container whose flags name one CA file while an environment variable makes its TLS stack trust
 * another (the External-DNS incident: {@code SSL_CERT_FILE} set in the image silently won over
 * {@code --tls-ca}, so Route53 calls failed with "certificate signed by unknown authority").
 */
final class EnvTrustOverride implements Check {

  /** Variables that replace a process's trust store, and whose TLS stack reads them. */
  static final List<String> TRUST_VARS =
      List.of(
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "REQUESTS_CA_BUNDLE",
          "CURL_CA_BUNDLE",
          "NODE_EXTRA_CA_CERTS",
          "AWS_CA_BUNDLE");

  /** Flags by which programs are told which CA file to trust. */
  static final List<String> CA_FLAGS =
      List.of(
          "--tls-ca",
          "--ca-file",
          "--cacert",
          "--ca-cert",
          "--certificate-authority",
          "--root-ca-file",
          "--tls-ca-file",
          "--ca-bundle",
          "--cafile",
          "--tls-ca-cert",
          "--ca-path",
          "--trusted-ca-file");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (WorkloadRecord w : a.snapshot().workloads()) {
      java.util.Set<io.certmedic.core.finding.ObjectRef> present = new java.util.HashSet<>();
      a.snapshot().workloadsIn(w.meta().namespace()).forEach(x -> present.add(x.meta().ref()));
      if (Links.ownedByPresent(w, present)) {
        continue; // its owner is in the input and speaks for it
      }
      for (WorkloadRecord.Container c : w.containers()) {
        String caFlag = null;
        String caFile = null;
        for (String arg : c.args()) {
          for (String flag : CA_FLAGS) {
            if (arg.startsWith(flag + "=")) {
              caFlag = flag;
              caFile = arg.substring(flag.length() + 1);
            }
          }
        }
        if (caFile == null) {
          int i = 0;
          for (String arg : c.args()) {
            if (CA_FLAGS.contains(arg) && i + 1 < c.args().size()) {
              caFlag = arg;
              caFile = c.args().get(i + 1);
            }
            i++;
          }
        }
        boolean trustConfigured =
            caFile != null
                || c.env().stream()
                    .anyMatch(e -> TRUST_VARS.contains(e.name()) || isJvmTrustStore(e));
        if (!trustConfigured) {
          unreferencedCa(a, w, c).ifPresent(out::add);
        }
        for (WorkloadRecord.Env e : c.env()) {
          if (!TRUST_VARS.contains(e.name()) && !isJvmTrustStore(e)) {
            continue;
          }
          String value = e.value() == null ? "(" + e.valueFrom() + ")" : e.value();
          if (caFile != null && !covers(value, caFile)) {
            out.add(
                new Finding(
                    FindingCode.ENV_TRUST_OVERRIDE,
                    Severity.ERROR,
                    w.meta().ref(),
                    List.of(),
                    w.meta().ref().describe()
                        + " container "
                        + c.name()
                        + ": "
                        + caFlag
                        + "="
                        + caFile
                        + " names the CA to trust, but "
                        + e.name()
                        + "="
                        + value
                        + " replaces the trust store its TLS stack uses (Go reads SSL_CERT_FILE for the system pool), so the flag's CA may never be used:"
                        + " calls fail with \"x509: certificate signed by unknown authority\"",
                    List.of("args: " + String.join(" ", c.args()), "env " + e.name() + "=" + value),
                    "Point "
                        + e.name()
                        + " at the CA the flag names (env "
                        + e.name()
                        + "="
                        + caFile
                        + "), or mount the custom CA over "
                        + value
                        + "; then check the logs after deploying. The image may set it too: kubectl exec ... -- env | grep SSL_CERT"));
          }
        }
      }
    }
    return out;
  }

  /** Where images keep their system trust store: a CA mounted there is used without being named. */
  static final List<String> SYSTEM_TRUST_PATHS =
      List.of(
          "/etc/ssl",
          "/etc/pki",
          "/usr/local/share/ca-certificates",
          "/usr/share/ca-certificates",
          "/etc/ca-certificates",
          "/var/run/secrets/kubernetes.io",
          "/run/secrets/kubernetes.io");

  /**
   * A mounted bundle of CA certificates that no argument, variable or mounted ConfigMap names: the
   * process most likely never reads it and trusts only its built-in store.
   */
  private static java.util.Optional<Finding> unreferencedCa(
      Analysis a, WorkloadRecord w, WorkloadRecord.Container c) {
    String ns = w.meta().namespace();
    for (WorkloadRecord.Mount m : c.mounts()) {
      if (SYSTEM_TRUST_PATHS.stream().anyMatch(p -> m.mountPath().startsWith(p))) {
        continue;
      }
      for (WorkloadRecord.Volume v : w.volumes()) {
        if (!v.name().equals(m.volume())) {
          continue;
        }
        for (WorkloadRecord.Source src : v.sources()) {
          java.util.Map<String, io.certmedic.core.snapshot.DataField> fields =
              "Secret".equals(src.kind())
                  ? a.snapshot()
                      .secret(ns, src.name())
                      .map(io.certmedic.core.snapshot.SecretRecord::fields)
                      .orElse(null)
                  : a.snapshot()
                      .configMap(ns, src.name())
                      .map(io.certmedic.core.snapshot.ConfigMapRecord::fields)
                      .orElse(null);
          if (fields == null
              || fields.isEmpty()
              || !fields.values().stream()
                  .allMatch(
                      f ->
                          !f.certs().isEmpty()
                              && f.certs().stream().allMatch(x -> x.facts().ca()))) {
            continue; // not a pure CA bundle (a serving cert, a key, or not in the input)
          }
          if (mentioned(a, w, c, m.mountPath(), src.name())) {
            continue;
          }
          return java.util.Optional.of(
              new Finding(
                  FindingCode.ENV_TRUST_OVERRIDE,
                  Severity.WARNING,
                  w.meta().ref(),
                  List.of(io.certmedic.core.finding.ObjectRef.of(src.kind(), ns, src.name())),
                  w.meta().ref().describe()
                      + " container "
                      + c.name()
                      + " mounts the CA bundle "
                      + src.kind()
                      + " "
                      + src.name()
                      + " at "
                      + m.mountPath()
                      + ", but no argument, environment variable or mounted config names that path: the process probably trusts only its built-in store,"
                      + " and calls to servers signed by that CA fail with \"x509: certificate signed by unknown authority\"",
                  List.of(
                      "mount "
                          + m.volume()
                          + " at "
                          + m.mountPath()
                          + " <- "
                          + src.kind()
                          + " "
                          + ns
                          + "/"
                          + src.name()
                          + " "
                          + fields.keySet(),
                      "args: " + String.join(" ", c.args())),
                  "Tell the process to use it: SSL_CERT_FILE="
                      + m.mountPath()
                      + "/"
                      + fields.keySet().iterator().next()
                      + " (Go, OpenSSL, curl), its CA flag (e.g. --tls-ca), or mount it into the system store (e.g. /etc/ssl/certs/ca-certificates.crt)."));
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean mentioned(
      Analysis a, WorkloadRecord w, WorkloadRecord.Container c, String path, String bundle) {
    if (c.args().stream().anyMatch(x -> x.contains(path))
        || c.env().stream().anyMatch(e -> e.value() != null && e.value().contains(path))) {
      return true;
    }
    // A config file mounted from another ConfigMap may name the path; the snapshot keeps no
    // config text, so the doctor stays quiet rather than guess.
    for (WorkloadRecord.Mount m : c.mounts()) {
      for (WorkloadRecord.Volume v : w.volumes()) {
        if (v.name().equals(m.volume())
            && v.sources().stream()
                .anyMatch(s -> "ConfigMap".equals(s.kind()) && !s.name().equals(bundle))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isJvmTrustStore(WorkloadRecord.Env e) {
    return (e.name().equals("JAVA_TOOL_OPTIONS")
            || e.name().equals("JAVA_OPTS")
            || e.name().equals("JDK_JAVA_OPTIONS"))
        && e.value() != null
        && e.value().contains("javax.net.ssl.trustStore=");
  }

  /** True when the variable points at the flag's file, or a directory holding it. */
  private static boolean covers(String value, String caFile) {
    String v = value.toLowerCase(Locale.ROOT);
    String f = caFile.toLowerCase(Locale.ROOT);
    if (v.contains("javax.net.ssl.truststore=")) {
      return false;
    }
    return v.equals(f) || f.startsWith(v.endsWith("/") ? v : v + "/");
  }
}
