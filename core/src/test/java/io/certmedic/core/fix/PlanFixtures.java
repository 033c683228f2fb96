package io.certmedic.core.fix;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.KeyFacts;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Snapshot records for planner tests, made in memory: one webhook Service {@code web/gate} (port
 * 443 to the container port "https") served by Deployment {@code web/gate} from Secret {@code
 * web/gate-tls}, and the findings a test hands the planner.
 */
final class PlanFixtures {

  static final String NS = "web";
  static final ObjectRef SECRET = ObjectRef.of("Secret", NS, "gate-tls");
  static final ObjectRef DEPLOYMENT = ObjectRef.of("Deployment", NS, "gate");
  static final ObjectRef WEBHOOKS = ObjectRef.cluster("ValidatingWebhookConfiguration", "gate");

  private PlanFixtures() {}

  static Meta meta(ObjectRef ref, Map<String, String> annotations) {
    return new Meta(ref, Map.of(), annotations, List.of(), true, "test");
  }

  static DataField certs(TestPki.Cert... certs) {
    return new DataField.Certs(Arrays.stream(certs).map(c -> CertInfo.of(c.cert())).toList());
  }

  static CertInfo info(TestPki.Cert c) {
    return CertInfo.of(c.cert());
  }

  static DataField key(TestPki.Cert c) {
    return new DataField.Key("EC P-256", KeyFacts.publicKeyId(c.cert().getPublicKey()), false);
  }

  static SecretRecord secret(ObjectRef ref, Map<String, String> annotations, Object... keyValues) {
    Map<String, DataField> fields = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      fields.put((String) keyValues[i], (DataField) keyValues[i + 1]);
    }
    return new SecretRecord(meta(ref, annotations), "kubernetes.io/tls", fields.keySet(), fields);
  }

  /** The serving Secret {@code web/gate-tls}: tls.crt, tls.key and ca.crt. */
  static SecretRecord servingSecret(TestPki.Cert leaf, TestPki.Cert ca) {
    return secret(
        SECRET, Map.of(), "tls.crt", certs(leaf), "tls.key", key(leaf), "ca.crt", certs(ca));
  }

  static ServiceRecord service() {
    return new ServiceRecord(
        meta(ObjectRef.of("Service", NS, "gate"), Map.of()),
        Map.of("app", "gate"),
        List.of(new ServiceRecord.Port("https", 443, "https")),
        false,
        "ClusterIP");
  }

  /** Deployment {@code web/gate}: serves "https" from a volume of Secret {@code web/gate-tls}. */
  static WorkloadRecord deployment() {
    return new WorkloadRecord(
        meta(DEPLOYMENT, Map.of()),
        Map.of("app", "gate"),
        List.of(
            new WorkloadRecord.Container(
                "server",
                false,
                List.of(),
                List.of(),
                List.of(new WorkloadRecord.Mount("certs", "/certs", null)),
                List.of(new WorkloadRecord.Port("https", 8443)))),
        List.of(
            new WorkloadRecord.Volume(
                "certs",
                List.of(new WorkloadRecord.Source("Secret", "gate-tls", Map.of(), false)),
                false)));
  }

  /** Webhook {@code name} in ValidatingWebhookConfiguration {@code gate}, dialling web/gate. */
  static Caller.Webhook webhook(String name, Map<String, String> annotations, TestPki.Cert... ca) {
    return new Caller.Webhook(
        meta(WEBHOOKS, annotations),
        name,
        "Fail",
        List.of(),
        new ClientConfig(
            new ClientConfig.ServiceRef(NS, "gate", 443, "/validate"), null, certs(ca)));
  }

  /** Service, Deployment, serving Secret and the callers. */
  static SnapshotBuilder cluster(TestPki.Cert leaf, TestPki.Cert ca, Caller... callers) {
    SnapshotBuilder b =
        Snapshot.builder().add(service()).add(deployment()).add(servingSecret(leaf, ca));
    for (Caller c : callers) {
      b.add(c);
    }
    return b;
  }

  static ConfigMapRecord configMap(
      ObjectRef ref, Map<String, String> labels, String key, DataField f) {
    return new ConfigMapRecord(
        new Meta(ref, labels, Map.of(), List.of(), true, "test"),
        Map.of(key, f).keySet(),
        Map.of(key, f));
  }

  static Finding finding(
      FindingCode code, Severity severity, ObjectRef object, ObjectRef... related) {
    return new Finding(
        code, severity, object, List.of(related), code + " on " + object.describe(), List.of(), "");
  }

  static PlanInput input(Snapshot s, FixOptions options, Finding... findings) {
    return PlanInput.of(
        s, new Report(List.of(findings), 0, Map.of()), options, TestPki.NOW, new SecureRandom());
  }

  static PlanInput input(Snapshot s, Finding... findings) {
    return input(s, FixOptions.defaults(), findings);
  }

  /** Each step as "Kind target: summary", for exact comparisons. */
  static List<String> lines(Decisions d) {
    return d.steps().stream()
        .map(s -> s.getClass().getSimpleName() + " " + s.target().describe() + ": " + s.summary())
        .toList();
  }
}
