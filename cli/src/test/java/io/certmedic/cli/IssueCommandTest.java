package io.certmedic.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class IssueCommandTest {

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {
    /** Both streams: where a private key must never appear outside the asked-for Secret. */
    String both() {
      return out + err;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  static String[] args(String... extra) {
    List<String> a =
        new ArrayList<>(List.of("issue", "--service", "webhook", "--namespace", "tools"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  // --out DIR

  @Test
  void writesCaAndServingCertIntoOutWithKeysReadableByOwnerOnly() throws Exception {
    Path dir = tmp.resolve("certs");

    Run r = run(args("--out", dir.toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(dir.toFile().list())
        .containsExactlyInAnyOrder("ca.crt", "ca.key", "tls.crt", "tls.key");
    assertThat(mode(dir.resolve("tls.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("ca.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("tls.crt"))).isNotEqualTo("rw-------").startsWith("rw-");
    X509Certificate ca = cert(dir.resolve("ca.crt"));
    X509Certificate leaf = cert(dir.resolve("tls.crt"));
    leaf.verify(ca.getPublicKey());
    assertThat(KeyFacts.matches(leaf, key(dir.resolve("tls.key")))).isTrue();
    assertThat(KeyFacts.matches(ca, key(dir.resolve("ca.key")))).isTrue();
    assertThat(CertFacts.of(leaf).dnsNames())
        .containsExactly(
            "webhook", "webhook.tools", "webhook.tools.svc", "webhook.tools.svc.cluster.local");
    assertThat(CertFacts.of(ca).commonName()).isEqualTo("certmedic-ca-webhook.tools");
    assertThat(r.out())
        .contains("webhook.tools.svc")
        .contains("notAfter: ")
        .contains("(90 days)")
        .contains(dir.resolve("tls.key") + " (0600)")
        .contains("kubectl -n tools create secret generic webhook-tls --type=kubernetes.io/tls")
        .contains("certmedic inspect " + dir.resolve("tls.crt"));
    assertNoKeyMaterial(r.both(), dir);
  }

  @Test
  void createsMissingParentDirectoriesOfOut() {
    Path dir = tmp.resolve("a/b/c");

    Run r = run(args("--out", dir.toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(dir.resolve("tls.crt")).exists();
  }

  @Test
  void refusesToOverwriteWithoutForceAndChangesNothingOnDisk() throws Exception {
    Path dir = tmp.resolve("certs");
    assertThat(run(args("--out", dir.toString())).exit()).isZero();
    Files.delete(dir.resolve("ca.key")); // one target missing: still nothing may be written
    Map<String, byte[]> before = snapshot(dir);
    Map<String, FileTime> times = times(dir);

    Run r = run(args("--out", dir.toString()));

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("certmedic: " + dir.resolve("ca.crt"))
        .contains("already exist")
        .contains("--force");
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    assertThat(snapshot(dir)).containsOnlyKeys(before.keySet());
    before.forEach((name, bytes) -> assertThat(contents(dir, name)).as(name).isEqualTo(bytes));
    assertThat(times(dir)).isEqualTo(times);
  }

  @Test
  void forceOverwritesEveryFileAndTightensAKeyLeftWorldReadable() throws Exception {
    Path dir = tmp.resolve("certs");
    assertThat(run(args("--out", dir.toString())).exit()).isZero();
    byte[] oldCert = Files.readAllBytes(dir.resolve("tls.crt"));
    byte[] oldCa = Files.readAllBytes(dir.resolve("ca.crt"));
    Files.setPosixFilePermissions(
        dir.resolve("tls.key"), PosixFilePermissions.fromString("rw-r--r--"));

    Run r = run(args("--out", dir.toString(), "--force"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("tls.crt"))).isNotEqualTo(oldCert);
    assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isNotEqualTo(oldCa);
    assertThat(mode(dir.resolve("tls.key"))).isEqualTo("rw-------");
    cert(dir.resolve("tls.crt")).verify(cert(dir.resolve("ca.crt")).getPublicKey());
    assertThat(dir.toFile().list())
        .containsExactlyInAnyOrder("ca.crt", "ca.key", "tls.crt", "tls.key");
  }

  @Test
  void carriesEveryNameFormTheFlagsAsk() throws Exception {
    Path dir = tmp.resolve("certs");

    Run r =
        run(
            args(
                "--out",
                dir.toString(),
                "--headless",
                "--cluster-domain",
                "corp.internal",
                "--extra-name",
                "Webhook.Example.com",
                "--ip",
                "10.96.0.10",
                "--ip",
                "fd00::1"));

    assertThat(r.exit()).as(r.err()).isZero();
    CertFacts facts = CertFacts.of(cert(dir.resolve("tls.crt")));
    assertThat(facts.dnsNames())
        .containsExactly(
            "webhook",
            "webhook.tools",
            "webhook.tools.svc",
            "webhook.tools.svc.corp.internal",
            "*.webhook.tools.svc",
            "*.webhook.tools.svc.corp.internal",
            "webhook.example.com");
    assertThat(facts.ipAddresses()).containsExactly("10.96.0.10", "fd00::1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecdsa-p384", "rsa-2048", "ed25519"})
  void issuesEveryKeyTypeItIsAskedFor(String keyType) throws Exception {
    Path dir = tmp.resolve(keyType);

    Run r = run(args("--out", dir.toString(), "--key-type", keyType));

    assertThat(r.exit()).as(r.err()).isZero();
    X509Certificate leaf = cert(dir.resolve("tls.crt"));
    leaf.verify(cert(dir.resolve("ca.crt")).getPublicKey());
    assertThat(KeyFacts.matches(leaf, key(dir.resolve("tls.key")))).isTrue();
    assertThat(r.out()).contains("key:      " + keyType);
  }

  @Test
  void daysSetsTheLifetime() throws Exception {
    Path dir = tmp.resolve("certs");
    Instant before = Instant.now();

    Run r = run(args("--out", dir.toString(), "--days", "30"));

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("(30 days)").doesNotContain("cut short");

    Instant notAfter = cert(dir.resolve("tls.crt")).getNotAfter().toInstant();
    assertThat(notAfter)
        .isBetween(
            before.plus(Duration.ofDays(30)).minusSeconds(1),
            Instant.now().plus(Duration.ofDays(30)));
  }

  // --ca-cert / --ca-key

  @Test
  void signsWithTheGivenCaAndKeepsItsKeyOutOfOut() throws Exception {
    Path first = tmp.resolve("first");
    assertThat(run(args("--out", first.toString())).exit()).isZero();
    Path second = tmp.resolve("second");

    Run r =
        run(
            args(
                "--out",
                second.toString(),
                "--ca-cert",
                first.resolve("ca.crt").toString(),
                "--ca-key",
                first.resolve("ca.key").toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(second.toFile().list()).containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    assertThat(Files.readAllBytes(second.resolve("ca.crt")))
        .isEqualTo(Files.readAllBytes(first.resolve("ca.crt")));
    cert(second.resolve("tls.crt")).verify(cert(first.resolve("ca.crt")).getPublicKey());
    assertThat(r.out())
        .contains("signed by CA CN=certmedic-ca-webhook.tools")
        .doesNotContain("new CA");
  }

  @Test
  void renewsInPlaceWithTheCaItWroteBefore() throws Exception {
    Path dir = tmp.resolve("certs");
    assertThat(run(args("--out", dir.toString())).exit()).isZero();
    byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));

    Run r =
        run(
            args(
                "--out",
                dir.toString(),
                "--force",
                "--ca-cert",
                dir.resolve("ca.crt").toString(),
                "--ca-key",
                dir.resolve("ca.key").toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("ca.key"))).isEqualTo(caKey);
    cert(dir.resolve("tls.crt")).verify(cert(dir.resolve("ca.crt")).getPublicKey());
  }

  @Test
  void refusesACaKeyThatDoesNotMatchTheCaCertNamingTheFiles() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertThat(run(args("--out", a.toString())).exit()).isZero();
    assertThat(run(args("--out", b.toString())).exit()).isZero();
    Path out = tmp.resolve("out");

    Run r =
        run(
            args(
                "--out",
                out.toString(),
                "--ca-cert",
                a.resolve("ca.crt").toString(),
                "--ca-key",
                b.resolve("ca.key").toString()));

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("certmedic: --ca-key " + b.resolve("ca.key"))
        .contains("does not match")
        .contains(a.resolve("ca.crt").toString());
    assertThat(out).doesNotExist();
    assertNoKeyMaterial(r.both(), b);
  }

  @Test
  void refusesAServingCertAsCa() throws Exception {
    TestPki.Cert ca = TestPki.ca("ca").build();
    TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").signedBy(ca).build();
    Path cert = Files.writeString(tmp.resolve("leaf.crt"), PemWriter.certificate(leaf.cert()));
    Path key = Files.writeString(tmp.resolve("leaf.key"), PemWriter.privateKey(leaf.key()));

    Run r =
        run(args("-o", "secret-yaml", "--ca-cert", cert.toString(), "--ca-key", key.toString()));

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("certmedic: --ca-cert " + cert).contains("not a CA");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void refusesAnExpiredCa() throws Exception {
    TestPki.Cert ca =
        TestPki.ca("old")
            .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"))
            .build();
    Path cert = Files.writeString(tmp.resolve("ca.crt"), PemWriter.certificate(ca.cert()));
    Path key = Files.writeString(tmp.resolve("ca.key"), PemWriter.privateKey(ca.key()));

    Run r =
        run(args("-o", "secret-yaml", "--ca-cert", cert.toString(), "--ca-key", key.toString()));

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("certmedic: --ca-cert " + cert + " expired at 2021-01-01T00:00:00Z");
  }

  @Test
  void saysWhenTheCaCutsTheLifetimeShort() throws Exception {
    Instant now = Instant.now();
    TestPki.Cert ca =
        TestPki.ca("short-lived")
            .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)))
            .build();
    Path cert = Files.writeString(tmp.resolve("ca.crt"), PemWriter.certificate(ca.cert()));
    Path key = Files.writeString(tmp.resolve("ca.key"), PemWriter.privateKey(ca.key()));
    Path dir = tmp.resolve("certs");

    Run r =
        run(
            args(
                "--out", dir.toString(), "--ca-cert", cert.toString(), "--ca-key", key.toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(cert(dir.resolve("tls.crt")).getNotAfter()).isEqualTo(ca.cert().getNotAfter());
    assertThat(r.out()).contains("cut short: the CA expires then");
  }

  @Test
  void chainsThroughAGivenIntermediateCa() throws Exception {
    Instant now = Instant.now(); // the command judges the CA at the real current time
    Instant from = now.minus(Duration.ofDays(1));
    Instant to = now.plus(Duration.ofDays(365));
    TestPki.Cert root = TestPki.ca("root").validity(from, to).build();
    TestPki.Cert intermediate =
        TestPki.ca("intermediate").validity(from, to).signedBy(root).build();
    Path cert =
        Files.writeString(
            tmp.resolve("ca.crt"),
            PemWriter.certificates(List.of(intermediate.cert(), root.cert())));
    Path key = Files.writeString(tmp.resolve("ca.key"), PemWriter.privateKey(intermediate.key()));
    Path dir = tmp.resolve("certs");

    Run r =
        run(
            args(
                "--out", dir.toString(), "--ca-cert", cert.toString(), "--ca-key", key.toString()));

    assertThat(r.exit()).as(r.err()).isZero();
    List<X509Certificate> served =
        PemReader.readCertificates(Files.readAllBytes(dir.resolve("tls.crt")), "tls.crt");
    assertThat(served).hasSize(2);
    assertThat(served.get(1)).isEqualTo(intermediate.cert());
    served.get(0).verify(intermediate.cert().getPublicKey());
    assertThat(PemReader.readCertificates(Files.readAllBytes(dir.resolve("ca.crt")), "ca.crt"))
        .containsExactly(intermediate.cert(), root.cert());
  }

  // -o secret-yaml

  @Test
  void printsAKubernetesTlsSecretThatParsesAndCarriesPemData() throws Exception {
    Run r = run(args("-o", "secret-yaml"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode secret = new YAMLMapper().readTree(r.out());
    assertThat(secret.get("apiVersion").asString()).isEqualTo("v1");
    assertThat(secret.get("kind").asString()).isEqualTo("Secret");
    assertThat(secret.get("type").asString()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.at("/metadata/name").asString()).isEqualTo("webhook-tls");
    assertThat(secret.at("/metadata/namespace").asString()).isEqualTo("tools");
    assertThat(secret.get("data").propertyNames())
        .containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    Map<String, String> pem = decodedData(secret);
    assertThat(pem.get("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(pem.get("tls.crt")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(pem.get("tls.key")).startsWith(TestPki.keyBegin(""));
    X509Certificate ca =
        PemReader.readCertificates(pem.get("ca.crt").getBytes(US_ASCII), "ca.crt").get(0);
    X509Certificate leaf =
        PemReader.readCertificates(pem.get("tls.crt").getBytes(US_ASCII), "tls.crt").get(0);
    leaf.verify(ca.getPublicKey());
    assertThat(
            KeyFacts.matches(
                leaf,
                PemReader.read(pem.get("tls.key").getBytes(US_ASCII), "tls.key").keys().get(0)))
        .isTrue();
    assertThat(r.err())
        .contains("webhook.tools.svc")
        .contains("kubectl apply -f -")
        .contains("not kept")
        .doesNotContain("PRIVATE");
    assertThat(r.err()).doesNotContain(secret.at("/data/tls.key").asString());
  }

  @Test
  void secretNameOverridesTheDefault() throws Exception {
    Run r = run(args("-o", "secret-yaml", "--secret-name", "webhook-server-cert"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(new YAMLMapper().readTree(r.out()).at("/metadata/name").asString())
        .isEqualTo("webhook-server-cert");
  }

  static Stream<Arguments> webhookKinds() {
    return Stream.of(
        Arguments.of(
            "validating",
            "validatingwebhookconfiguration",
            "/webhooks/0/clientConfig/caBundle",
            true),
        Arguments.of(
            "mutating", "mutatingwebhookconfiguration", "/webhooks/0/clientConfig/caBundle", true),
        Arguments.of(
            "crd",
            "customresourcedefinition",
            "/spec/conversion/webhook/clientConfig/caBundle",
            false),
        Arguments.of("apiservice", "apiservice", "/spec/caBundle", false));
  }

  @ParameterizedTest(name = "--webhook-kind {0}")
  @MethodSource("webhookKinds")
  void printsTheCaBundlePatchAsCommentsAfterTheSecret(
      String kind, String resource, String path, boolean perWebhook) throws Exception {
    Run r =
        run(
            args(
                "-o",
                "secret-yaml",
                "--webhook",
                "policy-gate.example.com",
                "--webhook-kind",
                kind));

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    int last =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("  tls.key: ")).findFirst().orElseThrow());
    assertThat(lines.subList(last + 1, lines.size())).isNotEmpty().allMatch(l -> l.startsWith("#"));
    String command =
        lines.stream()
            .filter(l -> l.startsWith("# kubectl patch "))
            .findFirst()
            .orElseThrow()
            .substring(2);
    String prefix = "kubectl patch " + resource + " policy-gate.example.com --type=json -p='";
    assertThat(command).startsWith(prefix).endsWith("'");
    JsonNode patch =
        new JsonMapper().readTree(command.substring(prefix.length(), command.length() - 1));
    assertThat(patch).hasSize(1);
    assertThat(patch.get(0).get("op").asString()).isEqualTo("replace");
    assertThat(patch.get(0).get("path").asString()).isEqualTo(path);
    JsonNode secret = new YAMLMapper().readTree(r.out());
    assertThat(patch.get(0).get("value").asString())
        .isEqualTo(secret.at("/data/ca.crt").asString());
    assertThat(r.out().contains("/webhooks/1/")).isEqualTo(perWebhook);
  }

  @Test
  void withOutTheWebhookPatchGoesIntoTheNextSteps() throws Exception {
    Path dir = tmp.resolve("certs");

    Run r =
        run(
            args(
                "--out", dir.toString(), "--webhook", "policy-gate", "--webhook-kind", "mutating"));

    assertThat(r.exit()).as(r.err()).isZero();
    String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.crt")));
    assertThat(r.out())
        .contains(
            "kubectl patch mutatingwebhookconfiguration policy-gate --type=json -p='[{\"op\":\"replace\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\""
                + ca
                + "\"}]'");
  }

  // bad flags

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "only --ca-cert              | -o secret-yaml --ca-cert ca.crt          | --ca-cert is given without --ca-key",
        "only --ca-key               | -o secret-yaml --ca-key ca.key           | --ca-key is given without --ca-cert",
        "--out and -o                | --out x -o secret-yaml                   | --out and -o both given",
        "neither --out nor -o        | --days 30                                | --out DIR or -o secret-yaml",
        "zero days                   | -o secret-yaml --days 0                  | --days 0 is out of range",
        "negative days               | -o secret-yaml --days -3                 | --days -3 is out of range",
        "too many days               | -o secret-yaml --days 3651               | --days 3651 is out of range",
        "short IPv4                  | -o secret-yaml --ip 10.1                 | --ip '10.1' is not an IP address",
        "host name as IP             | -o secret-yaml --ip webhook.example.com  | --ip 'webhook.example.com' is not an IP address",
        "unknown output              | -o json                                  | -o 'json' is not a known format",
        "bad extra name              | -o secret-yaml --extra-name a_b.example  | --extra-name 'a_b.example' is not a DNS name",
        "bad secret name             | -o secret-yaml --secret-name Web_TLS     | --secret-name 'Web_TLS' is not a Secret name",
        "bad webhook name            | -o secret-yaml --webhook Policy_Gate     | --webhook 'Policy_Gate' is not an object name",
        "missing CA file             | -o secret-yaml --ca-cert nope.crt --ca-key nope.key | --ca-cert nope.crt does not exist",
      })
  void refusesBadFlagsWithExitTwoAndOneLine(String why, String flags, String message) {
    Run r = run(args(splitFlags(flags)));

    assertThat(r.exit()).as(why).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("certmedic: ").contains(message).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key type   | --key-type rsa-1024       | unknown key type 'rsa-1024', expected one of ecdsa-p256",
        "unknown kind       | --webhook-kind admission  | unknown kind 'admission', expected one of validating",
        "days not a number  | --days ninety             | --days",
      })
  void refusesUnparsableFlagsWithExitTwo(String why, String flags, String message) {
    Run r = run(args(splitFlags("-o secret-yaml " + flags)));

    assertThat(r.exit()).as(why).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("certmedic: ").contains(message).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void refusesAServiceNameKubernetesWouldRefuse() {
    Run r = run("issue", "--service", "Web_Hook", "--namespace", "tools", "-o", "secret-yaml");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "certmedic: --service 'Web_Hook' is not a Service name (lower-case letters, digits and '-', starting with a letter)\n");
  }

  @Test
  void requiresServiceAndNamespace() {
    Run r = run("issue", "-o", "secret-yaml");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("certmedic: Missing required options")
        .contains("--service")
        .contains("--namespace");
  }

  @Test
  void helpListsExamples() {
    Run r = run("issue", "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--ca-cert").contains("-o secret-yaml").contains("Examples:");
  }

  // helpers

  private static String[] splitFlags(String flags) {
    List<String> out = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(flags.trim());
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out.toArray(String[]::new);
  }

  /** No PEM key block and no line of any key file in {@code dir} appears in {@code text}. */
  private static void assertNoKeyMaterial(String text, Path dir) throws Exception {
    assertThat(text).doesNotContain("PRIVATE KEY");
    for (String name : new String[] {"tls.key", "ca.key"}) {
      Path key = dir.resolve(name);
      if (Files.exists(key)) {
        for (String line : Files.readAllLines(key)) {
          if (!line.startsWith("-----")) {
            assertThat(text.contains(line))
                .as("a line of " + name + " leaked into output")
                .isFalse();
          }
        }
      }
    }
  }

  private static Map<String, String> decodedData(JsonNode secret) {
    Map<String, String> out = new HashMap<>();
    for (String k : secret.get("data").propertyNames()) {
      out.put(
          k,
          new String(Base64.getDecoder().decode(secret.get("data").get(k).asString()), US_ASCII));
    }
    return out;
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static X509Certificate cert(Path p) throws Exception {
    return PemReader.readCertificates(Files.readAllBytes(p), p.toString()).get(0);
  }

  private static PrivateKeyEntry key(Path p) throws Exception {
    return PemReader.read(Files.readAllBytes(p), p.toString()).keys().get(0);
  }

  private static Map<String, byte[]> snapshot(Path dir) throws Exception {
    Map<String, byte[]> out = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static byte[] contents(Path dir, String name) {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, FileTime> times(Path dir) throws Exception {
    Map<String, FileTime> out = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        out.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
      }
    }
    return out;
  }
}
