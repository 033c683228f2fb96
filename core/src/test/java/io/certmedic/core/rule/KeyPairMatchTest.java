package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_KEY_MISMATCH;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.KEY_PAIR_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyPairMatchTest {

  private static final TestPki.Cert CA = TestPki.ca("test-ca").build();
  private static final TestPki.Cert LEAF = TestPki.leaf("svc.ns.svc").signedBy(CA).build();
  private static final TestPki.Cert OTHER = TestPki.leaf("svc.ns.svc").signedBy(CA).build();

  private static ServingSecret pair(TestPki.Cert cert, DataField key) {
    return ServingSecret.of(
            Records.secret("ns", "svc-tls").cert("tls.crt", cert).field("tls.key", key).build())
        .orElseThrow();
  }

  private static PrivateKeyEntry entry(PrivateKey key) {
    byte[] pem = PemWriter.privateKey(key).getBytes(StandardCharsets.US_ASCII);
    try {
      return PemReader.read(pem, "tls.key").keys().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> cases() {
    PrivateKey ed = KeyType.ED25519.generate(new SecureRandom()).getPrivate();
    return Stream.of(
        row(
            "a served tls.key that is its certificate's own passes",
            KeyPairMatch.served(pair(LEAF, Records.key(LEAF)), "ns/svc-tls"),
            pass(KEY_PAIR_MATCH)),
        row(
            "a served tls.key of another certificate is CERT_KEY_MISMATCH naming the Secret",
            KeyPairMatch.served(pair(LEAF, Records.key(OTHER)), "ns/svc-tls"),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "tls.key in Secret ns/svc-tls does not belong to tls.crt: the server cannot"
                    + " complete a TLS handshake with this pair")),
        row(
            "an encrypted key, whose public half is unknown, is not judged",
            KeyPairMatch.served(
                pair(LEAF, new DataField.Key("encrypted private key", null, true)), "ns/svc-tls"),
            pass(KEY_PAIR_MATCH)),
        row(
            "a stored tls.key of another certificate is CERT_KEY_MISMATCH for any server using it",
            KeyPairMatch.stored(pair(LEAF, Records.key(OTHER))),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "tls.key does not belong to tls.crt: a server using this pair cannot complete a TLS"
                    + " handshake")),
        row(
            "an issued Secret whose tls.key is its leaf's passes",
            KeyPairMatch.issued("tls.crt", LEAF.cert(), "tls.key", entry(LEAF.key())),
            pass(KEY_PAIR_MATCH)),
        row(
            "an issued Secret with an Ed25519 key beside an EC certificate is CERT_KEY_MISMATCH naming both key types",
            KeyPairMatch.issued("tls.crt", LEAF.cert(), "tls.key", entry(ed)),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "tls.key (Ed25519) is not the private key of tls.crt (EC P-256)")),
        row(
            "a Route whose inline key is its certificate's passes",
            KeyPairMatch.inline(
                CertInfo.of(LEAF.cert()), Records.key(LEAF), "Route web/shop spec.tls"),
            pass(KEY_PAIR_MATCH)),
        row(
            "a Route whose inline key belongs to another certificate is CERT_KEY_MISMATCH",
            KeyPairMatch.inline(
                CertInfo.of(LEAF.cert()), Records.key(OTHER), "Route web/shop spec.tls"),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "the key of Route web/shop spec.tls does not belong to its certificate: the router"
                    + " cannot complete a TLS handshake with this pair")),
        row(
            "a Route without a key is not judged here",
            KeyPairMatch.inline(
                CertInfo.of(LEAF.cert()), DataField.EMPTY, "Route web/shop spec.tls"),
            pass(KEY_PAIR_MATCH)),
        row(
            "a certificate file with its own key file beside it passes",
            KeyPairMatch.files(
                CertInfo.of(LEAF.cert()),
                Records.key(LEAF),
                "pki/apiserver.crt",
                "pki/apiserver.key"),
            pass(KEY_PAIR_MATCH)),
        row(
            "a certificate file with another certificate's key beside it is CERT_KEY_MISMATCH naming both files",
            KeyPairMatch.files(
                CertInfo.of(LEAF.cert()),
                Records.key(OTHER),
                "pki/apiserver.crt",
                "pki/apiserver.key"),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "pki/apiserver.key does not belong to pki/apiserver.crt: a server or client using"
                    + " this pair cannot complete a TLS handshake")),
        row(
            "a certificate file whose key file could not be read is not judged",
            KeyPairMatch.files(
                CertInfo.of(LEAF.cert()),
                new DataField.Unparsable("no such file"),
                "pki/apiserver.crt",
                "pki/apiserver.key"),
            pass(KEY_PAIR_MATCH)),
        row(
            "sa.pub that is sa.key's public half passes",
            KeyPairMatch.serviceAccount(
                Records.key(LEAF), Records.key(LEAF), "pki/sa.key", "pki/sa.pub"),
            pass(KEY_PAIR_MATCH)),
        row(
            "sa.pub of another key is CERT_KEY_MISMATCH saying every service-account token is refused",
            KeyPairMatch.serviceAccount(
                Records.key(LEAF), Records.key(OTHER), "pki/sa.key", "pki/sa.pub"),
            fail(
                KEY_PAIR_MATCH,
                CERT_KEY_MISMATCH,
                "pki/sa.pub is not the public half of pki/sa.key: the API server rejects every"
                    + " service-account token the controller manager signs (\"Unauthorized\" for"
                    + " every pod that talks to the API)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
