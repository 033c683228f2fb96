package io.certmedic.core.reissue;

import static io.certmedic.core.testing.TestPki.NOW;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.rule.Rule;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row is a sentence and asserts the exact reason, message and renewal time. */
class ReissueChainTest {

  private static final double TWO_THIRDS = 2.0 / 3.0;
  private static final List<String> NAMES = List.of("svc.ns.svc", "svc.ns.svc.cluster.local");

  private static final Cert CA = TestPki.ca("certmedic-ca").build();
  private static final Cert OTHER_CA = TestPki.ca("other-ca").build();
  private static final Cert ROTATED_CA = TestPki.ca("certmedic-ca").build(); // same name, new key

  /** Valid for 90 days, a third of them gone: two thirds of its life end 30 days from NOW. */
  private static final Instant NOT_BEFORE = NOW.minus(Duration.ofDays(30));

  private static final Instant NOT_AFTER = NOW.plus(Duration.ofDays(60));
  private static final Instant RENEW_AT = Instant.parse("2026-07-01T12:00:00Z");

  private static final Cert LEAF = leaf(CA, NAMES.toArray(String[]::new));

  /** A Secret's data, the arguments the chain is given, and what it must decide. */
  record Case(
      Map<String, byte[]> data,
      List<String> wanted,
      X509Certificate signer,
      Instant now,
      Optional<ReissueReason> reason,
      String message,
      Instant renewAt) {

    static Case reissues(
        Map<String, byte[]> data, ReissueReason reason, String message, Instant renewAt) {
      return new Case(data, NAMES, CA.cert(), NOW, Optional.of(reason), message, renewAt);
    }

    static Case keeps(Map<String, byte[]> data, String message, Instant renewAt) {
      return new Case(data, NAMES, CA.cert(), NOW, Optional.empty(), message, renewAt);
    }

    Case wanting(String... names) {
      return new Case(data, List.of(names), signer, now, reason, message, renewAt);
    }

    Case signedNowBy(Cert ca) {
      return new Case(data, wanted, ca.cert(), now, reason, message, renewAt);
    }

    Case at(Instant instant) {
      return new Case(data, wanted, signer, instant, reason, message, renewAt);
    }
  }

  static Stream<Arguments> cases() {
    Cert stranger = leaf(CA, NAMES.toArray(String[]::new));
    PrivateKey edKey = KeyType.ED25519.generate(new java.security.SecureRandom()).getPrivate();
    Cert spark = leaf(CA, "spark-operator-webhook.spark.svc");
    Cert oneName = leaf(CA, "svc.ns.svc");
    Cert threeNames = leaf(CA, "svc.ns.svc", "svc.ns.svc.cluster.local", "old.ns.svc");
    Cert foreign = leaf(OTHER_CA, NAMES.toArray(String[]::new));
    String encrypted =
        TestPki.keyBlock("ENCRYPTED", Base64.getEncoder().encodeToString(new byte[48]));

    return Stream.of(
        row(
            "reissues when the Secret does not exist",
            Case.reissues(null, ReissueReason.SECRET_MISSING, "the Secret does not exist", null)),
        row(
            "reissues when the Secret is missing the private key",
            Case.reissues(
                secret(LEAF).without("tls.key").data(),
                ReissueReason.SECRET_INCOMPLETE,
                "the Secret is missing tls.key",
                null)),
        row(
            "reissues when the Secret's ca.crt is empty",
            Case.reissues(
                secret(LEAF).with("ca.crt", "").data(),
                ReissueReason.SECRET_INCOMPLETE,
                "the Secret has an empty ca.crt",
                null)),
        row(
            "reissues when the Secret holds only an empty tls.crt, naming every key it lacks",
            Case.reissues(
                Map.of("tls.crt", new byte[0]),
                ReissueReason.SECRET_INCOMPLETE,
                "the Secret is missing tls.key and ca.crt and has an empty tls.crt",
                null)),
        row(
            "reissues when tls.crt holds only a private key",
            Case.reissues(
                secret(LEAF).with("tls.crt", PemWriter.privateKey(LEAF.key())).data(),
                ReissueReason.CERT_UNPARSABLE,
                "tls.crt holds no certificate: found only a private key",
                null)),
        row(
            "reissues when tls.key's PEM body is not base64, without quoting it",
            Case.reissues(
                secret(LEAF)
                    .with(
                        "tls.key", TestPki.keyBlock("", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49*secret*"))
                    .data(),
                ReissueReason.CERT_UNPARSABLE,
                "tls.key has a PEM block whose body is not valid base64: line 1: PRIVATE KEY",
                null)),
        row(
            "reissues when tls.key holds only a certificate",
            Case.reissues(
                secret(LEAF).with("tls.key", PemWriter.certificate(LEAF.cert())).data(),
                ReissueReason.CERT_UNPARSABLE,
                "tls.key holds no private key: found only a certificate",
                null)),
        row(
            "reissues when tls.key is encrypted",
            Case.reissues(
                secret(LEAF).with("tls.key", encrypted).data(),
                ReissueReason.CERT_UNPARSABLE,
                "tls.key holds an encrypted private key, which no server can load without its passphrase",
                null)),
        row(
            "reissues when tls.key belongs to another certificate",
            Case.reissues(
                secret(LEAF).with("tls.key", PemWriter.privateKey(stranger.key())).data(),
                ReissueReason.CERT_KEY_MISMATCH,
                "tls.key (EC P-256) is not the private key of tls.crt (EC P-256)",
                null)),
        row(
            "reissues when tls.key is an Ed25519 key next to an EC certificate",
            Case.reissues(
                secret(LEAF).with("tls.key", PemWriter.privateKey(edKey)).data(),
                ReissueReason.CERT_KEY_MISMATCH,
                "tls.key (Ed25519) is not the private key of tls.crt (EC P-256)",
                null)),
        row(
            "reissues for a wrong key before looking at the names: the first failing check decides",
            Case.reissues(
                secret(spark).with("tls.key", PemWriter.privateKey(stranger.key())).data(),
                ReissueReason.CERT_KEY_MISMATCH,
                "tls.key (EC P-256) is not the private key of tls.crt (EC P-256)",
                null)),
        row(
            "reissues when the Service was renamed (Spark operator incident)",
            Case.reissues(
                    secret(spark).data(),
                    ReissueReason.SAN_MISMATCH,
                    "the certificate lacks spark-webhook-svc.spark.svc; has unexpected spark-operator-webhook.spark.svc",
                    RENEW_AT)
                .wanting("spark-webhook-svc.spark.svc")),
        row(
            "reissues when the Service needs a name the certificate lacks",
            Case.reissues(
                secret(oneName).data(),
                ReissueReason.SAN_MISMATCH,
                "the certificate lacks svc.ns.svc.cluster.local",
                RENEW_AT)),
        row(
            "reissues when the certificate carries a name the Service no longer needs",
            Case.reissues(
                secret(threeNames).data(),
                ReissueReason.SAN_MISMATCH,
                "the certificate has unexpected old.ns.svc",
                RENEW_AT)),
        row(
            "reissues when another CA signed the certificate",
            Case.reissues(
                secret(foreign).data(),
                ReissueReason.ISSUER_CHANGED,
                "the certificate was issued by CN=other-ca, not by the current CA CN=certmedic-ca",
                RENEW_AT)),
        row(
            "reissues when a new CA of the same name signs now, as after a CA rotation",
            Case.reissues(
                    secret(LEAF).data(),
                    ReissueReason.ISSUER_CHANGED,
                    "the certificate names the current CA CN=certmedic-ca as its issuer, but its signature does not verify with that CA's key",
                    RENEW_AT)
                .signedNowBy(ROTATED_CA)),
        row(
            "reissues at the very instant the renewal fraction of its life has passed",
            Case.reissues(
                    secret(LEAF).data(),
                    ReissueReason.RENEWAL_DUE,
                    "the certificate fell due for renewal at 2026-07-01T12:00:00Z and expires at 2026-07-31T12:00:00Z",
                    RENEW_AT)
                .at(RENEW_AT)),
        row(
            "reissues an expired certificate, saying when it expired",
            Case.reissues(
                    secret(LEAF).data(),
                    ReissueReason.RENEWAL_DUE,
                    "the certificate expired at 2026-07-31T12:00:00Z",
                    RENEW_AT)
                .at(NOT_AFTER.plusSeconds(1))),
        row(
            "keeps a fresh certificate with every name",
            Case.keeps(
                secret(LEAF).data(),
                "the certificate carries every wanted name, is signed by the current CA and falls due for renewal at 2026-07-01T12:00:00Z",
                RENEW_AT)),
        row(
            "keeps the certificate one second before its renewal time",
            Case.keeps(
                    secret(LEAF).data(),
                    "the certificate carries every wanted name, is signed by the current CA and falls due for renewal at 2026-07-01T12:00:00Z",
                    RENEW_AT)
                .at(RENEW_AT.minusSeconds(1))),
        row(
            "keeps a certificate whose names are wanted in another order, one of them twice",
            Case.keeps(
                    secret(LEAF).data(),
                    "the certificate carries every wanted name, is signed by the current CA and falls due for renewal at 2026-07-01T12:00:00Z",
                    RENEW_AT)
                .wanting("svc.ns.svc.cluster.local", "svc.ns.svc", "svc.ns.svc")),
        row(
            "keeps a certificate served with its CA after it, judging the first certificate as the leaf",
            Case.keeps(
                secret(LEAF)
                    .with("tls.crt", PemWriter.certificates(List.of(LEAF.cert(), CA.cert())))
                    .data(),
                "the certificate carries every wanted name, is signed by the current CA and falls due for renewal at 2026-07-01T12:00:00Z",
                RENEW_AT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    ReissueDecision d =
        ReissueChain.evaluate(c.data(), c.wanted(), c.signer(), TWO_THIRDS, c.now());

    assertThat(d.reason()).isEqualTo(c.reason());
    assertThat(d.message()).isEqualTo(c.message());
    assertThat(d.renewAt()).isEqualTo(c.renewAt());
    assertThat(d.reissue()).isEqualTo(c.reason().isPresent());
    assertThat(d.message()).as("no PEM armour in the message").doesNotContain("-----");
    keyBodyLines(c.data())
        .forEach(
            line ->
                assertThat(d.message()).as("no key material in the message").doesNotContain(line));
  }

  @Test
  void runsEveryCheckOnceInThisOrder() {
    assertThat(ReissueChain.CHAIN.stream().map(c -> c.getClass().getSimpleName()).toList())
        .containsExactly(
            "SecretMissing",
            "SecretIncomplete",
            "CertUnparsable",
            "CertKeyMismatch",
            "SanMismatch",
            "IssuerChanged",
            "RenewalDue");
  }

  @Test
  void eachCheckReportsItsOwnReasonInTheEnumsOrder() {
    assertThat(ReissueChain.CHAIN.stream().map(ReissueCheck::reason).toList())
        .containsExactly(ReissueReason.values());
  }

  @Test
  void eachReasonNamesTheRuleThatDecidesItAndTheDoctorsCodeForTheSameFailure() {
    assertThat(Arrays.stream(ReissueReason.values()).map(ReissueReason::rule).toList())
        .containsExactly(
            Rule.SECRET_PRESENT,
            Rule.SECRET_FIELDS,
            Rule.PARSING,
            Rule.KEY_PAIR_MATCH,
            Rule.SERVING_NAMES,
            Rule.CURRENT_ISSUER,
            Rule.RENEWAL_DUE);
    for (ReissueReason r : ReissueReason.values()) {
      if (!r.rule().codes().isEmpty()) {
        assertThat(r.rule().codes())
            .as("%s reports the failure the doctor calls by the same name", r)
            .contains(FindingCode.valueOf(r.name()));
      }
    }
  }

  @Test
  void rejectsARenewalFractionOutsideZeroToOne() {
    assertThatThrownBy(() -> ReissueChain.evaluate(secret(LEAF).data(), NAMES, CA.cert(), 1.0, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the renewal fraction must be between 0 and 1 (exclusive), got 1.0");
  }

  private static Cert leaf(Cert ca, String... names) {
    return TestPki.leaf(names).signedBy(ca).validity(NOT_BEFORE, NOT_AFTER).build();
  }

  private static Arguments row(String sentence, Case c) {
    return Arguments.of(Named.of(sentence, c));
  }

  /** Every base64 line of tls.key long enough to be key material. */
  private static Stream<String> keyBodyLines(Map<String, byte[]> data) {
    if (data == null || data.get("tls.key") == null) {
      return Stream.empty();
    }
    return new String(data.get("tls.key"), US_ASCII)
        .lines()
        .filter(l -> !l.startsWith("-----") && l.length() >= 16);
  }

  private static SecretData secret(Cert leaf) {
    return new SecretData(new LinkedHashMap<>())
        .with("tls.crt", PemWriter.certificate(leaf.cert()))
        .with("tls.key", PemWriter.privateKey(leaf.key()))
        .with("ca.crt", PemWriter.certificate(CA.cert()));
  }

  /** A serving Secret's data, edited one key at a time. */
  private record SecretData(Map<String, byte[]> data) {
    SecretData with(String key, String value) {
      data.put(key, value.getBytes(US_ASCII));
      return this;
    }

    SecretData without(String key) {
      data.remove(key);
      return this;
    }
  }
}
