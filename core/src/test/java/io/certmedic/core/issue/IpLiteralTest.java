package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest
  @CsvSource({"10.96.0.10, 10.96.0.10", "127.0.0.1, 127.0.0.1", "fd00::1, fd00:0:0:0:0:0:0:1", "::1, 0:0:0:0:0:0:0:1"})
  void acceptsIpv4AndIpv6Literals(String literal, String hostAddress) {
    assertThat(IpLiteral.parse(literal).getHostAddress()).isEqualTo(hostAddress);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1", "10.0.0", "256.1.1.1", "01.2.3.4", "localhost", "webhook.ns.svc", "", "fe80::1%eth0", "[::1]", "1.2.3.4.5"})
  void refusesWhatIsNotAStrictLiteral(String s) {
    assertThat(IpLiteral.isValid(s)).isFalse();
    assertThatThrownBy(() -> IpLiteral.parse(s)).hasMessage("not an IP address: '" + s + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1", "localhost"})
  void servingCertRequestRefusesABadIpAtOnce(String s) {
    assertThatThrownBy(
            () -> ServingCertRequest.forService("webhook", "tools").withIpAddresses(java.util.List.of(s)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(s);
  }
}
