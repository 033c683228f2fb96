package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RedactorTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final JsonMapper JSON = new JsonMapper();

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String decode(ObjectNode o, String key) {
    return new String(
        Base64.getDecoder().decode(o.path("data").path(key).asString()),
        StandardCharsets.ISO_8859_1);
  }

  /**
   * PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), as OpenSSL's legacy output writes them.
   */
  static String legacyPem(KeyPair kp) throws Exception {
    java.io.StringWriter w = new java.io.StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(kp);
    }
    return w.toString();
  }

  /** SEC1 with its curve named, as {@code openssl ecparam -genkey} writes it. */
  static String sec1(KeyPair kp) throws Exception {
    var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
    var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    var full =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
    return TestPki.keyBlock(
        "EC", Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(full.getEncoded()));
  }

  String id(String pem) {
    DataField f = new FieldParser().parse(pem.getBytes(StandardCharsets.ISO_8859_1), "x", true);
    assertThat(f).as(pem).isInstanceOf(DataField.Key.class);
    return ((DataField.Key) f).publicKeyId();
  }

  @Test
  void everyPrivateKeyFlavourBecomesItsPublicKeyWhateverTheKeyIsCalled() throws Exception {
    // Given a Secret with PKCS#8, PKCS#1 and SEC1 keys, one under a name that says nothing
    KeyPair rsa = KeyType.RSA_2048.generate(RANDOM);
    KeyPair ec = KeyType.ECDSA_P256.generate(RANDOM);
    String pkcs8 = PemWriter.privateKey(ec.getPrivate());
    String pkcs1 = legacyPem(rsa);
    String sec1 = sec1(ec);
    ObjectNode s =
        (ObjectNode)
            JSON.readTree(
                """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"a","namespace":"n","annotations":{"keep":"me"}},"type":"Opaque",
         "data":{"tls.key":"%s","blob":"%s","ec.pem":"%s","password":"%s","der":"%s"}}"""
                    .formatted(
                        b64(pkcs8),
                        b64(pkcs1),
                        b64(sec1),
                        b64("hunter2"),
                        Base64.getEncoder().encodeToString(ec.getPrivate().getEncoded())));
    String before = id(pkcs8);

    // When redacted
    Redactor r = new Redactor();
    r.redact(s);

    // Then each key is a PUBLIC KEY with the same public-key id, and the keys are named
    assertThat(decode(s, "tls.key"))
        .startsWith("-----BEGIN PUBLIC KEY-----")
        .doesNotContain("PRIVATE");
    assertThat(id(decode(s, "tls.key"))).isEqualTo(before);
    assertThat(id(decode(s, "blob"))).isEqualTo(KeyFacts.publicKeyId(rsa.getPublic()));
    assertThat(id(decode(s, "ec.pem"))).as(sec1).isEqualTo(KeyFacts.publicKeyId(ec.getPublic()));
    assertThat(id(decode(s, "der"))).isEqualTo(KeyFacts.publicKeyId(ec.getPublic()));
    assertThat(decode(s, "password")).isEqualTo("hunter2");
    assertThat(s.path("metadata").path("annotations").path(Redactor.REDACTED_KEYS).asString())
        .isEqualTo("tls.key,blob,ec.pem,der");
    assertThat(r.summary()).isEqualTo("4 private keys replaced by their public keys");
  }

  @Test
  void anEncryptedKeyBecomesANoteThatReadsBackAsAnEncryptedKey() throws Exception {
    String enc =
        TestPki.keyBlock(
            "ENCRYPTED",
            "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI"); // an encrypted-key header only, no
    // key
    ObjectNode s =
        (ObjectNode)
            JSON.readTree(
                "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"},\"data\":{\"tls.key\":\""
                    + b64(enc)
                    + "\"}}");
    new Redactor().redact(s);
    String v = decode(s, "tls.key");
    assertThat(v)
        .startsWith("# certmedic redacted: encrypted private key")
        .doesNotContain("MIIBvTBX", "PRIVATE KEY");
    assertThat(new FieldParser().parse(v.getBytes(StandardCharsets.ISO_8859_1), "x", true))
        .isEqualTo(new DataField.Key("encrypted private key", null, true));
  }

  @Test
  void keysInConfigMapsEnvValuesAndBase64WrappedKubeconfigsAreFoundByContent() throws Exception {
    KeyPair ec = KeyType.ECDSA_P256.generate(RANDOM);
    String pem = PemWriter.privateKey(ec.getPrivate());
    String kubeconfig = "users:\n- name: admin\n  user:\n    client-key-data: " + b64(pem) + "\n";
    ObjectNode cm =
        (ObjectNode)
            JSON.readTree(
                JSON.writeValueAsString(
                    java.util.Map.of(
                        "kind",
                        "ConfigMap",
                        "metadata",
                        java.util.Map.of("name", "c"),
                        "data",
                        java.util.Map.of(
                            "notes.txt", "key below\n" + pem, "kubeconfig", kubeconfig))));
    ObjectNode dep =
        (ObjectNode)
            JSON.readTree(
                JSON.writeValueAsString(
                    java.util.Map.of(
                        "kind",
                        "Deployment",
                        "metadata",
                        java.util.Map.of("name", "d"),
                        "spec",
                        java.util.Map.of(
                            "template",
                            java.util.Map.of(
                                "spec",
                                java.util.Map.of(
                                    "containers",
                                    java.util.List.of(
                                        java.util.Map.of(
                                            "name",
                                            "c",
                                            "env",
                                            java.util.List.of(
                                                java.util.Map.of(
                                                    "name", "KEY", "value", pem))))))))));
    new Redactor().redact(cm);
    new Redactor().redact(dep);
    String all = cm.toString() + dep.toString();
    assertThat(all)
        .doesNotContain("PRIVATE KEY", b64(pem).substring(0, 60), pem.substring(40, 100));
    assertThat(cm.path("data").path("notes.txt").asString())
        .startsWith("key below\n-----BEGIN PUBLIC KEY-----");
    assertThat(
            new String(
                Base64.getDecoder()
                    .decode(
                        cm.path("data")
                            .path("kubeconfig")
                            .asString()
                            .split("client-key-data: ")[1]
                            .trim()),
                StandardCharsets.ISO_8859_1))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(dep.path("metadata").path("annotations").path(Redactor.REDACTED_FIELDS).asString())
        .isEqualTo("spec.template.spec.containers[0].env[0].value");
  }

  @Test
  void helmReleasesLastAppliedAndManagedFieldsAreDropped() throws Exception {
    ObjectNode helm =
        (ObjectNode)
            JSON.readTree(
                """
        {"kind":"Secret","metadata":{"name":"sh.helm.release.v1.web.v3","managedFields":[{"manager":"helm"}],
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"data\\":{\\"password\\":\\"aHVudGVyMg==\\"}}"}},
         "type":"helm.sh/release.v1","data":{"release":"SDRzSUFBQUFBQUFBLzZ4VVRXL2FRQkM5OQ=="}}""");
    Redactor r = new Redactor();
    r.redact(helm);
    assertThat(helm.toString())
        .doesNotContain("SDRzSUFB", "last-applied", "managedFields", "aHVudGVyMg==");
    assertThat(decode(helm, "release")).startsWith("certmedic redacted: this Helm release");
    assertThat(
            helm.path("metadata")
                .path("annotations")
                .path(Redactor.REDACTED_HELM_RELEASE)
                .asString())
        .isNotEmpty();
    assertThat(r.summary())
        .isEqualTo(
            "1 Helm release Secret emptied, 1 last-applied-configuration annotation dropped");
  }

  @Test
  void aBrokenKeyBlockIsRemovedWhole() {
    String broken = TestPki.keyBegin("RSA") + "\nMIIEowIBAAKCAQEA\n"; // truncated: no END line
    assertThat(new Redactor().redactText(broken))
        .startsWith("# certmedic redacted: unreadable private key")
        .doesNotContain("MIIEow");
  }

  @Test
  void aRoutesInlineKeyIsReplacedByItsPublicKeyAndReadsBackAsTheSameKey() throws Exception {
    TestPki.Cert ca = TestPki.ca("router-ca").build();
    TestPki.Cert leaf = TestPki.leaf("shop.apps.example.com").signedBy(ca).build();
    String yaml = Fixture.manifest().route("web", "shop", "shop.apps.example.com", leaf, ca).yaml();
    ObjectNode route =
        (ObjectNode) new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml.substring(4));

    Redactor r = new Redactor();
    r.redact(route);

    assertThat(route.toString()).doesNotContain("PRIVATE KEY");
    assertThat(route.path("spec").path("tls").path("key").asString())
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(route.path("metadata").path("annotations").path(Redactor.REDACTED_FIELDS).asString())
        .isEqualTo("spec.tls.key");
    assertThat(r.summary()).isEqualTo("1 private key replaced by its public key");
    var b = io.certmedic.core.snapshot.Snapshot.builder();
    new SnapshotReader(b).document(new io.certmedic.kube.manifest.Document(route, "snapshot.yaml"));
    assertThat(b.build().routes().get(0).key())
        .isInstanceOfSatisfying(
            DataField.Key.class,
            k -> {
              assertThat(k.standIn()).isTrue();
              assertThat(k.publicKeyId())
                  .isEqualTo(KeyFacts.publicKeyId(leaf.cert().getPublicKey()));
            });
  }

  @Test
  void aCertificateHoldersDataChangeTimeIsKeptAndTheRestOfManagedFieldsDropped() throws Exception {
    String ca = Fixture.pem(TestPki.ca("bundle-ca").build());
    ObjectNode bundle =
        (ObjectNode)
            JSON.readTree(
                """
        {"kind":"ConfigMap","metadata":{"name":"trust-bundle","namespace":"web","managedFields":[
          {"manager":"trust-manager","operation":"Apply","time":"2026-05-20T09:30:00Z","fieldsType":"FieldsV1",
           "fieldsV1":{"f:data":{"f:ca.crt":{}}}},
          {"manager":"kubectl-label","operation":"Update","time":"2026-05-25T00:00:00Z","fieldsType":"FieldsV1",
           "fieldsV1":{"f:metadata":{"f:labels":{"f:team":{}}}}}]},
         "data":{"ca.crt":%s}}"""
                    .formatted(JSON.writeValueAsString(ca)));
    ObjectNode plain =
        (ObjectNode)
            JSON.readTree(
                """
        {"kind":"ConfigMap","metadata":{"name":"settings","namespace":"web","managedFields":[
          {"manager":"helm","operation":"Update","time":"2026-05-20T09:30:00Z","fieldsV1":{"f:data":{}}}]},
         "data":{"level":"debug"}}""");

    Redactor r = new Redactor();
    r.redact(bundle);
    r.redact(plain);

    assertThat(bundle.path("metadata").path("managedFields").toString())
        .isEqualTo(
            "[{\"manager\":\"certmedic-snapshot\",\"operation\":\"Update\",\"time\":\"2026-05-20T09:30:00Z\","
                + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{}}}]");
    assertThat(plain.path("metadata").has("managedFields")).isFalse();
    var b = io.certmedic.core.snapshot.Snapshot.builder();
    new SnapshotReader(b)
        .document(new io.certmedic.kube.manifest.Document(bundle, "snapshot.json"));
    assertThat(b.build().configMaps().get(0).dataChange().changedAt())
        .contains(java.time.Instant.parse("2026-05-20T09:30:00Z"));
  }
}
