package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_WEAK;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.KEY_STRENGTH;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import java.security.KeyPairGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyStrengthTest {

  private static final String WHERE = "the serving certificate in Secret ns/svc-tls (tls.crt)";

  private static CertFacts facts(TestPki.Builder b) {
    return CertFacts.of(b.build().cert());
  }

  static Stream<Arguments> cases() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    CertFacts sha1 = facts(TestPki.leaf("svc.ns.svc").signatureAlgorithm("SHA1withECDSA"));
    return Stream.of(
        row(
            "an ECDSA P-256 key signed with SHA-256 passes",
            KeyStrength.served(facts(TestPki.leaf("svc.ns.svc")), WHERE),
            pass(KEY_STRENGTH)),
        row(
            "a served RSA 1024 key is CERT_WEAK, saying what Go refuses",
            KeyStrength.served(
                facts(TestPki.leaf("svc.ns.svc").keys(rsa.generateKeyPair())), WHERE),
            fail(
                KEY_STRENGTH,
                CERT_WEAK,
                WHERE
                    + " is weak (RSA 1024, SHA256withRSA); Go refuses SHA-1 signatures since 1.18")),
        row(
            "a stored certificate signed with SHA-1 is CERT_WEAK naming its signature",
            KeyStrength.stored(sha1, "Secret ns/old data[tls.crt] (CN=svc.ns.svc)"),
            fail(
                KEY_STRENGTH,
                CERT_WEAK,
                "Secret ns/old data[tls.crt] (CN=svc.ns.svc) is weak: EC P-256, signed with"
                    + " SHA1withECDSA")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
