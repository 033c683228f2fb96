package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML report: its content from a snapshot, its escaping, and what Chromium shows of it. */
class HtmlRendererTest {

  private static final Instant AT = TestPki.NOW;

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static DoctorResult result(Snapshot s, List<Finding> findings) {
    return new DoctorResult(
        new Report(findings, s.objectCount(), Map.of()),
        AT,
        DoctorResult.FailOn.ERROR,
        DoctorCommand.sources(s),
        List.of(),
        List.of(),
        s);
  }

  @Test
  void everyStringFromTheInputIsEscapedSoNoInputOpensATag() {
    Finding evil =
        new Finding(
            FindingCode.SAN_MISMATCH,
            Severity.CRITICAL,
            ObjectRef.of("Secret", "<script>ns</script>", "<script>alert(1)</script>"),
            List.of(),
            "message with <script>alert(2)</script> & \"quotes\"",
            List.of("<img src=x onerror=alert(3)>"),
            "certmedic fix '<b>'");
    String html =
        HtmlRenderer.render(
            HtmlModel.of(result(Snapshot.builder().build(), List.of(evil)), "t", AT));
    assertThat(count(html, "<script")).as("only the report's own script").isOne();
    assertThat(html)
        .doesNotContain("<script>alert", "<img", "<b>")
        .contains(
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "data-ns=\"&lt;script&gt;ns&lt;/script&gt;\"",
            "&quot;quotes&quot;",
            "certmedic fix &#39;&lt;b&gt;&#39;");
  }

  @Test
  void theGraphDrawsAMissingServiceAndAnUntrustedCaAsBrokenAndSaysWhy() {
    TestPki.Cert trusted = TestPki.ca("trusted-ca").build();
    TestPki.Cert other = TestPki.ca("other-ca").build();
    TestPki.Cert leaf = TestPki.leaf("web.demo.svc").signedBy(other).build();
    Snapshot s =
        Snapshot.builder()
            .add(Records.service("demo", "web", "web", 443, "https"))
            .add(Records.deployment("demo", "web", "web", "https", "web-tls"))
            .add(
                Records.secret("demo", "web-tls")
                    .cert("tls.crt", leaf)
                    .key("tls.key", leaf)
                    .build())
            .add(Records.webhook("hooks", "a.example.com", "demo", "web", trusted))
            .add(Records.webhook("gone-hooks", "b.example.com", "demo", "gone", trusted))
            .build();
    HtmlModel m = HtmlModel.of(result(s, List.of()), "t", AT);
    assertThat(m.chains()).hasSize(2);
    HtmlModel.Chain served = m.chains().get(0);
    assertThat(served.hops().stream().map(HtmlModel.Hop::label).toList())
        .containsExactly(
            "webhook \"a.example.com\" in ValidatingWebhookConfiguration hooks",
            "Service demo/web:443",
            "Deployment demo/web",
            "Secret demo/web-tls",
            "CA " + leaf.cert().getIssuerX500Principal().getName());
    assertThat(served.hops().get(4).broken()).isTrue();
    assertThat(served.hops().get(4).why()).startsWith("not in the caller's trust");
    HtmlModel.Hop gone = m.chains().get(1).hops().get(1);
    assertThat(gone.broken()).isTrue();
    assertThat(gone.why()).isEqualTo("Service not found");
    String html = HtmlRenderer.render(m);
    assertThat(html)
        .contains(
            "class=\"edge broken\"",
            ">Service not found</text>",
            "(broken: Service not found)",
            "trusted by the caBundle of 2: ");
  }

  @Test
  void fiveHundredCertificatesAreDrawnLegiblyAndEveryOneIsListed() {
    TestPki.Cert ca = TestPki.ca("bulk-ca").build();
    TestPki.Cert leaf = TestPki.leaf("bulk.demo.svc").signedBy(ca).build();
    SnapshotBuilder b = Snapshot.builder();
    for (int i = 0; i < 500; i++) {
      b.add(Records.secret("ns" + (i % 7), "tls-" + i).cert("tls.crt", leaf).build());
    }
    for (int i = 0; i < 55; i++) {
      b.add(Records.webhook("hooks-" + i, "h.example.com", "ns1", "svc-" + i, ca));
    }
    HtmlModel m = HtmlModel.of(result(b.build(), List.of()), "t", AT);
    assertThat(m.certs()).hasSize(555);
    String html = HtmlRenderer.render(m);
    assertThat(count(html, "<g class=\"cert\""))
        .as("one bar each for the first ones only")
        .isEqualTo(HtmlRenderer.MAX_TIMELINE_ROWS);
    assertThat(html)
        .contains((555 - HtmlRenderer.MAX_TIMELINE_ROWS) + " more certificates, by month")
        .contains("Every certificate (555)")
        .contains("Every chain (55)");
    assertThat(count(html, "<tr data-ns=")).as("every certificate in the text list").isEqualTo(555);
    assertThat(count(html, "<g class=\"chain"))
        .as("the graph draws at most so many chains")
        .isEqualTo(HtmlRenderer.MAX_GRAPH_CHAINS);
    assertThat(m.namespaces()).contains("ns0", "ns6");
  }

  // ------------------------------------------------------------------ in Chromium

  /** Debian's chromium, or null when this machine has none (CI installs it: .ci/run). */
  private static Optional<String> chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(Path.of(dir, name).toString());
        }
      }
    }
    return Optional.empty();
  }

  private static String run(List<String> command) throws Exception {
    Path out = Files.createTempFile("chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    return text;
  }

  private static List<String> headless(String chromium, String... args) {
    List<String> c =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--user-data-dir=" + System.getProperty("java.io.tmpdir") + "/certmedic-chromium"));
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void chromiumShowsTheExamplesReportAfterItsScriptsRan() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(
        chromium.isPresent(),
        "chromium is not installed here (apt-get install -y chromium); CI's .ci/run installs it");
    CliRun r =
        CliRun.of("doctor", "-f", "../examples", "--at", "2026-12-04T00:00:00Z", "-o", "html");
    assertThat(r.err()).isEmpty();
    Path report = Path.of("target", "report.html").toAbsolutePath();
    Files.createDirectories(report.getParent());
    Files.writeString(report, r.out(), StandardCharsets.UTF_8);
    // Addresses may appear as text (an AIA "CA Issuers" URL in a finding) and as links a reader
    // may follow (each code's docs); nothing is loaded when the page opens.
    assertThat(r.out())
        .as("nothing fetched")
        .doesNotContain("src=", "<link", "url(http", "url(//", "@import");

    String dom = run(headless(chromium.get(), "--dump-dom", report.toUri().toString()));
    int findings = count(dom, "<article class=\"finding");
    assertThat(findings).isPositive();
    assertThat(dom)
        .as("the filter script ran and counted the findings")
        .contains("id=\"shown\">" + findings + " of " + findings + " findings shown<");
    assertThat(dom)
        .contains(
            "Expiry timeline",
            "--at 2026-12-04",
            "Trust graph",
            "class=\"edge broken\"",
            "Service not found",
            "webhook \"validate.s2ibuilder.devops.kubesphere.io\"");
    Matcher critical = Pattern.compile("data-count=\"critical\">(\\d+) critical<").matcher(dom);
    assertThat(critical.find()).isTrue();
    String filtered =
        run(headless(chromium.get(), "--dump-dom", report.toUri() + "#severity=critical"));
    assertThat(filtered)
        .as("a filter from the address hides what does not match")
        .contains("id=\"shown\">" + critical.group(1) + " of " + findings + " findings shown<");

    Path png = Path.of("target", "report.png").toAbsolutePath();
    run(
        headless(
            chromium.get(),
            "--window-size=1100,1400",
            "--screenshot=" + png,
            report.toUri().toString()));
    assertThat(Files.size(png)).as("a screenshot was taken").isGreaterThan(10_000);
  }
}
