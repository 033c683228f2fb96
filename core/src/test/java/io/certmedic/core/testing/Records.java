package io.certmedic.core.testing;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.x509.KeyFacts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds snapshot records in memory, without YAML, for tests in {@code core} (which cannot use
 * {@code kube}'s {@code Fixture}): Secrets holding {@link TestPki} certificates and keys, Services,
 * workloads that mount a Secret, webhooks. Private keys become what a snapshot keeps of them: a
 * description and the id of their public half.
 *
 * <pre>{@code
 * SecretRecord s = Records.secret("ns", "svc-tls").cert("tls.crt", leaf).key("tls.key", leaf).build();
 * }</pre>
 */
public final class Records {

  private Records() {}

  /** Metadata of a live object (read from a running cluster) with no labels or annotations. */
  public static Meta meta(String kind, String namespace, String name) {
    return new Meta(ObjectRef.of(kind, namespace, name), Map.of(), Map.of(), List.of(), true, "");
  }

  /** The certificates, in order, as a snapshot field. */
  public static DataField certs(TestPki.Cert... certs) {
    return new DataField.Certs(Arrays.stream(certs).map(c -> CertInfo.of(c.cert())).toList());
  }

  /** What a snapshot keeps of {@code owner}'s private key. */
  public static DataField key(TestPki.Cert owner) {
    return new DataField.Key(
        KeyFacts.describe(owner.keys().getPublic()),
        KeyFacts.publicKeyId(owner.keys().getPublic()),
        false);
  }

  public static SecretBuilder secret(String namespace, String name) {
    return new SecretBuilder(namespace, name);
  }

  /** A Service selecting {@code app=<app>}, exposing {@code port} to the named target port. */
  public static ServiceRecord service(
      String namespace, String name, String app, int port, String targetPort) {
    return new ServiceRecord(
        meta("Service", namespace, name),
        Map.of("app", app),
        List.of(new ServiceRecord.Port("https", port, targetPort)),
        false,
        "ClusterIP");
  }

  /**
   * A Deployment whose pods carry {@code app=<app>} and whose one container serves {@code portName}
   * (8443) with Secret {@code secret} mounted at {@code /certs}.
   */
  public static WorkloadRecord deployment(
      String namespace, String name, String app, String portName, String secret) {
    WorkloadRecord.Container server =
        new WorkloadRecord.Container(
            "server",
            false,
            List.of("/server", "--tls-dir=/certs"),
            List.of(),
            List.of(new WorkloadRecord.Mount("certs", "/certs", "")),
            List.of(new WorkloadRecord.Port(portName, 8443)));
    WorkloadRecord.Volume certs =
        new WorkloadRecord.Volume(
            "certs", List.of(new WorkloadRecord.Source("Secret", secret, Map.of(), false)), false);
    return new WorkloadRecord(
        meta("Deployment", namespace, name), Map.of("app", app), List.of(server), List.of(certs));
  }

  /**
   * Webhook {@code hook} of ValidatingWebhookConfiguration {@code config}, failurePolicy Fail,
   * calling Service {@code namespace/service} on 443 and trusting {@code caBundle}.
   */
  public static Caller.Webhook webhook(
      String config, String hook, String namespace, String service, TestPki.Cert caBundle) {
    return new Caller.Webhook(
        meta("ValidatingWebhookConfiguration", "", config),
        hook,
        "Fail",
        List.of("CREATE pods"),
        new ClientConfig(
            new ClientConfig.ServiceRef(
                namespace, service, ClientConfig.ServiceRef.DEFAULT_PORT, "/validate"),
            null,
            certs(caBundle)));
  }

  /** Fluent builder of a Secret; every field added is also one of its data keys. */
  public static final class SecretBuilder {
    private final String namespace;
    private final String name;
    private String type = "kubernetes.io/tls";
    private final Map<String, DataField> fields = new LinkedHashMap<>();

    private SecretBuilder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public SecretBuilder type(String t) {
      this.type = t;
      return this;
    }

    public SecretBuilder cert(String key, TestPki.Cert... chain) {
      return field(key, certs(chain));
    }

    public SecretBuilder key(String key, TestPki.Cert owner) {
      return field(key, Records.key(owner));
    }

    public SecretBuilder field(String key, DataField value) {
      fields.put(key, value);
      return this;
    }

    public SecretRecord build() {
      return new SecretRecord(meta("Secret", namespace, name), type, fields.keySet(), fields);
    }
  }
}
