package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real lines of every TLS stack are read as the family their certificate was made to fail with, and
 * as written by the stack that wrote them: explain/generated-lines.tsv (made on loopback by
 * generate-lines.sh from the JDK, OpenSSL, curl, Python and Node.js on this machine) and
 * explain/quoted-lines.tsv (quoted from public threads, each with its source).
 */
class StackLinesTest {

  record Row(String file, String family, String stack, String source, String line) {
    @Override
    public String toString() {
      return family + " from " + stack + " (" + source + ")";
    }
  }

  static List<Row> rows(String file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = StackLinesTest.class.getResourceAsStream("/explain/" + file)) {
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] c = l.split("\t", 4);
        rows.add(new Row(file, c[0], c[1], c[2], c[3]));
      }
    }
    return rows;
  }

  static Stream<Row> all() throws IOException {
    return Stream.concat(rows("generated-lines.tsv").stream(), rows("quoted-lines.tsv").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void everyRealLineIsReadAsItsFamilyFromItsStack(Row row) {
    ErrorFacts f = Explainer.classify(row.line()).orElseThrow();
    assertThat(List.of(row.family().split("\\|")))
        .as("family of %s", row.line())
        .contains(f.family().json());
    if (!row.family().equals("unknown") || !row.stack().equals("openssl")) {
      assertThat(f.stack()).as("stack of %s", row.line()).isNotNull();
      assertThat(f.stack().json()).as("stack of %s", row.line()).isEqualTo(row.stack());
    }
  }

  @Test
  void theLinesCoverEveryStackAndEveryFamilyAndQuoteTheirSources() throws IOException {
    List<Row> rows = all().toList();
    assertThat(rows.stream().map(Row::stack).collect(Collectors.toSet()))
        .containsAll(
            EnumSet.allOf(Stack.class).stream().map(Stack::json).collect(Collectors.toSet()));
    assertThat(rows.stream().map(Row::family).collect(Collectors.toSet()))
        .containsAll(
            EnumSet.allOf(Family.class).stream().map(Family::json).collect(Collectors.toSet()));
    assertThat(rows("quoted-lines.tsv"))
        .allSatisfy(r -> assertThat(r.source()).startsWith("https://github.com/"));
    assertThat(rows("generated-lines.tsv"))
        .allSatisfy(r -> assertThat(r.source()).startsWith("generated: "))
        .hasSizeGreaterThan(80);
  }

  @Test
  void goSaysNotValidForAnyNamesOfACertificateWithoutSansNotOfTheLegacyCommonName() {
    ErrorFacts f =
        Explainer.classify(
                "x509: certificate is not valid for any names, but wanted to match web.ns.svc")
            .orElseThrow();
    assertThat(f.family()).isEqualTo(Family.HOSTNAME_MISMATCH);
    assertThat(f.wanted()).isEqualTo("web.ns.svc");
    Explanation e =
        Explainer.explain(
                "x509: certificate is not valid for any names, but wanted to match web.ns.svc")
            .orElseThrow();
    assertThat(e.rootCauses().get(0)).contains("no DNS name at all");
  }

  @Test
  void aServerLoggingTheClientsAlertSaysTheClientRejectedOurCertificate() {
    Explanation e =
        Explainer.explain(
                "http: TLS handshake error from 10.0.0.9:51234: remote error: tls: unknown certificate authority")
            .orElseThrow();
    assertThat(e.facts().family()).isEqualTo(Family.REMOTE_REJECTED);
    assertThat(e.cause())
        .contains("the peer at 10.0.0.9")
        .contains("could not verify our certificate");
    assertThat(e.rootCauses().get(0)).contains("CA bundle");
  }

  @Test
  void aTypoOrALineBreakInsideTheMessageIsReadThrough() {
    Map<String, Family> lines =
        Map.of(
            "x509: certificate signedby unknown authority", Family.UNKNOWN_AUTHORITY,
            "x509: certficate signed by unknown authority", Family.UNKNOWN_AUTHORITY,
            "x509: certificate signed by\n    unknown authority", Family.UNKNOWN_AUTHORITY,
            "x509: certificate has   expired or is not yet valid", Family.EXPIRED,
            "SSL certificate problem: certificate has exired", Family.EXPIRED,
            "x509: certificate is valid for a.ns.svc, not b.ns.svc", Family.HOSTNAME_MISMATCH);
    lines.forEach(
        (line, family) ->
            assertThat(Explainer.classify(line).map(ErrorFacts::family)).as(line).contains(family));
    assertThat(Wording.normalise("the certificate will expire"))
        .isEqualTo("the certificate will expire");
  }

  @Test
  void aLogOfMixedStacksIsGroupedByFamilyAndTarget() {
    ExplainAggregator agg = new ExplainAggregator(ExplainOptions.DEFAULTS);
    String go =
        "failed calling webhook \"v.example.io\": Post \"https://web.ns.svc:443/validate\": x509: certificate signed by unknown authority";
    String java =
        "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching api.example.com found.";
    String node = "Error: certificate has expired code: CERT_HAS_EXPIRED";
    String rust = "connection error: invalid peer certificate: Expired";
    String dotnet =
        "The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch";
    String proto =
        "Get \"https://old.example.com\": tls: server selected unsupported protocol version 301";
    for (int i = 0; i < 3; i++) {
      agg.accept(go);
      agg.accept("INFO all is well " + i);
      agg.accept(java);
    }
    agg.accept(node);
    agg.accept(rust);
    agg.accept(dotnet);
    agg.accept(proto);
    List<Explanation> es = agg.explanations();
    Map<String, Long> counts =
        es.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.facts().family().json() + " " + e.facts().target(),
                    Collectors.summingLong(Explanation::count)));
    assertThat(counts).hasSize(5);
    assertThat(es.get(0).count()).isEqualTo(3);
    assertThat(es.stream().filter(e -> e.facts().family() == Family.EXPIRED).toList())
        .singleElement()
        .satisfies(e -> assertThat(e.count()).isEqualTo(2));
    assertThat(
            Stream.of(go, java, node, rust, dotnet, proto)
                .map(l -> Explainer.classify(l).orElseThrow().stack().json()))
        .containsExactly("go", "jdk", "node", "rustls", "dotnet", "go");
    assertThat(agg.summary().failures()).isEqualTo(10);
    Set<Family> families = es.stream().map(e -> e.facts().family()).collect(Collectors.toSet());
    assertThat(families)
        .containsExactlyInAnyOrder(
            Family.UNKNOWN_AUTHORITY,
            Family.HOSTNAME_MISMATCH,
            Family.EXPIRED,
            Family.HANDSHAKE_FAILURE);
  }
}
