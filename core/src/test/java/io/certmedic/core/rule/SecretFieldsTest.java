package io.certmedic.core.rule;

import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.SECRET_FIELDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretFieldsTest {

  private static final List<String> REQUIRED = List.of("tls.crt", "tls.key", "ca.crt");
  private static final byte[] SOME = {1};

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "a Secret with every key, none empty, passes",
            SecretFields.issued(Map.of("tls.crt", SOME, "tls.key", SOME, "ca.crt", SOME), REQUIRED),
            pass(SECRET_FIELDS)),
        row(
            "a Secret that does not exist is SecretPresent's to report",
            SecretFields.issued(null, REQUIRED),
            pass(SECRET_FIELDS)),
        row(
            "a Secret missing two keys names both in order",
            SecretFields.issued(Map.of("tls.key", SOME), REQUIRED),
            fail(SECRET_FIELDS, "the Secret is missing tls.crt and ca.crt")),
        row(
            "a Secret missing one key with another empty says both",
            SecretFields.issued(Map.of("tls.crt", new byte[0], "tls.key", SOME), REQUIRED),
            fail(SECRET_FIELDS, "the Secret is missing ca.crt and has an empty tls.crt")),
        row(
            "a Secret with three empty keys lists them with commas and and",
            SecretFields.issued(
                Map.of("tls.crt", new byte[0], "tls.key", new byte[0], "ca.crt", new byte[0]),
                REQUIRED),
            fail(SECRET_FIELDS, "the Secret has an empty tls.crt, tls.key and ca.crt")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
