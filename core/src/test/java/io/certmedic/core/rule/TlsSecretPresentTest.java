package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.TLS_SECRET_MISSING;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.TLS_SECRET_PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsSecretPresentTest {

  private static final String WHO = "Ingress web/shop (spec.tls[0])";
  private static final TestPki.Cert LEAF = TestPki.leaf("shop.example.com").build();

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a Secret with a certificate and its key passes",
            TlsSecretPresent.named(
                Optional.of(
                    Records.secret("web", "shop-tls")
                        .cert("tls.crt", LEAF)
                        .key("tls.key", LEAF)
                        .build()),
                WHO,
                "web/shop-tls"),
            pass(TLS_SECRET_PRESENT)),
        row(
            "a Secret that does not exist is TLS_SECRET_MISSING",
            TlsSecretPresent.named(Optional.empty(), WHO, "web/shop-tls"),
            fail(
                TLS_SECRET_PRESENT,
                TLS_SECRET_MISSING,
                WHO + " names Secret web/shop-tls, which does not exist")),
        row(
            "a Secret holding no certificate is TLS_SECRET_MISSING",
            TlsSecretPresent.named(
                Optional.of(Records.secret("web", "shop-tls").key("tls.key", LEAF).build()),
                WHO,
                "web/shop-tls"),
            fail(
                TLS_SECRET_PRESENT,
                TLS_SECRET_MISSING,
                WHO + " names Secret web/shop-tls, which holds no certificate in tls.crt")),
        row(
            "a Secret holding a certificate without its key is TLS_SECRET_MISSING",
            TlsSecretPresent.named(
                Optional.of(Records.secret("web", "shop-tls").cert("tls.crt", LEAF).build()),
                WHO,
                "web/shop-tls"),
            fail(
                TLS_SECRET_PRESENT,
                TLS_SECRET_MISSING,
                WHO + " names Secret web/shop-tls, which holds no private key in tls.key")),
        row(
            "a Secret whose certificate does not parse passes here, as parsing reports it",
            TlsSecretPresent.named(
                Optional.of(
                    Records.secret("web", "shop-tls")
                        .field("tls.crt", new DataField.Unparsable("not PEM"))
                        .build()),
                WHO,
                "web/shop-tls"),
            pass(TLS_SECRET_PRESENT)),
        row(
            "a cross-namespace reference with a ReferenceGrant passes",
            TlsSecretPresent.permitted(
                true, "Gateway infra/edge listener https", "certs", "edge-tls", "infra"),
            pass(TLS_SECRET_PRESENT)),
        row(
            "a cross-namespace reference without a ReferenceGrant is TLS_SECRET_MISSING",
            TlsSecretPresent.permitted(
                false, "Gateway infra/edge listener https", "certs", "edge-tls", "infra"),
            fail(
                TLS_SECRET_PRESENT,
                TLS_SECRET_MISSING,
                "Gateway infra/edge listener https refers to Secret certs/edge-tls in another"
                    + " namespace, and no ReferenceGrant in certs lets Gateways of infra use it, so"
                    + " the Gateway must refuse the reference")),
        row(
            "a listener whose ResolvedRefs is True passes",
            TlsSecretPresent.resolved(
                Optional.of(new Condition("ResolvedRefs", "True", "ResolvedRefs", "", null)),
                "Gateway infra/edge listener https"),
            pass(TLS_SECRET_PRESENT)),
        row(
            "a listener without a ResolvedRefs condition passes",
            TlsSecretPresent.resolved(Optional.empty(), "Gateway infra/edge listener https"),
            pass(TLS_SECRET_PRESENT)),
        row(
            "a listener whose ResolvedRefs is False is TLS_SECRET_MISSING quoting its reason and message",
            TlsSecretPresent.resolved(
                Optional.of(
                    new Condition(
                        "ResolvedRefs",
                        "False",
                        "InvalidCertificateRef",
                        "secret infra/edge-tls does not exist",
                        null)),
                "Gateway infra/edge listener https"),
            fail(
                TLS_SECRET_PRESENT,
                TLS_SECRET_MISSING,
                "Gateway infra/edge listener https reports ResolvedRefs=False"
                    + " (InvalidCertificateRef): \"secret infra/edge-tls does not exist\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
