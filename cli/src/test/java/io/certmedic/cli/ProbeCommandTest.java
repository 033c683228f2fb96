package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import io.certmedic.core.testing.TestTlsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code certmedic probe} against a real TLS server on 127.0.0.1. */
class ProbeCommandTest {

  private static final String SVC = "svc.ns.svc";
  private static final Cert CA = TestPki.ca("probe-ca").build();
  private static final Cert OTHER_CA = TestPki.ca("other-ca").build();
  private static final Cert LEAF = TestPki.leaf(SVC).signedBy(CA).build();

  private static final String AT = "--at=2026-06-01T12:00:00Z";

  private static TestTlsServer server;

  @TempDir static Path dir;
  private static Path caFile;
  private static Path otherCaFile;

  @BeforeAll
  static void start() throws Exception {
    server = TestTlsServer.serving(LEAF.key(), LEAF.cert());
    caFile = dir.resolve("ca.crt");
    otherCaFile = dir.resolve("other-ca.crt");
    Files.writeString(caFile, pem(CA));
    Files.writeString(otherCaFile, pem(OTHER_CA));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String target() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void verifiesTheServedChainForTheNameDialled() {
    Run r =
        run(
            "probe",
            target(),
            "--ca",
            caFile.toString(),
            "--server-name",
            SVC,
            "--at",
            "2026-06-01T12:00:00Z");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("verdict:      verified: chain of 2 for svc.ns.svc");
    assertThat(r.out()).contains("[0] subject:   CN=svc.ns.svc");
    assertThat(r.out()).contains("trusted via:  CN=probe-ca (from --ca)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void failsWithGosWordsWhenTheNameIsWrong() {
    Run r =
        run(
            "probe",
            target(),
            "--ca",
            caFile.toString(),
            "--server-name",
            "webhook-svc.ns.svc",
            "--at",
            "2026-06-01T12:00:00Z");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "verdict:      FAILED x509: certificate is valid for svc.ns.svc, not webhook-svc.ns.svc");
  }

  @Test
  void failsWhenTheServerIsSignedByAnotherCa() {
    Run r =
        run(
            "probe",
            target(),
            "--ca",
            otherCaFile.toString(),
            "--server-name",
            SVC,
            "--at",
            "2026-06-01T12:00:00Z");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("verdict:      FAILED x509: certificate signed by unknown authority\n");
  }

  @Test
  void judgesExpiryAtTheGivenInstant() {
    String after = "2027-01-01T00:00:00Z";
    Run r = run("probe", target(), "--ca", caFile.toString(), "--server-name", SVC, "--at", after);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "x509: certificate has expired or is not yet valid: current time 2027-01-01T00:00:00Z is after "
                + CertView.rfc3339(LEAF.cert().getNotAfter().toInstant()));
  }

  @Test
  void defaultsTheServerNameToTheHost() {
    Run r = run("probe", target(), "--ca", caFile.toString(), "--at", "2026-06-01T12:00:00Z");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
  }

  @Test
  void refusedConnectionIsAOneLineUsageError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = run("probe", "127.0.0.1:" + port, "--ca", caFile.toString(), "--server-name", SVC);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo("certmedic: connection refused: 127.0.0.1:" + port + System.lineSeparator());
  }

  @Test
  void badCaFileIsAUsageErrorNamingTheFile() throws Exception {
    Path junk = dir.resolve("junk.crt");
    Files.writeString(junk, "hello, world\n");
    Run r = run("probe", target(), "--ca", junk.toString(), "--server-name", SVC);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("certmedic: --ca " + junk + " is neither PEM nor DER: ")
        .doesNotContain("\n");

    Path missing = dir.resolve("missing.crt");
    Run m = run("probe", target(), "--ca", missing.toString());
    assertThat(m.exit()).isEqualTo(2);
    assertThat(m.err().strip()).isEqualTo("certmedic: --ca " + missing + ": no such file");
  }

  @Test
  void rejectsATargetWithoutPortAndABadTime() {
    assertThat(run("probe", "127.0.0.1", "--ca", caFile.toString()).err().strip())
        .isEqualTo("certmedic: '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:8443 or [::1]:8443");
    Run t = run("probe", target(), "--ca", caFile.toString(), "--at", "yesterday");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err().strip())
        .isEqualTo(
            "certmedic: --at: 'yesterday' is not an RFC 3339 time, e.g. 2026-07-01T00:00:00Z");
  }

  @Test
  void parsesBracketedIpv6Targets() {
    assertThat(ProbeCommand.Target.parse("[::1]:8443"))
        .isEqualTo(new ProbeCommand.Target("::1", 8443));
    assertThat(ProbeCommand.Target.parse("svc.ns.svc:443"))
        .isEqualTo(new ProbeCommand.Target("svc.ns.svc", 443));
  }

  @Test
  void printsJsonWithTheVerdictAndTheChain() throws Exception {
    Run r =
        run(
            "probe",
            target(),
            "--ca",
            caFile.toString(),
            "--server-name",
            "wrong.ns.svc",
            "--at",
            "2026-06-01T12:00:00Z",
            "-o",
            "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode j = JsonMapper.shared().readTree(r.out());
    assertThat(List.copyOf(j.propertyNames()))
        .containsExactly(
            "target",
            "serverName",
            "at",
            "verified",
            "reason",
            "error",
            "protocol",
            "cipherSuite",
            "chain");
    assertThat(j.get("target").asString()).isEqualTo(target());
    assertThat(j.get("serverName").asString()).isEqualTo("wrong.ns.svc");
    assertThat(j.get("at").asString()).isEqualTo("2026-06-01T12:00:00Z");
    assertThat(j.get("verified").asBoolean()).isFalse();
    assertThat(j.get("reason").asString()).isEqualTo("hostname_mismatch");
    assertThat(j.get("error").asString())
        .isEqualTo("x509: certificate is valid for svc.ns.svc, not wrong.ns.svc");
    assertThat(j.get("protocol").asString()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(j.get("chain")).hasSize(1);
    assertThat(j.get("chain").get(0).get("subject").asString()).isEqualTo("CN=svc.ns.svc");
    assertThat(j.get("chain").get(0).get("dnsNames").get(0).asString()).isEqualTo(SVC);
  }

  @Test
  void printsNullReasonAndErrorWhenVerified() throws Exception {
    Run r =
        run(
            "probe",
            target(),
            "--ca",
            caFile.toString(),
            "--server-name",
            SVC,
            "--at",
            "2026-06-01T12:00:00Z",
            "-o",
            "json");
    assertThat(r.exit()).isEqualTo(0);
    JsonNode j = JsonMapper.shared().readTree(r.out());
    assertThat(j.get("verified").asBoolean()).isTrue();
    assertThat(j.get("reason").isNull()).isTrue();
    assertThat(j.get("error").isNull()).isTrue();
  }

  @Test
  void helpShowsExamples() {
    Run r = run("probe", "--help");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("Examples:", "certmedic probe 127.0.0.1:8443 --ca ca.crt \\\n    --server-name");
  }

  private static String pem(Cert c) {
    return PemWriter.certificate(c.cert());
  }

  @Test
  void acceptsTheTimeoutAsADurationOrBareSeconds() {
    for (String timeout : List.of("2s", "1m", "3", "PT2S")) {
      Run r =
          run(
              "probe",
              target(),
              "--ca",
              caFile.toString(),
              "--server-name",
              SVC,
              AT,
              "--timeout",
              timeout);
      assertThat(r.exit()).as("--timeout %s", timeout).isEqualTo(0);
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void refusesATimeoutThatIsNotADurationOrIsZeroInOneLine() {
    Run soon = run("probe", target(), "--ca", caFile.toString(), "--timeout", "soon");
    assertThat(soon.exit()).isEqualTo(2);
    assertThat(soon.err())
        .isEqualTo(
            "certmedic: --timeout: 'soon' is not a duration; use e.g. 30d, 72h, 90m or P30D\n");
    Run zero = run("probe", target(), "--ca", caFile.toString(), "--timeout", "0s");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("certmedic: --timeout: give a positive duration, e.g. 5s\n");
  }

  @Test
  void printsYamlAndTakesTableAsTheTextFormat() {
    Run yaml =
        run("probe", target(), "--ca", caFile.toString(), "--server-name", SVC, AT, "-o", "yaml");
    assertThat(yaml.exit()).isEqualTo(0);
    assertThat(yaml.out()).contains("serverName: \"svc.ns.svc\"", "verified: true", "chain:");
    Run table =
        run("probe", target(), "--ca", caFile.toString(), "--server-name", SVC, AT, "-o", "table");
    assertThat(table.out()).contains("verdict:      verified: chain of 2 for svc.ns.svc");
    Run bad = run("probe", target(), "--ca", caFile.toString(), "-o", "xml");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .isEqualTo(
            "certmedic: --output: unknown format 'xml', expected one of table, json, yaml\n");
  }

  @Test
  void saysAPlainHttpPortIsNotSpeakingTls() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (var s = plain.accept()) {
                  s.getInputStream().read(new byte[512]);
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                  // the probe has gone
                }
              });
      t.setDaemon(true);
      t.start();
      Run r = run("probe", "127.0.0.1:" + plain.getLocalPort(), "--ca", caFile.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .isEqualTo(
              "certmedic: 127.0.0.1:"
                  + plain.getLocalPort()
                  + " is not speaking TLS: it answered the TLS hello with something else"
                  + " (plain HTTP?); check the port, and that the server has TLS on\n");
      assertThat(r.out()).isEmpty();
    }
  }
}
