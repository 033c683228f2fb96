package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container whose flags name one CA file while an environment variable makes its TLS stack
 * trust another (the External-DNS incident: {@code SSL_CERT_FILE} set in the image silently won
 * over {@code --tls-ca}, so Route53 calls failed with "certificate signed by unknown authority").
 */
final class EnvTrustOverride implements Check {

  /** Variables that replace a process's trust store, and whose TLS stack reads them. */
  static final List<String> TRUST_VARS = List.of("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "AWS_CA_BUNDLE");

  /** Flags by which programs are told which CA file to trust. */
  static final List<String> CA_FLAGS = List.of("--tls-ca", "--ca-file", "--cacert", "--ca-cert", "--certificate-authority", "--root-ca-file",
      "--tls-ca-file", "--ca-bundle", "--cafile", "--tls-ca-cert", "--ca-path", "--trusted-ca-file");

  @Override
  public List<Finding> run(Analysis a) {
    List<Finding> out = new ArrayList<>();
    for (WorkloadRecord w : a.snapshot().workloads()) {
      if (!w.meta().owners().isEmpty() && w.meta().owners().stream().anyMatch(o -> a.snapshot().workloadsIn(w.meta().namespace()).stream().anyMatch(x -> x.meta().ref().equals(o)))) {
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
        for (WorkloadRecord.Env e : c.env()) {
          if (!TRUST_VARS.contains(e.name()) && !isJvmTrustStore(e)) {
            continue;
          }
          String value = e.value() == null ? "(" + e.valueFrom() + ")" : e.value();
          if (caFile != null && !covers(value, caFile)) {
            out.add(new Finding(FindingCode.ENV_TRUST_OVERRIDE, Severity.ERROR, w.meta().ref(), List.of(),
                w.meta().ref().describe() + " container " + c.name() + ": " + caFlag + "=" + caFile + " names the CA to trust, but " + e.name() + "=" + value
                    + " replaces the trust store its TLS stack uses (Go reads SSL_CERT_FILE for the system pool), so the flag's CA may never be used:"
                    + " calls fail with \"x509: certificate signed by unknown authority\"",
                List.of("args: " + String.join(" ", c.args()), "env " + e.name() + "=" + value),
                "Point " + e.name() + " at the CA the flag names (env " + e.name() + "=" + caFile + "), or mount the custom CA over " + value
                    + "; then check the logs after deploying. The image may set it too: kubectl exec ... -- env | grep SSL_CERT"));
          }
        }
      }
    }
    return out;
  }

  private static boolean isJvmTrustStore(WorkloadRecord.Env e) {
    return (e.name().equals("JAVA_TOOL_OPTIONS") || e.name().equals("JAVA_OPTS") || e.name().equals("JDK_JAVA_OPTIONS"))
        && e.value() != null && e.value().contains("javax.net.ssl.trustStore=");
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
