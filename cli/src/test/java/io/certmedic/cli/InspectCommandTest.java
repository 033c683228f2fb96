package io.certmedic.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class InspectCommandTest {

  private static final TestPki.Cert CA = TestPki.ca("inspect-ca").build();
  private static final TestPki.Cert LEAF = TestPki.leaf("web.demo.svc", "web").signedBy(CA).build();
  private static final String AT = "--at=" + TestPki.NOW;

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(US_ASCII));
  }

  private String secretYaml(TestPki.Cert cert, java.security.PrivateKey key) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: demo}\ntype: kubernetes.io/tls\ndata:\n"
        + "  tls.crt: "
        + b64(PemWriter.certificate(cert.cert()))
        + "\n"
        + "  tls.key: "
        + b64(PemWriter.privateKey(key))
        + "\n"
        + "  ca.crt: "
        + b64(PemWriter.certificate(CA.cert()))
        + "\n"
        + "  password: "
        + b64("hunter2")
        + "\n";
  }

  @Test
  void showsAChainAndAMatchingKeyAcrossTwoFiles() throws Exception {
    Path crt = write("tls.crt", PemWriter.certificates(java.util.List.of(LEAF.cert(), CA.cert())));
    Path key = write("tls.key", PemWriter.privateKey(LEAF.key()));
    CliRun r = CliRun.of("inspect", crt.toString(), key.toString(), AT);
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "certificate 1 of 2: leaf",
            "certificate 2 of 2: root CA",
            "names:     web.demo.svc, web",
            "expires in 90 days")
        .contains("private key: EC P-256 (PKCS#8), matches " + crt + " (certificate 1)")
        .doesNotContain("PRIVATE KEY-----");
  }

  @Test
  void aChainThatListsTheCaBeforeTheLeafIsAProblemButACaBundleIsNot() throws Exception {
    Path wrong =
        write("wrong.crt", PemWriter.certificates(java.util.List.of(CA.cert(), LEAF.cert())));
    CliRun r = CliRun.of("inspect", wrong.toString(), AT);
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out()).contains(wrong + " lists the CA before the leaf");
    Path bundle =
        write(
            "bundle.crt",
            PemWriter.certificates(
                java.util.List.of(CA.cert(), TestPki.ca("other-ca").build().cert())));
    assertThat(CliRun.of("inspect", bundle.toString(), AT).exit()).isZero();
  }

  @Test
  void readsASecretMatchesItsKeyAndSkipsFieldsThatAreNotCertificates() throws Exception {
    Path yaml = write("secret.yaml", secretYaml(LEAF, LEAF.key()));
    CliRun r = CliRun.of("inspect", yaml.toString(), AT);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Secret demo/web-tls", "data[tls.crt]:", "matches data[tls.crt]", "data[ca.crt]:")
        .doesNotContain("password");
  }

  @Test
  void aKeyThatBelongsToAnotherCertificateIsAProblem() throws Exception {
    Path yaml = write("secret.yaml", secretYaml(LEAF, TestPki.leaf("x").build().key()));
    CliRun r = CliRun.of("inspect", yaml.toString(), AT);
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out())
        .contains(
            "Secret demo/web-tls data[tls.key]: the private key matches no certificate given");
  }

  @Test
  void anExpiredCertificateAndACnOnlyLeafAreProblems() throws Exception {
    Path crt =
        write(
            "old.crt",
            PemWriter.certificate(TestPki.leaf("old.demo.svc").expiredDaysAgo(40).build().cert())
                + PemWriter.certificate(TestPki.leaf("cn-only.demo.svc").noSans().build().cert()));
    CliRun r = CliRun.of("inspect", crt.toString(), AT);
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out()).contains("expired 40 days ago", "has no SAN extension");
  }

  @Test
  void jsonIsAStableDocumentWithRfc3339Times() throws Exception {
    Path yaml = write("secret.yaml", secretYaml(LEAF, LEAF.key()));
    CliRun r = CliRun.of("inspect", yaml.toString(), AT, "-o", "json");
    JsonNode root = Json.MAPPER.readTree(r.out());
    JsonNode field = root.path("inputs").get(0).path("fields").get(0);
    assertThat(root.path("inputs").get(0).path("object").path("kind").asString())
        .isEqualTo("Secret");
    assertThat(field.path("field").asString()).isEqualTo("data[tls.crt]");
    JsonNode cert = field.path("certificates").get(0);
    assertThat(cert.path("position").asString()).isEqualTo("leaf");
    assertThat(cert.path("dnsNames").toString()).isEqualTo("[\"web.demo.svc\",\"web\"]");
    assertThat(cert.path("notAfter").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(cert.path("validity").asString()).isEqualTo("valid");
    JsonNode key = root.path("inputs").get(0).path("fields").get(1).path("keys").get(0);
    assertThat(key.path("matches").asString()).isEqualTo("data[tls.crt]");
    assertThat(r.out()).doesNotContain(b64(PemWriter.privateKey(LEAF.key())).substring(0, 40));
    assertThat(root.path("problems").isEmpty()).isTrue();
  }

  @Test
  void yamlIsTheSameDocumentAsJson() throws Exception {
    Path yaml = write("secret.yaml", secretYaml(LEAF, LEAF.key()));
    JsonNode fromJson =
        Json.MAPPER.readTree(CliRun.of("inspect", yaml.toString(), AT, "-o", "json").out());
    JsonNode fromYaml =
        new tools.jackson.dataformat.yaml.YAMLMapper()
            .readTree(CliRun.of("inspect", yaml.toString(), AT, "-o", "yaml").out());
    assertThat(fromYaml).isEqualTo(fromJson);
  }

  @Test
  void readsAKubeconfigsEmbeddedCertificates() throws Exception {
    Path kc =
        write(
            "kubeconfig",
            "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://api-int.example:6443\n    certificate-authority-data: "
                + b64(PemWriter.certificate(CA.cert()))
                + "\nusers: []\ncontexts: []\n");
    CliRun r = CliRun.of("inspect", kc.toString(), AT);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("clusters[prod].certificate-authority-data:", "root CA");
  }

  /** The malformed corpus: each input is refused with exit 2 and one line naming the file. */
  @Test
  void malformedInputIsOneLineAndExitTwoNeverAStackTrace() throws Exception {
    String pem = PemWriter.certificate(LEAF.cert());
    byte[] noise = new byte[20 * 1024 * 1024];
    new Random(1).nextBytes(noise);
    byte[] junk = new byte[300];
    new Random(2).nextBytes(junk);
    junk[0] = 0x01;
    Path[] inputs = {
      write("empty.pem", ""),
      write("truncated.pem", pem.substring(0, pem.length() / 2)),
      write("armor.pem", pem.replace("END CERTIFICATE", "END RSA PRIVATE KEY")),
      Files.write(dir.resolve("junk.bin"), junk),
      Files.write(dir.resolve("noise.bin"), noise),
      write("text.log", "I0225 04:24:18 everything is fine\n"),
      dir.resolve("missing.pem"),
    };
    for (Path p : inputs) {
      CliRun r = CliRun.of("inspect", p.toString());
      assertThat(r.exit()).as(p + ": " + r.err()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().strip())
          .as(p.toString())
          .startsWith("certmedic: " + p)
          .doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aBrokenObjectInAGoodFileIsReportedAndTheRestIsShown() throws Exception {
    Path yaml =
        write(
            "mixed.yaml",
            secretYaml(LEAF, LEAF.key()) + "---\nkind: Secret\nmetadata: {name: [oops\n");
    CliRun r = CliRun.of("inspect", yaml.toString(), AT);
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(r.out())
        .contains(
            "Secret demo/web-tls",
            "document 2 (line 11) is not valid YAML",
            "(at line 12, column 23)");
  }

  @Test
  void aBadFlagIsAUsageError() {
    CliRun r = CliRun.of("inspect", "x.pem", "--at", "yesterday");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--at: 'yesterday' is not an RFC 3339 time");
  }

  private Path p12(String password) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "web",
        LEAF.key(),
        password.toCharArray(),
        new java.security.cert.Certificate[] {LEAF.cert(), CA.cert()});
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ks.store(bytes, password.toCharArray());
    return Files.write(dir.resolve("web.p12"), bytes.toByteArray());
  }

  @Test
  void readsAPkcs12KeystoreWithItsPasswordAndNeverPrintsTheKey() throws Exception {
    Path store = p12("changeit");
    CliRun r = CliRun.of("inspect", store.toString(), "--password", "changeit", AT);
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("certificate 1 of 2: leaf", "CN=web.demo.svc", "certificate 2 of 2: root CA")
        .contains("(PKCS#12), matches " + store + " (certificate 1)")
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(
            Base64.getEncoder().encodeToString(LEAF.key().getEncoded()).substring(0, 40));
  }

  @Test
  void opensAPkcs12KeystoreWithAnEmptyPasswordByDefault() throws Exception {
    CliRun r = CliRun.of("inspect", p12("").toString(), AT);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("CN=web.demo.svc").contains("(PKCS#12)");
  }

  @Test
  void aWrongPkcs12PasswordIsOneLineNamingTheFile() throws Exception {
    Path store = p12("changeit");
    CliRun r = CliRun.of("inspect", store.toString(), "--password", "nope", AT);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "certmedic: "
                + store
                + " (PKCS#12) is a PKCS#12 keystore that does not open: wrong password (give it"
                + " with --password)\n");
  }
}
