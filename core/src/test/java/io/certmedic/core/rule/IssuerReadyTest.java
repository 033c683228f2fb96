package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.ISSUER_NOT_READY;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.ISSUER_READY;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.IssuerRecord;
import io.certmedic.core.snapshot.Meta;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IssuerReadyTest {

  private static IssuerRecord issuer(Condition... conditions) {
    return new IssuerRecord(
        new Meta(ObjectRef.cluster("ClusterIssuer", "ca"), Map.of(), Map.of(), List.of(), true, ""),
        "ca",
        List.of(conditions));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a Ready ClusterIssuer passes",
            IssuerReady.status(
                issuer(
                    new Condition("Ready", "True", "KeyPairVerified", "Signing CA verified", NOW)),
                NOW),
            pass(ISSUER_READY)),
        row(
            "an Issuer with no conditions, as an install manifest has it, passes",
            IssuerReady.status(issuer(), NOW),
            pass(ISSUER_READY)),
        row(
            "a ClusterIssuer whose CA Secret is gone says the reason, the message and for how long",
            IssuerReady.status(
                issuer(
                    new Condition(
                        "Ready",
                        "False",
                        "ErrGetKeyPair",
                        "Error getting keypair for CA issuer: secrets \"root-ca\" not found",
                        NOW.minus(Duration.ofHours(30)))),
                NOW),
            fail(
                ISSUER_READY,
                ISSUER_NOT_READY,
                "is not Ready (Ready=False, ErrGetKeyPair: \"Error getting keypair for CA issuer:"
                    + " secrets \"root-ca\" not found\") for 30 hours")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
