package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogScannerTest {

  private static final String FAILURE =
      "E0225 04:24:18.123456 1 x.go:1] failed calling webhook \"w.example.com\": Post \"https://svc.ns.svc:443/v?timeout=10s\": x509: certificate signed by unknown authority";
  private static final String NOISE = "I0225 04:24:18.123456 1 x.go:1] nothing to see here";

  record Result(LogScanner.Stats stats, ExplainAggregator agg) {}

  static Result scan(byte[] log, ExplainOptions options) throws IOException {
    ExplainAggregator agg = new ExplainAggregator(options);
    LogScanner.Stats stats = LogScanner.scan(new ByteArrayInputStream(log), agg, options, null);
    return new Result(stats, agg);
  }

  static Result scan(String log) throws IOException {
    return scan(log.getBytes(StandardCharsets.UTF_8), ExplainOptions.DEFAULTS);
  }

  @Test
  void countsEveryLineAndOnlyTlsFailures() throws IOException {
    Result r = scan(NOISE + "\n" + FAILURE + "\n" + NOISE + "\n" + FAILURE + "\n");
    assertThat(r.stats().lines()).isEqualTo(4);
    assertThat(r.agg().summary().lines()).isEqualTo(4);
    assertThat(r.agg().summary().failures()).isEqualTo(2);
    assertThat(r.stats().candidates()).isEqualTo(2);
  }

  @Test
  void aLineHoldingSeveralMarkersReachesTheMatchersOnceAndLinesFoundByLaterMarkersStillDo()
      throws IOException {
    String several = FAILURE + " tls: SSL CERT x509 again";
    String laterOnly = "I0225 04:24:18.123456 1 x.go:1] WebPKI only here";
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      log.append(laterOnly).append('\n').append(several).append('\n').append(NOISE).append('\n');
    }
    Result r = scan(log.toString());
    assertThat(r.stats().lines()).isEqualTo(150);
    assertThat(r.stats().candidates()).isEqualTo(100);
    assertThat(r.agg().summary().lines()).isEqualTo(150);
    assertThat(r.agg().summary().failures()).isEqualTo(50);
  }

  @Test
  void readsALastLineWithoutNewlineAndCrlfLines() throws IOException {
    Result r = scan(NOISE + "\r\n" + FAILURE);
    assertThat(r.stats().lines()).isEqualTo(2);
    assertThat(r.agg().explanations())
        .singleElement()
        .satisfies(e -> assertThat(e.facts().webhook()).isEqualTo("w.example.com"));
  }

  @Test
  void aTraceLineThatPlacesAnUnknownFailureReplacesIt() throws IOException {
    Result r =
        scan(
            "2024-05-01T10:00:00Z ERROR GET https://api.example.com:8443/v1 javax.net.ssl.SSLHandshakeException: certificate verify failed somewhere\n"
                + "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
                + "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat May 30 10:48:38 UTC 2020\n");
    assertThat(r.agg().summary().failures()).isEqualTo(1);
    assertThat(r.agg().explanations())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.family()).isEqualTo(Family.EXPIRED);
              assertThat(e.facts().notAfter()).isEqualTo("Sat May 30 10:48:38 UTC 2020");
              assertThat(e.facts().host()).isEqualTo("api.example.com");
              assertThat(e.firstSeen()).isEqualTo("2024-05-01T10:00:00Z");
            });
  }

  @Test
  void emptyInputHasNoLinesAndNoExplanations() throws IOException {
    Result r = scan("");
    assertThat(r.stats().lines()).isZero();
    assertThat(r.agg().explanations()).isEmpty();
  }

  @Test
  void cutsLinesLongerThanTheCapAndStillReadsTheirStart() throws IOException {
    ExplainOptions small = new ExplainOptions(null, 1024, 100);
    String longLine = FAILURE + " " + "y".repeat(5000);
    Result r =
        scan(
            (NOISE + "\n" + longLine + "\n" + FAILURE + "\n").getBytes(StandardCharsets.UTF_8),
            small);
    assertThat(r.stats().truncated()).isEqualTo(1);
    assertThat(r.stats().lines()).isEqualTo(3);
    assertThat(r.agg().summary().failures()).isEqualTo(2);
  }

  @Test
  void aLineLongerThanTheWholeBufferIsCutAndTheNextLinesStillCount() throws IOException {
    byte[] huge =
        ("x509: " + "z".repeat(3 * LogScanner.CHUNK_BYTES) + "\n" + FAILURE + "\n" + NOISE + "\n")
            .getBytes(StandardCharsets.UTF_8);
    Result r = scan(huge, ExplainOptions.DEFAULTS);
    assertThat(r.stats().lines()).isEqualTo(3);
    assertThat(r.stats().truncated()).isEqualTo(1);
    assertThat(r.agg().explanations())
        .extracting(e -> e.family())
        .contains(Family.UNKNOWN_AUTHORITY);
  }

  @Test
  void findsFailuresAcrossChunkAndBlockBoundaries() throws IOException {
    StringBuilder sb = new StringBuilder();
    int failures = 0;
    for (int i = 0; sb.length() < 3 * LogScanner.CHUNK_BYTES; i++) {
      if (i % 97 == 0) {
        sb.append(FAILURE).append('\n');
        failures++;
      } else {
        sb.append(NOISE).append(' ').append(i).append('\n');
      }
    }
    Result r =
        scan(
            new SlowStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
            ExplainOptions.DEFAULTS);
    assertThat(r.agg().summary().failures()).isEqualTo(failures);
    assertThat(r.stats().lines()).isEqualTo(sb.chars().filter(c -> c == '\n').count());
  }

  static Result scan(InputStream in, ExplainOptions options) throws IOException {
    ExplainAggregator agg = new ExplainAggregator(options);
    return new Result(LogScanner.scan(in, agg, options, null), agg);
  }

  @Test
  void groupCapBoundsMemoryAndCountsTheRestAsOverflow() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append("http: TLS handshake error from 10.0.0.")
          .append(i)
          .append(":5555: remote error: tls: bad certificate\n");
    }
    Result r =
        scan(sb.toString().getBytes(StandardCharsets.UTF_8), new ExplainOptions(null, 1024, 10));
    assertThat(r.agg().summary().groups()).isEqualTo(10);
    assertThat(r.agg().summary().overflow()).isEqualTo(40);
  }

  @Test
  void ephemeralPeerPortsDoNotSplitGroups() throws IOException {
    Result r =
        scan(
            "http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate\n"
                + "http: TLS handshake error from 10.0.0.1:6666: remote error: tls: bad certificate\n");
    assertThat(r.agg().explanations())
        .singleElement()
        .satisfies(e -> assertThat(e.count()).isEqualTo(2));
  }

  @Test
  void arbitraryTextNeverCrashesAndLineCountsMatch() {
    qt().withExamples(300)
        .forAll(
            lists().of(strings().allPossible().ofLengthBetween(0, 200)).ofSizeBetween(0, 30),
            integers().between(0, 3))
        .checkAssert(
            (parts, mix) -> {
              List<String> lines = new ArrayList<>();
              for (int i = 0; i < parts.size(); i++) {
                String p = parts.get(i).replace('\n', ' ').replace('\r', ' ');
                lines.add(i % 4 == mix ? p + " x509: " + p : p);
              }
              String text = String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
              try {
                Result r = scan(text.getBytes(StandardCharsets.UTF_8), ExplainOptions.DEFAULTS);
                assertThat(r.stats().lines()).isEqualTo(lines.size());
                assertThat(r.agg().summary().failures()).isLessThanOrEqualTo(lines.size());
                r.agg().explanations(); // renders advice for every group without throwing
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  /** Returns at most 4097 bytes per read, like a pipe, so lines straddle reads. */
  static final class SlowStream extends ByteArrayInputStream {
    SlowStream(byte[] b) {
      super(b);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 4097));
    }
  }
}
