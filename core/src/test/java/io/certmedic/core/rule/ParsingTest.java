package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_UNPARSABLE;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.PARSING;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParsingTest {

  private static final TestPki.Cert LEAF = TestPki.leaf("svc.ns.svc").build();
  private static final byte[] CERT = PemWriter.certificate(LEAF.cert()).getBytes(US_ASCII);
  private static final byte[] KEY = PemWriter.privateKey(LEAF.key()).getBytes(US_ASCII);

  private static Verdict issued(byte[] cert, byte[] key) {
    return Parsing.issued(Parsing.pair("tls.crt", cert, "tls.key", key));
  }

  static Stream<Arguments> cases() {
    byte[] encrypted =
        TestPki.keyBlock("ENCRYPTED", Base64.getEncoder().encodeToString(new byte[48]))
            .getBytes(US_ASCII);
    return Stream.of(
        row(
            "a field the snapshot parsed passes",
            Parsing.stored(Records.certs(LEAF), "Secret ns/a data[tls.crt]"),
            pass(PARSING)),
        row(
            "a field the snapshot could not parse is CERT_UNPARSABLE with the problem",
            Parsing.stored(
                new DataField.Unparsable("data[tls.crt] is not valid base64"),
                "Secret ns/a data[tls.crt]"),
            fail(
                PARSING,
                CERT_UNPARSABLE,
                "Secret ns/a data[tls.crt] does not parse: data[tls.crt] is not valid base64")),
        row("an issued certificate and key that parse pass", issued(CERT, KEY), pass(PARSING)),
        row(
            "an issued tls.key holding only a certificate is CERT_UNPARSABLE saying so",
            issued(CERT, CERT),
            fail(
                PARSING,
                CERT_UNPARSABLE,
                "tls.key holds no private key: found only a certificate")),
        row(
            "an issued tls.key that is encrypted is CERT_UNPARSABLE: no server can load it",
            issued(CERT, encrypted),
            fail(
                PARSING,
                CERT_UNPARSABLE,
                "tls.key holds an encrypted private key, which no server can load without its"
                    + " passphrase")),
        row(
            "an absent tls.key is not this rule's to report",
            issued(CERT, new byte[0]),
            pass(PARSING)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }

  @Test
  void readsTheLeafAndKeyOnceForTheRulesAfterIt() {
    Parsing.Pair pair = Parsing.pair("tls.crt", CERT, "tls.key", KEY);
    assertThat(pair).isInstanceOf(Parsing.Read.class);
    assertThat(((Parsing.Read) pair).leaf()).isEqualTo(LEAF.cert());
    assertThat(Parsing.pair("tls.crt", null, "tls.key", KEY)).isInstanceOf(Parsing.Absent.class);
  }
}
