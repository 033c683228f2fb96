package io.certmedic.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({
    "10.0.0.1, 10.0.0.1",
    "::ffff:10.0.0.1, 10.0.0.1",
    "0:0:0:0:0:0:0:1, ::1",
    "::, ::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:DB8::8:800:200C:417A, 2001:db8::8:800:200c:417a",
    "1::, 1::",
    "fe80::1:2, fe80::1:2",
    "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
    "::10.0.0.1, ::a00:1",
  })
  void printsAsGo(String literal, String go) {
    assertThat(IpLiteral.format(IpLiteral.parse(literal))).isEqualTo(go);
  }

  @ParameterizedTest(name = "{0} is not an IP literal")
  @ValueSource(
      strings = {
        "",
        "10.0.0",
        "10.0.0.1.2",
        "10.0.0.256",
        "010.0.0.1",
        "1.2.3.4 ",
        "svc.ns.svc",
        "1:2",
        ":1",
        "1:",
        "1::2::3",
        "12345::",
        "fe80::1%eth0",
        "[::1]",
        "1:2:3:4:5:6:7:8:9",
        "::1.2.3"
      })
  void rejects(String s) {
    assertThat(IpLiteral.parse(s)).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "refuses {0} as an IP to issue for, naming it")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "10.1",
        "10.0.0",
        "256.1.1.1",
        "01.2.3.4",
        "localhost",
        "webhook.ns.svc",
        "",
        "fe80::1%eth0",
        "[::1]",
        "1.2.3.4.5"
      })
  void refusesWhatIsNotAStrictLiteral(String s) {
    org.assertj.core.api.Assertions.assertThat(IpLiteral.isValid(s)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpLiteral.canonical(s))
        .hasMessage("not an IP address: '" + s + "'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                io.certmedic.core.issue.ServingCertRequest.forService("webhook", "tools")
                    .withIpAddresses(java.util.List.of(s)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} is printed as Go prints it: {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "10.96.0.10, 10.96.0.10",
    "fd00:0:0::1, fd00::1",
    "::1, ::1",
    "0:0:0:0:0:0:0:1, ::1"
  })
  void canonicalIsGosForm(String literal, String go) {
    org.assertj.core.api.Assertions.assertThat(IpLiteral.canonical(literal)).isEqualTo(go);
  }
}
