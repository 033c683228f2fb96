package io.certmedic.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPresentTest {

  @Test
  void aSecretThatDoesNotExistFailsAndAnEmptyOneIsLeftToSecretFields() {
    assertThat(SecretPresent.issued(null))
        .isEqualTo(Verdict.fail(Rule.SECRET_PRESENT, "the Secret does not exist"));
    assertThat(SecretPresent.issued(Map.of())).isEqualTo(Verdict.pass(Rule.SECRET_PRESENT));
  }
}
